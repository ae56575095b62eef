package armvmm.cpu.cortexa15;

import armvmm.cp15.CpReg;
import armvmm.cp15.CpState;
import armvmm.time.MachineClock;

/**
 * The PMUv2 cycle counter PMCCNTR of one vCPU (ARM ARM B4.1.113 PMCCNTR, B4.1.117 PMCR, B4.1.116
 * PMCNTENSET, B4.1.120 PMOVSR). It counts while PMCR.E and PMCNTENSET.C are both set, once per cycle or,
 * with PMCR.D, once per 64 cycles; it is 32 bits wide (PMCR.LC arrived with PMUv3), and its wrap sets
 * PMOVSR.C.
 *
 * <p>A cycle is a nanosecond of the machine clock, a 1 GHz core, which is what QEMU's TCG gives a guest
 * without icount (its cycle count is the virtual clock at ARM_CPU_FREQ, 1 GHz). The vCPU's retired-instruction
 * count was the other candidate, but the interpreter adds a block's instructions only when the block (or,
 * for JVM code, a whole loop of them) is done, so two reads in one block would see one value: a counter
 * that stands still while the CPU runs, which kvm-unit-tests' back-to-back reads catch and no guest
 * expects. The clock also keeps the translator untouched: nothing counts per instruction, the value is
 * computed when a PMU register is accessed (an MRC/MCR is a call-out anyway).
 *
 * <p>The count lives in the PMCCNTR storage, true as of the clock time {@link #syncedAt}; every access that
 * reads the count or changes whether or how it counts first brings it up to date ({@link #sync}), and
 * {@link #settle} does the same for a snapshot or a debugger. PMCCFILTR (PMXEVTYPER with PMSELR.SEL 31)
 * stops counting in the modes it filters out: the CPU reports each change of privilege level or security
 * state ({@link CpState#executionStateChanged}, on a mode change or an SCR write, never per instruction),
 * and the count is brought up to date under the old state first. PMINTENSET.C is kept
 * too, but no overflow interrupt is raised: QEMU 7.2's virt board gives a 32-bit CPU an empty pmu node (no
 * compatible, no interrupt), so no guest of the virt board looks for one.
 */
public final class CycleCounter implements CpState.Part {
    /** PMCR bits (B4.1.117): enable, event counter reset, cycle counter reset, the divide-by-64. */
    static final long PMCR_E = 1, PMCR_P = 1 << 1, PMCR_C = 1 << 2, PMCR_D = 1 << 3;
    /** The cycle counter's bit in PMCNTENSET/CLR, PMOVSR/PMOVSSET and PMINTENSET/CLR. */
    static final long C = 1L << 31;
    /** PMSELR.SEL 31: PMXEVTYPER is the cycle counter's filter, PMCCFILTR (PMUv2). */
    static final long SEL_CYCLE_COUNTER = 31;
    private static final long COUNTER_MASK = 0xffff_ffffL;
    private static final int DIVIDER_SHIFT = 6;

    private static final CpState.PartKey<CycleCounter> KEY = new CpState.PartKey<>(CycleCounter::new);

    private final CpState state;
    private final MachineClock clock;
    /** The clock time (ns, that is cycles) up to which the stored count is true. */
    private long syncedAt;
    /** Cycles counted towards the next increment while PMCR.D divides by 64. */
    private long divided;

    private CycleCounter(CpState state) {
        this.state = state;
        this.clock = state.host().clock();
        this.syncedAt = clock.nanos();
    }

    /** The cycle counter of this vCPU (created on first use). */
    static CycleCounter of(CpState state) { return state.part(KEY); }

    /**
     * PMCCFILTR bits (PMUv2 PMXEVTYPER31, B4.1.118): P and U keep the counter from counting at PL1 and PL0;
     * in Non-secure state it counts at PL1 (PL0) only where NSK (NSU) equals P (U); NSH lets Hyp mode count.
     */
    static final long FILTER_P = 1L << 31, FILTER_U = 1L << 30, FILTER_NSK = 1L << 29, FILTER_NSU = 1L << 28, FILTER_NSH = 1L << 27;

