package armvmm.time;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Host monotonic time; timer callbacks run on one daemon thread per machine. */
public final class HostClock implements MachineClock, AutoCloseable {
    private volatile long origin = System.nanoTime();
    private final ScheduledThreadPoolExecutor exec;

    public HostClock() {
        exec = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "machine-clock");
            t.setDaemon(true);
            return t;
        });
        exec.setRemoveOnCancelPolicy(true);
    }

    @Override
    public long nanos() { return System.nanoTime() - origin; }

    @Override
    public void continueFrom(long nanos) { origin = System.nanoTime() - nanos; }

    @Override
    public long wallClockMillis() { return System.currentTimeMillis(); }

    @Override
    public DeadlineTimer newTimer(String name, Runnable callback) {
        return new DeadlineTimer() {
            private ScheduledFuture<?> pending;

            @Override
            public synchronized void setDeadline(long deadline) {
                if (pending != null) pending.cancel(false);
                long delay = Math.max(0, deadline - nanos());
                pending = exec.schedule(this::fire, delay, TimeUnit.NANOSECONDS);
            }

            private void fire() {
                synchronized (this) {
                    pending = null;
                }
                callback.run();
            }

            @Override
            public synchronized void cancel() {
                if (pending != null) pending.cancel(false);
                pending = null;
            }

            @Override
            public synchronized boolean armed() { return pending != null; }
        };
    }

    @Override
    public void close() { exec.shutdownNow(); }
}
