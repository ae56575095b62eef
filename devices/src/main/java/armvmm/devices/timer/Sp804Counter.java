package armvmm.devices.timer;

import armvmm.time.MachineClock;

/**
 * One of the SP804's two down-counters (SP804 TRM, DDI 0271, 2.2). The count is not ticked: it is derived
 * from the machine clock since the counter last started, and a deadline timer is armed for the next time
 * it reaches zero, which is when the interrupt is raised. All methods run under the owning Sp804's lock.
 */
final class Sp804Counter {
    // TimerXControl
    static final int ONESHOT = 1, SIZE_32 = 1 << 1, PRESCALE_SHIFT = 2, INTEN = 1 << 5, PERIODIC = 1 << 6, ENABLE = 1 << 7;
    static final int CONTROL_RESET = INTEN;

    private final MachineClock clock;
    private final long tickNanosAtPrescale1;
    private final MachineClock.DeadlineTimer zero;
    private final Runnable onInterruptChange;
    private final Object lock;

    int load;
    int control;
    boolean ris;
    /** The count when the counter last (re)started, at {@link #startNanos}. */
    private long startValue;
    private long startNanos;
    private boolean expired;

    Sp804Counter(String name, MachineClock clock, long clockHz, Object lock, Runnable onInterruptChange) {
        this.clock = clock;
        this.lock = lock;
        this.tickNanosAtPrescale1 = 1_000_000_000L / clockHz;
        this.onInterruptChange = onInterruptChange;
        this.zero = clock.newTimer(name, this::reachedZero);
        reset();
    }

    void reset() {
        zero.cancel();
        load = 0;
        control = CONTROL_RESET;
        ris = false;
        startValue = 0xFFFF_FFFFL;
        startNanos = clock.nanos();
        expired = false;
    }

    private boolean enabled() { return (control & ENABLE) != 0; }

    private long max() { return (control & SIZE_32) != 0 ? 0xFFFF_FFFFL : 0xFFFF; }

    /** TimerPre: 00 divides by 1, 01 by 16, 10 by 256 (11 is undefined; treated as 256). */
    long tickNanos() {
        int pre = (control >> PRESCALE_SHIFT) & 3;
        return tickNanosAtPrescale1 << (pre == 0 ? 0 : pre == 1 ? 4 : 8);
    }

    /** What the counter restarts from after zero: Load in periodic mode, the maximum when free-running. */
    private long reloadValue() { return (control & PERIODIC) != 0 ? Integer.toUnsignedLong(load) & max() : max(); }

    /** TimerXValue now. */
    long value() {
        if (!enabled() || expired) return startValue;
        long ticks = (clock.nanos() - startNanos) / tickNanos();
        if (ticks <= startValue) return startValue - ticks;
        if ((control & ONESHOT) != 0) return 0;
        // Past the first zero: the counter restarts from the reload value, a period of reload + 1 ticks.
        long period = reloadValue() + 1;
        return reloadValue() - (ticks - startValue - 1) % period;
    }

    /** Freezes the current count as the new starting point: call before changing Load or Control. */
    private void rebase() {
        startValue = value();
        startNanos = clock.nanos();
    }

    void writeLoad(int value) {
        load = value;
        startValue = Integer.toUnsignedLong(value) & max();
        startNanos = clock.nanos();
        expired = false;
        schedule();
    }

    /** TimerXBGLoad: the next reload uses it, the current count runs on. */
    void writeBackgroundLoad(int value) {
        rebase();
        load = value;
        schedule();
    }

    void writeControl(int value) {
        rebase();
        control = value & 0xEF;
        startValue &= max();
        schedule();
    }

    private void schedule() {
        if (!enabled() || expired) {
            zero.cancel();
            return;
        }
        long ticks = (clock.nanos() - startNanos) / tickNanos();
        long nextZero = ticks < startValue ? startValue : startValue + ((ticks - startValue) / (reloadValue() + 1) + 1) * (reloadValue() + 1);
        zero.setDeadline(startNanos + nextZero * tickNanos());
    }

    private void reachedZero() {
        synchronized (lock) {
            ris = true;
            if ((control & ONESHOT) != 0) {
                // One-shot: the counter halts at zero until it is reprogrammed.
                startValue = 0;
                expired = true;
            }
            schedule();
            onInterruptChange.run();
        }
    }

    boolean interrupting() { return ris && (control & INTEN) != 0; }

    /** The counter's start point is on the machine clock, which a restored machine continues: it counts on from there. */
    void saveState(java.io.DataOutput out) throws java.io.IOException {
        out.writeInt(load);
        out.writeInt(control);
        out.writeBoolean(ris);
        out.writeLong(startValue);
        out.writeLong(startNanos);
        out.writeBoolean(expired);
    }

    void loadState(java.io.DataInput in) throws java.io.IOException {
        load = in.readInt();
        control = in.readInt() & 0xEF;
        ris = in.readBoolean();
        long value = in.readLong(), nanos = in.readLong();
        if (value < 0 || value > 0xFFFF_FFFFL) throw new armvmm.snapshot.SnapshotFormatException("SP804: count " + value + " does not fit the counter");
        if (nanos < 0 || nanos > clock.nanos()) throw new armvmm.snapshot.SnapshotFormatException("SP804: start time " + nanos + " is not in the past");
        startValue = value;
        startNanos = nanos;
        expired = in.readBoolean();
        schedule();
    }
}
