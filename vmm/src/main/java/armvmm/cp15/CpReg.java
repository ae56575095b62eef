package armvmm.cp15;

import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * One coprocessor register (or operation), declared once: the TCG translator, the KVM accelerator's state
 * sync, traces and snapshots all use this declaration. Build with {@link #cp15} / {@link #cp15x64} and the
 * {@link Builder}.
 *
 * @param name        the ARM ARM name (SCTLR, TTBR0, TLBIMVA)
 * @param encoding    the MRC/MCR or MRRC/MCRR encoding
 * @param kind        how reads and writes behave
 * @param banked      separate Secure and Non-secure copies, chosen by {@link CpState#setSecure}
 * @param resetValue  the value at reset (unless {@code resetFrom} computes it per vCPU)
 * @param resetFrom   per-vCPU reset value (MPIDR from the CPU index), or null
 * @param writeMask   the bits a write changes; the others keep their value (RES0/RES1, read-only fields)
 * @param rights      the most a privilege level may do; {@code accessHook} may restrict it further
 * @param accessHook  rights that depend on control bits (CNTKCTL gating PL0 counter reads), or null
 * @param readHook    computes the value read (counters, CCSIDR by CSSELR), or null to read the storage
 * @param writeHook   runs instead of the plain store (side effects, operations), or null
 * @param lowHalfOf   for a 32-bit MRC/MCR view of a 64-bit register (TTBR0, PAR with LPAE): that register; the
 *                    view reads and writes its bits[31:0] and has no storage of its own
 * @param aarch64     the AArch64 register holding this state on an arm64 host, or null
 */
public record CpReg(String name, CpEncoding encoding, Kind kind, boolean banked, long resetValue,
                    ToLongFunction<CpHost> resetFrom, long writeMask, CpRights rights, AccessHook accessHook,
                    ReadHook readHook, WriteHook writeHook, CpReg lowHalfOf, Aarch64Alias aarch64) {

    public enum Kind {
        /** An identification value: writes (where rights allow them at all) are ignored. */
        CONSTANT,
        /** Plain state: reads return what was written (through the write mask). */
        STATE,
        /** State whose writes (or reads) have an effect on the CPU: a hook runs. */
        STATE_WITH_SIDE_EFFECTS,
        /**
         * No state: a write performs an operation (TLB, cache, barrier, address translation), or a read does (a
         * GIC's acknowledge, ICC_IAR1), so that nothing but the guest may access it: debuggers and snapshots
         * leave operations out.
         */
        OPERATION
    }

    /** Rights that depend on the state of control registers. Returns null to keep the static {@link #rights}. */
    @FunctionalInterface
    public interface AccessHook {
        CpAccess check(CpState state, CpReg reg, boolean write, int pl, boolean secure);
    }

    @FunctionalInterface
    public interface ReadHook {
        long read(CpState state, CpReg reg);
    }

    /** Runs instead of the plain store; {@link CpState#store} does the plain store when the hook wants it. */
    @FunctionalInterface
    public interface WriteHook {
        void written(CpState state, CpReg reg, long value);
    }

    public CpReg {
        Objects.requireNonNull(name);
        Objects.requireNonNull(encoding);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(rights);
        if (kind == Kind.OPERATION && writeHook == null && readHook == null)
            throw new IllegalArgumentException(name + ": an operation needs a write or a read hook");
        if (lowHalfOf != null && (encoding.wide() || lowHalfOf.width() != 64 || lowHalfOf.banked() != banked))
            throw new IllegalArgumentException(name + ": a 32-bit view needs a 64-bit register of the same banking");
    }

    /** 32 or 64. */
    public int width() { return encoding.width(); }

    public int key() { return encoding.key(); }

    /** Whether the register has storage of its own (in one or, when banked, two slots of {@link CpState}). */
    public boolean hasStorage() { return kind != Kind.OPERATION && lowHalfOf == null; }

    public static Builder cp15(String name, int opc1, int crn, int crm, int opc2) {
        return new Builder(name, CpEncoding.of(15, opc1, crn, crm, opc2));
    }

    public static Builder cp15x64(String name, int opc1, int crm) {
        return new Builder(name, CpEncoding.of64(15, opc1, crm));
    }

    public static Builder cp14(String name, int opc1, int crn, int crm, int opc2) {
        return new Builder(name, CpEncoding.of(14, opc1, crn, crm, opc2));
    }

    public static Builder builder(String name, CpEncoding encoding) { return new Builder(name, encoding); }

    @Override
    public String toString() { return name + " " + encoding; }

    public static final class Builder {
        private final String name;
        private final CpEncoding encoding;
        private Kind kind = Kind.STATE;
        private boolean banked;
        private long resetValue;
        private ToLongFunction<CpHost> resetFrom;
        private long writeMask;
        /** Null until set: then the kind's default (constants "PL1 RO", operations "PL1 WO", the rest "PL1 RW"). */
        private CpRights rights;
        private AccessHook accessHook;
        private ReadHook readHook;
        private WriteHook writeHook;
        private CpReg lowHalfOf;
        private Aarch64Alias aarch64;

        private Builder(String name, CpEncoding encoding) {
            this.name = name;
            this.encoding = encoding;
            this.writeMask = encoding.wide() ? -1L : 0xffff_ffffL;
        }

        /** Access rights as the ARM ARM states them, see {@link CpRights#parse}; in any order with the other calls. */
        public Builder rights(String spec) {
            this.rights = CpRights.parse(spec);
            return this;
        }

        public Builder reset(long value) {
            this.resetValue = value;
            return this;
        }

        public Builder resetFrom(ToLongFunction<CpHost> f) {
            this.resetFrom = f;
            return this;
        }

        /** A read-only identification value; rights default to "PL1 RO". */
        public Builder constant(long value) {
            this.kind = Kind.CONSTANT;
            this.resetValue = value;
            return this;
        }

        public Builder banked() {
            this.banked = true;
            return this;
        }

        public Builder writeMask(long mask) {
            this.writeMask = mask;
            return this;
        }

        public Builder access(AccessHook hook) {
            this.accessHook = hook;
            return this;
        }

        public Builder onRead(ReadHook hook) {
            this.readHook = hook;
            if (kind == Kind.STATE) kind = Kind.STATE_WITH_SIDE_EFFECTS;
            return this;
        }

        /** State with a side effect on write: the hook stores (via {@link CpState#store}) and acts. */
        public Builder onWrite(WriteHook hook) {
            this.writeHook = hook;
            if (kind == Kind.STATE) kind = Kind.STATE_WITH_SIDE_EFFECTS;
            return this;
        }

        /** An operation: no state, the hook runs on write; rights default to "PL1 WO". */
        public Builder operation(WriteHook hook) {
            this.kind = Kind.OPERATION;
            this.writeHook = hook;
            return this;
        }

        /** An operation performed by a read, which returns the hook's value (ICC_IAR1: acknowledge); give its rights ("PL1 RO"). */
        public Builder readOperation(ReadHook hook) {
            this.kind = Kind.OPERATION;
            this.readHook = hook;
            return this;
        }

        /** This 32-bit encoding reads and writes bits[31:0] of the 64-bit {@code wide} register (same rights, same banking). */
        public Builder lowHalfOf(CpReg wide) {
            this.lowHalfOf = wide;
            this.banked = wide.banked();
            return this;
        }

        public Builder aarch64(String name, int op0, int op1, int crn, int crm, int op2) {
            this.aarch64 = new Aarch64Alias(name, op0, op1, crn, crm, op2, 0);
            return this;
        }

        /** The state lives in bits[63:32] of the AArch64 register (IFAR in FAR_EL1, MAIR1 in MAIR_EL1). */
        public Builder aarch64High(String name, int op0, int op1, int crn, int crm, int op2) {
            this.aarch64 = new Aarch64Alias(name, op0, op1, crn, crm, op2, 32);
            return this;
        }

        public CpReg build() {
            CpRights r = rights != null ? rights : lowHalfOf != null ? lowHalfOf.rights() : CpRights.parse(switch (kind) {
                case CONSTANT -> "PL1 RO";
                case OPERATION -> "PL1 WO";
                case STATE, STATE_WITH_SIDE_EFFECTS -> "PL1 RW";
            });
            return new CpReg(name, encoding, kind, banked, resetValue, resetFrom, writeMask, r, accessHook, readHook,
                    writeHook, lowHalfOf, aarch64);
        }
    }
}