    private boolean counting() {
        return (state.peek(CortexA15.PMCR) & PMCR_E) != 0 && (state.peek(CortexA15.PMCNTENSET) & C) != 0 && !filtered();
    }

    private boolean filtered() {
        long f = state.peek(CortexA15.PMXEVTYPER);
        if (f == 0) return false;
        boolean secure = state.executionSecure();
        return switch (state.executionPl()) {
            case 0 -> secure ? bit(f, FILTER_U) : bit(f, FILTER_U) != bit(f, FILTER_NSU);
            case 1 -> secure ? bit(f, FILTER_P) : bit(f, FILTER_P) != bit(f, FILTER_NSK);
            default -> !bit(f, FILTER_NSH);
        };
    }

    private static boolean bit(long v, long b) { return (v & b) != 0; }

    @Override
    public void executionStateChanging() { sync(); }

    /** Adds the cycles since the last sync to PMCCNTR (if it counts), noting a wrap in PMOVSR.C. */
    void sync() {
        long now = clock.nanos();
        long cycles = now - syncedAt;
        syncedAt = now;
        if (!counting() || cycles <= 0) return;
        long increments = cycles;
        if ((state.peek(CortexA15.PMCR) & PMCR_D) != 0) {
            long total = divided + cycles;
            increments = total >>> DIVIDER_SHIFT;
            divided = total & ((1 << DIVIDER_SHIFT) - 1);
        }
        long value = state.peek(CortexA15.PMCCNTR) + increments;
        if (value > COUNTER_MASK) state.poke(CortexA15.PMOVSR, state.peek(CortexA15.PMOVSR) | C);
        state.poke(CortexA15.PMCCNTR, value & COUNTER_MASK);
    }

    @Override
    public void settle() { sync(); }

    /** Counting resumes from the restored PMCCNTR at the restored clock's time. */
    @Override
    public void restored() {
        syncedAt = clock.nanos();
        divided = 0;
    }

    @Override
    public void reset() { restored(); }

    // ---- the register hooks (CortexA15's c9 entries)

    static long readCount(CpState s, CpReg r) {
        of(s).sync();
        return s.peek(r);
    }

    static void writeCount(CpState s, CpReg r, long v) {
        CycleCounter c = of(s);
        c.sync();
        c.divided = 0;
        s.poke(r, v & COUNTER_MASK);
    }

    /** A PMU register whose write changes whether or how the counter counts: count up to now under the old value. */
    static void writeControl(CpState s, CpReg r, long v, CpReg.WriteHook then) {
        of(s).sync();
        then.written(s, r, v);
    }

    /** PMCR.C resets the count (and the divider's progress); P would reset the event counters, of which there are none. */
    static void writePmcr(CpState s, CpReg r, long v) {
        CycleCounter c = of(s);
        c.sync();
        s.store(r, v);
        if ((v & PMCR_C) != 0) {
            s.poke(CortexA15.PMCCNTR, 0);
            c.divided = 0;
        }
    }

    /** PMOVSR and its PMOVSSET view: a wrap up to now is visible. */
    static long readOverflow(CpState s, CpReg r) {
        of(s).sync();
        return s.peek(CortexA15.PMOVSR);
    }

    /** With PMCR.N = 0 the only counter PMSELR can select is the cycle counter; other selections are RAZ/WI. */
    static long readEventType(CpState s, CpReg r) {
        return s.peek(CortexA15.PMSELR) == SEL_CYCLE_COUNTER ? s.peek(r) : 0;
    }

    static void writeEventType(CpState s, CpReg r, long v) {
        if (s.peek(CortexA15.PMSELR) != SEL_CYCLE_COUNTER) return;
        of(s).sync();
        s.store(r, v);
    }
}
