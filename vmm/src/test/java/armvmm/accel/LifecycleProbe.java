package armvmm.accel;

import armvmm.bus.MmioDevice;

/**
 * The device the guests of {@link VcpuLifecycleContract} store to: a store to +0 counts as one step of the
 * guest and records the thread that made it (the vCPU's: devices run on it); a store to +4 records the
 * value of the register the guest stores there. What a test reads here, the guest has done.
 */
public final class LifecycleProbe implements MmioDevice {
    public static final long STEP = 0, MARK = 4;

    private volatile long steps, mark;
    private volatile Thread thread;

    @Override
    public String name() { return "lifecycle-probe"; }

    @Override
    public long read(long offset, int size, int requester) { return 0; }

    @Override
    public void write(long offset, int size, long value, int requester) {
        if (offset == STEP) {
            thread = Thread.currentThread();
            steps = steps + 1; // one writer: the vCPU thread
        } else if (offset == MARK) {
            mark = value;
        }
    }

    /** Stores to +0 so far. */
    public long steps() { return steps; }

    /** The last value stored to +4. */
    public long mark() { return mark; }

    /** The thread of the last store to +0, or null. */
    public Thread thread() { return thread; }
}
