package armvmm.cpu.timer;

import armvmm.cp15.CpReg;
import armvmm.cp15.CpState;
import armvmm.irq.IrqLine;
import armvmm.time.MachineClock;

/**
 * The Generic Timer of one vCPU (ARM ARM B8): the system counter derived from the machine clock, and four
 * timers, each holding its PPI high while ISTATUS and not IMASK. A timer arms a
 * {@link MachineClock.DeadlineTimer} for the moment its condition becomes true, so nothing polls.
 *
 * <p>The guest-visible CTL/CVAL values live in the {@link CpState} (so snapshots and KVM sync see them); each
 * channel caches the copy it needs, because the deadline callback runs on the clock's thread. After poking
 * timer registers directly, call {@link #resync()}.
 */
public final class GenericTimer implements CpState.Part {
    /** The system counter frequency: what QEMU gives vexpress, and CNTFRQ's reset value. */
    public static final long COUNTER_HZ = 62_500_000L;
    static final long NANOS_PER_TICK = 1_000_000_000L / COUNTER_HZ;

    /** CNTx_CTL: ENABLE and IMASK are written, ISTATUS is read-only. */
    static final long CTL_ENABLE = 1, CTL_IMASK = 2, CTL_ISTATUS = 4, CTL_WRITABLE = CTL_ENABLE | CTL_IMASK;

    private static final CpState.PartKey<GenericTimer> KEY = new CpState.PartKey<>(GenericTimer::new);

    public enum Channel {
        PHYSICAL_NON_SECURE(30), PHYSICAL_SECURE(29), VIRTUAL(27), HYP(26);

        /** The PPI (GIC interrupt ID) the timer drives. */
        public final int intid;

        Channel(int intid) { this.intid = intid; }
    }

    private final CpState state;
    private final MachineClock clock;
    private final Timer[] timers = new Timer[Channel.values().length];

    private GenericTimer(CpState state) {
        this.state = state;
        this.clock = state.host().clock();
        for (Channel c : Channel.values()) timers[c.ordinal()] = new Timer(c, state.host().timerIrq(c.intid));
    }

    /** The timer of this vCPU (created on first use). */
    public static GenericTimer of(CpState state) { return state.part(KEY); }

    public long physicalCount() { return Math.floorDiv(clock.nanos(), NANOS_PER_TICK); }

    public long virtualCount() { return physicalCount() - state.peek(GenericTimerRegisters.CNTVOFF); }

    /** ISTATUS: enabled and the counter has reached CVAL. */
    public boolean istatus(Channel c) { return timers[c.ordinal()].istatus(); }

    /** The PPI level the timer drives now. */
    public boolean irqLevel(Channel c) { return timers[c.ordinal()].level(); }

    long readTval(Channel c) {
        return (timers[c.ordinal()].cval() - timers[c.ordinal()].count()) & 0xffff_ffffL;
    }

    /** TVAL is a signed 32-bit view of CVAL: CVAL = count + SignExtend(TVAL). */
    void writeTval(Channel c, long tval) {
        long cval = timers[c.ordinal()].count() + (int) tval;
        CpReg reg = switch (c) {
            case VIRTUAL -> GenericTimerRegisters.CNTV_CVAL;
            case HYP -> GenericTimerRegisters.CNTHP_CVAL;
            case PHYSICAL_SECURE, PHYSICAL_NON_SECURE -> GenericTimerRegisters.CNTP_CVAL;
        };
        state.poke(reg, physicalBank(c), cval);
        update(c);
    }

    /** Re-reads the channel's registers from the state, re-arms its deadline and sets its PPI. */
    void update(Channel c) {
        boolean bank = physicalBank(c);
        long ctl, cval;
        switch (c) {
            case VIRTUAL -> {
                ctl = state.peek(GenericTimerRegisters.CNTV_CTL);
                cval = state.peek(GenericTimerRegisters.CNTV_CVAL);
            }
            case HYP -> {
                ctl = state.peek(GenericTimerRegisters.CNTHP_CTL);
                cval = state.peek(GenericTimerRegisters.CNTHP_CVAL);
            }
            default -> {
                ctl = state.peek(GenericTimerRegisters.CNTP_CTL, bank);
                cval = state.peek(GenericTimerRegisters.CNTP_CVAL, bank);
            }
        }
        long offset = c == Channel.VIRTUAL ? state.peek(GenericTimerRegisters.CNTVOFF) : 0;
        timers[c.ordinal()].configure(ctl, cval, offset);
    }

    /** After registers were poked (snapshot restore, KVM sync): every channel follows the state again. */
    public void resync() {
        for (Channel c : Channel.values()) update(c);
    }

    private static boolean physicalBank(Channel c) { return c == Channel.PHYSICAL_SECURE; }

    @Override
    public void restored() { resync(); }

    @Override
    public void reset() {
        for (Timer t : timers) t.configure(0, 0, 0);
    }

    /** One timer; synchronized because the deadline fires on the clock's thread. */
    private final class Timer {
        private final IrqLine irq;
        private final MachineClock.DeadlineTimer deadline;
        private long ctl, cval, offset;

        Timer(Channel c, IrqLine irq) {
            this.irq = irq;
            this.deadline = clock.newTimer("cpu" + state.host().cpuIndex() + "-" + c.name().toLowerCase(), this::evaluate);
        }

        /** This timer's counter: the virtual one subtracts CNTVOFF. */
        synchronized long count() { return physicalCount() - offset; }

        synchronized long cval() { return cval; }

        synchronized void configure(long ctl, long cval, long offset) {
            this.ctl = ctl;
            this.cval = cval;
            this.offset = offset;
            evaluate();
        }

        synchronized boolean istatus() {
            return (ctl & CTL_ENABLE) != 0 && Long.compareUnsigned(count(), cval) >= 0;
        }

        synchronized boolean level() { return istatus() && (ctl & CTL_IMASK) == 0; }

        /** Sets the PPI from the condition, and arms the deadline when the condition is still to come. */
        synchronized void evaluate() {
            // One sample of the counter decides both the line and the deadline: sampled twice, a CVAL
            // reached between the samples left the line low and no deadline armed (a lost tick).
            boolean enabled = (ctl & CTL_ENABLE) != 0;
            boolean reached = enabled && Long.compareUnsigned(count(), cval) >= 0;
            irq.set(reached && (ctl & CTL_IMASK) == 0);
            deadline.cancel();
            if (!enabled || reached) return;
            // The physical count at which CVAL is reached; beyond the range of the clock it never comes.
            long target = cval + offset;
            if (target < 0 || target > Long.MAX_VALUE / NANOS_PER_TICK) return;
            deadline.setDeadline(target * NANOS_PER_TICK);
        }
    }
}
