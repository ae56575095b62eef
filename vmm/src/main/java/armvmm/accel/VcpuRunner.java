package armvmm.accel;

/**
 * The accelerator's half of a vCPU thread: guest execution and the means to interrupt it. Everything about
 * requests, safe points and states is {@link VcpuLifecycle}'s; a runner only runs and reports why it
 * stopped.
 */
public interface VcpuRunner {
    /** Why {@link #runSlice} returned. */
    enum Outcome {
        /** Nothing for the lifecycle beyond its requests: the next slice follows. */
        CONTINUE,
        /** The guest waits (WFI, WFE, HLT): no slice runs until {@link #waitOver()} says so. */
        WAIT,
        /** The guest asked the machine for something (power off, reset): out of the guest until resumed. */
        PARK,
        /** The vCPU cannot go on; the runner has reported why to the machine. The thread ends. */
        EXIT
    }

    /** Called first on the vCPU's own thread, before any slice and before any {@link #kick()}. */
    default void threadStarted() {}

    /**
     * Runs the guest until something happens: a {@link #kick()} (which must make a slice in progress, or the
     * next one to start, return soon), or an event of the guest's own. Called on the vCPU thread only.
     */
    Outcome runSlice();

    /**
     * Makes the current or next {@link #runSlice} return. Called from any thread, under the lifecycle's lock,
     * only while the vCPU thread is alive, has run {@link #threadStarted()} and is RUNNING: a kick cannot be
     * lost between a request and the next slice, and never reaches a thread that has ended.
     */
    void kick();

    /**
     * Whether the guest's wait is over (an interrupt is pending, an event arrived, a reset ended it). Called
     * on the vCPU thread while WAITING, each time it is woken ({@link VcpuLifecycle#wake()}); a true answer
     * consumes what ended the wait (the WFE event).
     */
    boolean waitOver();

    /**
     * {@link #runSlice} threw: report it to the machine (a VMM error, with what the runner knows of the
     * vCPU's state). The thread then ends.
     */
    void failed(Throwable error);
}
