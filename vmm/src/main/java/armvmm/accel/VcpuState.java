package armvmm.accel;

/**
 * Where a vCPU's thread is, as {@link VcpuLifecycle} moves it. Register access is safe in CREATED, PAUSED
 * and EXITED; in WAITING and PARKED the thread is out of the guest too, but may leave at any moment.
 */
public enum VcpuState {
    /** No thread yet (or it has not reached its first safe point). */
    CREATED,
    /** Executing guest code, or between two slices of it. */
    RUNNING,
    /**
     * The guest waits for an interrupt or an event (WFI, WFE; x86 HLT): out of the guest until the
     * accelerator says the wait is over. A pause in between is answered and the wait goes on afterwards.
     */
    WAITING,
    /** At its safe point because of a pause request, until resumed or stopped. */
    PAUSED,
    /**
     * Out of the guest until the machine resumes it: the guest asked for something only the machine can
     * carry out (power off, reset), which it does with every vCPU paused.
     */
    PARKED,
    /** The thread has ended: stopped, or the guest or the VMM failed (the machine has been told why). */
    EXITED
}
