package armvmm.cp15;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The coprocessor register values of one vCPU, and the one place where an access is checked and performed.
 * Used by that vCPU's thread only (a paused vCPU's state may be read by the machine thread for snapshots and
 * KVM sync).
 *
 * <p>A CPU's MRC/MCR goes: {@link CpRegistry#lookup} (null: {@link #checkUnknown} and
 * {@link CpRegistry#reportUnknown}), {@link #check} with the current PL and security state, then {@link #read}
 * or {@link #write}. Rights depend on control registers (HSTR, CNTKCTL, PMUSERENR, NSACR, SCR), so a
 * translator that resolves an access at translate time still calls {@link #check} when it executes.
 * {@link #setSecure} chooses the banked copy: the CPU sets it to "Secure and not (Monitor mode with SCR.NS=1)".
 */
public final class CpState {
    private static final long LOW32 = 0xffff_ffffL;

    private final CpRegistry registry;
    private final CpHost host;
    private final long[] values;
    private Part[] parts = new Part[0];
    private boolean secure;
    /** The CPU's privilege level and security state, as it last reported them ({@link #executionStateChanged}). */
    private int executionPl = 1;
    private boolean executionSecure = true;

    CpState(CpRegistry registry, CpHost host) {
        this.registry = registry;
        this.host = host;
        this.values = new long[registry.slotCount()];
        reset();
    }

    public CpRegistry registry() { return registry; }

    public CpHost host() { return host; }

    /**
     * May this access go ahead? {@code pl} is the current privilege level (0 user, 1 kernel and Monitor, 2 Hyp),
     * {@code secure} the current security state. At PL0 an access the rights or the register's access hook
     * make UNDEFINED is UNDEFINED before any trap; at PL1 and PL2 the registry's trap (HSTR) comes first,
     * then the rights, then the access hook (ARM ARM B1.14.5 on HSTR).
     */
    public CpAccess check(CpReg r, boolean write, int pl, boolean secure) {
        boolean allowed = r.rights().allows(write, pl, secure);
        CpRegistry.Trap trap = registry.trap();
        if (pl == 0) {
            if (!allowed) return CpAccess.UNDEFINED;
            CpAccess h = r.accessHook() == null ? null : r.accessHook().check(this, r, write, pl, secure);
            if (h == CpAccess.UNDEFINED) return h;
            CpAccess t = trap == null ? null : trap.check(this, r.encoding(), r, write, pl, secure);
            return t != null ? t : h != null ? h : CpAccess.OK;
        }
        CpAccess t = trap == null ? null : trap.check(this, r.encoding(), r, write, pl, secure);
        if (t != null) return t;
        if (!allowed) return CpAccess.UNDEFINED;
        CpAccess h = r.accessHook() == null ? null : r.accessHook().check(this, r, write, pl, secure);
        return h != null ? h : CpAccess.OK;
    }

    /**
     * The outcome of an access to an encoding the registry does not know ({@link CpRegistry#lookup} gave
     * null): UNDEFINED, unless the trap takes it to Hyp mode first (HSTR traps every Non-secure PL1 access
     * with its CRn, implemented or not).
     */
    public CpAccess checkUnknown(int key, boolean write, int pl, boolean secure) {
        CpRegistry.Trap trap = registry.trap();
        if (pl == 0 || trap == null) return CpAccess.UNDEFINED;
        CpAccess t = trap.check(this, CpEncoding.ofKey(key), null, write, pl, secure);
        return t == CpAccess.HYP_TRAP ? t : CpAccess.UNDEFINED;
    }

    /** Reads the register as the guest sees it (read hooks run); the caller has checked the access. */
    public long read(CpReg r) {
        if (r.lowHalfOf() != null) return read(r.lowHalfOf()) & LOW32;
        if (r.readHook() != null) return r.readHook().read(this, r);
        return values[slot(r, secure)];
    }

    /** Writes the register as the guest does (write hooks run, constants ignore it); the caller has checked the access. */
    public void write(CpReg r, long value) {
        CpReg wide = r.lowHalfOf();
        if (wide != null) {
            write(wide, (peek(wide) & ~LOW32) | (value & LOW32));
            return;
        }
        if (r.kind() == CpReg.Kind.CONSTANT) return;
        if (r.writeHook() != null) r.writeHook().written(this, r, value);
        else if (r.hasStorage()) store(r, value);
    }

    /** The plain store a write hook may build on: the write-mask bits from {@code value}, the others kept. */
    public void store(CpReg r, long value) {
        int s = slot(r, secure);
        values[s] = (values[s] & ~r.writeMask()) | (value & r.writeMask());
    }

    /** The raw storage of the current bank (no hooks): for the MMU, snapshots and KVM sync. */
    public long peek(CpReg r) { return peek(r, secure); }

    /** The raw storage of the given bank (the same for an unbanked register). */
    public long peek(CpReg r, boolean secureBank) {
        if (r.lowHalfOf() != null) return peek(r.lowHalfOf(), secureBank) & LOW32;
        return values[slot(r, secureBank)];
    }

    /** Sets the raw storage of the current bank (no hooks, no write mask). */
    public void poke(CpReg r, long value) { poke(r, secure, value); }

    public void poke(CpReg r, boolean secureBank, long value) {
        CpReg wide = r.lowHalfOf();
        if (wide != null) poke(wide, secureBank, (peek(wide, secureBank) & ~LOW32) | (value & LOW32));
        else values[slot(r, secureBank)] = value;
    }

    /** Chooses which copy of a banked register {@link #read}, {@link #write}, {@link #peek} and {@link #poke} use. */
    public void setSecure(boolean secureBank) { this.secure = secureBank; }

    public boolean secure() { return secure; }

    /**
     * The CPU's privilege level (0, 1, 2) and security state after a mode change or an SCR write, for what
     * runs between accesses and depends on them (the cycle counter's PMCCFILTR): each part first brings
     * itself up to date under the old state. A no-op when neither changed.
     */
    public void executionStateChanged(int pl, boolean secureState) {
        if (pl == executionPl && secureState == executionSecure) return;
        for (Part p : parts) if (p != null) p.executionStateChanging();
        executionPl = pl;
        executionSecure = secureState;
    }

    public int executionPl() { return executionPl; }

    public boolean executionSecure() { return executionSecure; }

    /** Every register back to its reset value (both banks), every part reset; the CPU is in Secure SVC mode again. */
    public void reset() {
        executionPl = 1;
        executionSecure = true;
        for (CpReg r : registry.registers()) {
            if (!r.hasStorage()) continue;
            long v = r.resetFrom() != null ? r.resetFrom().applyAsLong(host) : r.resetValue();
            int s = registry.slotOf(r);
            values[s] = v;
            if (r.banked()) values[s + 1] = v;
        }
        for (Part p : parts) if (p != null) p.reset();
    }

    /**
     * Every stored value (both banks), in slot order, for a snapshot. The layout is the registry's: restore
     * into a state of the same registry only.
     */
    public long[] saveValues() { return values.clone(); }

    /** Puts back what {@link #saveValues} gave (no hooks run), then lets every part catch up (the timers re-arm). */
    public void restoreValues(long[] saved) {
        if (saved.length != values.length)
            throw new IllegalArgumentException("a snapshot of " + saved.length + " values does not fit this registry's " + values.length);
        System.arraycopy(saved, 0, values, 0, values.length);
        for (Part p : parts) if (p != null) p.restored();
    }

    /**
     * Before the values are read wholesale (a snapshot, a debugger): every part that runs between accesses
     * (the cycle counter) writes what it is now into its registers.
     */
    public void settle() {
        for (Part p : parts) if (p != null) p.settle();
    }

    /** After values were poked one by one (a snapshot restored by register name): every part catches up. */
    public void restored() {
        for (Part p : parts) if (p != null) p.restored();
    }

    private int slot(CpReg r, boolean secureBank) {
        int s = registry.slotOf(r);
        if (s < 0) throw new IllegalArgumentException(r + " is an operation: it has no value");
        return r.banked() && secureBank ? s + 1 : s;
    }

    /** Per-vCPU machinery that registers' hooks share (the generic timer): created on first use, reset with the state. */
    public interface Part {
        void reset();

        /** After values were put back from a snapshot (or synced from KVM): re-read what the part caches. */
        void restored();

        /** Stores the part's current values in its registers, for {@link CpState#settle}. */
        default void settle() {}

        /** Before {@link CpState#executionStateChanged} takes effect: account for the time under the old state. */
        default void executionStateChanging() {}
    }

    /** Names one kind of {@link Part}; create one per kind as a static constant. */
    public static final class PartKey<T extends Part> {
        private static final AtomicInteger NEXT = new AtomicInteger();
        private final int index = NEXT.getAndIncrement();
        private final Function<CpState, T> factory;

        public PartKey(Function<CpState, T> factory) { this.factory = factory; }
    }

    @SuppressWarnings("unchecked")
    public <T extends Part> T part(PartKey<T> key) {
        if (key.index >= parts.length) parts = Arrays.copyOf(parts, key.index + 1);
        Part p = parts[key.index];
        if (p == null) {
            p = key.factory.apply(this);
            parts[key.index] = p;
        }
        return (T) p;
    }
}
