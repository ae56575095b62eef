package armvmm.time;

/**
 * The clock that drives every timer of a machine (generic timer, SP804, RTC ticks), in nanoseconds since
 * the machine was created. {@link HostClock} follows host time; {@link VirtualClock} moves only when a test
 * or the executing CPU advances it, so timer tests never depend on host load.
 */
public interface MachineClock {
    long nanos();

    /** A timer whose callback runs once when the clock reaches its deadline. */
    DeadlineTimer newTimer(String name, Runnable callback);

    /** Host wall-clock time in milliseconds since the epoch, for RTCs (a virtual clock may pin it). */
    long wallClockMillis();

    /**
     * From now on {@link #nanos()} continues from {@code nanos}: a restored snapshot's clock picks up where
     * the saved machine's stopped. Called before any timer of the machine is armed.
     */
    default void continueFrom(long nanos) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot continue from a saved time");
    }

    interface DeadlineTimer {
        /** Arms (or re-arms) the timer; a deadline in the past fires as soon as possible. */
        void setDeadline(long nanos);

        void cancel();

        boolean armed();
    }
}
