package armvmm.cp15;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coprocessor registers of one machine: the CPU model's set plus the board's additions, each encoding
 * defined once. Immutable once built and shared by every vCPU; per-vCPU values live in {@link CpState}.
 * Lookup by encoding key is one hash and (almost always) one probe of an open-addressing table, cheap enough
 * for the translator to resolve every MRC/MCR at translate time.
 */
public final class CpRegistry {
    private static final Logger log = LoggerFactory.getLogger(CpRegistry.class);

    /** Key bit of the MRRC/MCRR (64-bit) form. */
    static final int WIDE = 1 << 20;

    private final List<CpReg> registers;
    private final Trap trap;
    private final CpReg[] table;
    /** The key of each table entry, beside it so a probe compares ints (-1: empty). */
    private final int[] keys;
    private final int[] slots;
    private final int shift;
    private final int slotCount;
    private final Set<Integer> reportedUnknown = ConcurrentHashMap.newKeySet();

    /**
     * The key of an MRC/MCR encoding, readable in hex: {@code key(15, 0, 1, 0, 0) == 0xf0100} (SCTLR). The
     * fields are the instruction's bit fields, so they are in range by construction.
     */
    public static int key(int cp, int opc1, int crn, int crm, int opc2) {
        return (cp & 0xf) << 16 | (opc1 & 0x7) << 12 | (crn & 0xf) << 8 | (crm & 0xf) << 4 | (opc2 & 0x7);
    }

    /** The key of an MRRC/MCRR encoding: {@code key64(15, 0, 2) == 0x1f0020} (64-bit TTBR0). */
    public static int key64(int cp, int opc1, int crm) {
        return WIDE | (cp & 0xf) << 16 | (opc1 & 0xf) << 12 | (crm & 0xf) << 4;
    }

    private CpRegistry(List<CpReg> registers, Trap trap) {
        this.registers = Collections.unmodifiableList(new ArrayList<>(registers));
        this.trap = trap;
        int bits = 4;
        while ((1 << bits) < registers.size() * 4) bits++;
        this.shift = 32 - bits;
        this.table = new CpReg[1 << bits];
        this.keys = new int[1 << bits];
        java.util.Arrays.fill(keys, -1);
        this.slots = new int[1 << bits];
        int next = 0;
        for (CpReg r : registers) {
            int i = probe(r.key());
            table[i] = r;
            keys[i] = r.key();
            if (r.hasStorage()) {
                slots[i] = next;
                next += r.banked() ? 2 : 1;
            } else {
                slots[i] = -1;
            }
        }
        for (int i = 0; i < table.length; i++)
            if (table[i] != null && table[i].lowHalfOf() != null) slots[i] = slotOf(table[i].lowHalfOf());
        this.slotCount = next;
    }

    /** The table index holding {@code key}, or the empty index where it would go. */
    private int probe(int key) {
        int i = (key * 0x9E3779B9) >>> shift;
        while (keys[i] != key && keys[i] != -1) i = (i + 1) & (keys.length - 1);
        return i;
    }

    /** The register at this encoding key, or null when the registry does not know it. */
    public CpReg lookup(int key) { return table[probe(key)]; }

    /** Every register, in registration order (the CPU set, then the board's). */
    public List<CpReg> registers() { return registers; }

    /** A fresh per-vCPU state at its reset values. */
    public CpState newState(CpHost host) { return new CpState(this, host); }

    /** Storage slots a {@link CpState} needs (banked registers take two). */
    int slotCount() { return slotCount; }

    /** The first storage slot of {@code r} (its Non-secure copy when banked; the Secure copy is the next). */
    int slotOf(CpReg r) {
        int i = probe(r.key());
        if (table[i] != r) throw new IllegalArgumentException(r + " is not a register of this registry");
        return slots[i];
    }

    Trap trap() { return trap; }

    /**
     * A guest touched an encoding the registry does not know: logged at warn once per encoding, with the raw
     * fields, so a user sees what a guest probes. Returns whether this was the first report.
     */
    public boolean reportUnknown(int key, boolean write) {
        if (!reportedUnknown.add(key)) return false;
        CpEncoding e = CpEncoding.ofKey(key);
        if (e.wide()) log.warn("guest accessed an unknown coprocessor register: {} (cp={} opc1={} CRm={})", e.instruction(write), e.cp(),
                e.opc1(), e.crm());
        else log.warn("guest accessed an unknown coprocessor register: {} (cp={} opc1={} CRn={} CRm={} opc2={})", e.instruction(write),
                e.cp(), e.opc1(), e.crn(), e.crm(), e.opc2());
        return true;
    }

    public static Builder builder() { return new Builder(); }

    /**
     * A CPU-wide rule that applies to every encoding before the register's own rights, known or not: the
     * Hyp traps of HSTR, which catch even encodings nothing implements. Returns null for no effect, or the
     * outcome (HYP_TRAP, UNDEFINED, or OK to grant an access the static rights do not describe).
     */
    @FunctionalInterface
    public interface Trap {
        /** {@code reg} is null for an encoding the registry does not know. Not called for PL0 accesses that are UNDEFINED anyway. */
        CpAccess check(CpState state, CpEncoding encoding, CpReg reg, boolean write, int pl, boolean secure);
    }

    public static final class Builder {
        private final List<CpReg> registers = new ArrayList<>();
        private final java.util.Map<Integer, CpReg> byKey = new java.util.HashMap<>();
        private Trap trap;

        /** Adds one definition; a second definition for an encoding already present is an error naming both. */
        public Builder add(CpReg r) {
            CpReg old = byKey.putIfAbsent(r.key(), r);
            if (old != null)
                throw new IllegalArgumentException("coprocessor encoding " + r.encoding() + " defined twice: " + old.name() + " and " + r.name());
            registers.add(r);
            return this;
        }

        public Builder addAll(List<CpReg> rs) {
            rs.forEach(this::add);
            return this;
        }

        /** The CPU's check that applies to every encoding, known or not (see {@link Trap}). */
        public Builder trap(Trap hook) {
            this.trap = hook;
            return this;
        }

        public CpRegistry build() {
            for (CpReg r : registers)
                if (r.lowHalfOf() != null && byKey.get(r.lowHalfOf().key()) != r.lowHalfOf())
                    throw new IllegalArgumentException(r.name() + " " + r.encoding() + " is a view of " + r.lowHalfOf() + ", which is not in the registry");
            return new CpRegistry(registers, trap);
        }
    }
}
