package armvmm.time;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A deterministic clock: time moves only through {@link #advance} (called by a test, or by a CPU per
 * executed instructions). Due timers fire on the advancing thread, in deadline order, each seeing
 * {@link #nanos()} equal to its own deadline.
 */
public final class VirtualClock implements MachineClock {
    private long now;
    private final long wallOriginMillis;
    private final List<Timer> timers = new ArrayList<>();

    public VirtualClock(long wallOriginMillis) { this.wallOriginMillis = wallOriginMillis; }

    public VirtualClock() { this(System.currentTimeMillis()); }

    @Override
    public synchronized long nanos() { return now; }

    @Override
    public synchronized long wallClockMillis() { return wallOriginMillis + now / 1_000_000; }

    @Override
    public synchronized void continueFrom(long nanos) {
        now = nanos;
    }

    /** Moves time forward by {@code deltaNanos}, firing every timer that falls due on the way. */
    public void advance(long deltaNanos) {
        if (deltaNanos < 0) throw new IllegalArgumentException("time cannot go backwards");
        long target;
        synchronized (this) {
            target = now + deltaNanos;
        }
        while (true) {
            Timer due;
            synchronized (this) {
                due = timers.stream().filter(t -> t.deadline <= target).min(Comparator.comparingLong(t -> t.deadline)).orElse(null);
                if (due == null) {
                    now = target;
                    return;
                }
                now = Math.max(now, due.deadline);
                timers.remove(due);
            }
            due.callback.run();
        }
    }

    /** The earliest armed deadline, or Long.MAX_VALUE: lets an idle CPU jump straight to the next event. */
    public synchronized long nextDeadline() {
        return timers.stream().mapToLong(t -> t.deadline).min().orElse(Long.MAX_VALUE);
    }

    @Override
    public DeadlineTimer newTimer(String name, Runnable callback) { return new Timer(callback); }

    private final class Timer implements DeadlineTimer {
        final Runnable callback;
        long deadline;

        Timer(Runnable callback) { this.callback = callback; }

        @Override
        public void setDeadline(long nanos) {
            synchronized (VirtualClock.this) {
                timers.remove(this);
                deadline = nanos;
                timers.add(this);
            }
        }

        @Override
        public void cancel() {
            synchronized (VirtualClock.this) {
                timers.remove(this);
            }
        }

        @Override
        public boolean armed() {
            synchronized (VirtualClock.this) {
                return timers.contains(this);
            }
        }
    }
}
