package armvmm.kvm;

/** What a vCPU does after an exit has been handled. */
public enum ExitAction {
    /** Re-enter the guest. */
    CONTINUE,
    /**
     * Stay out of the guest until the machine resumes or stops the vCPU: the guest halted or powered off,
     * or asked for a reset that the machine carries out with every vCPU paused.
     */
    PARK,
    /** The vCPU cannot go on: the error has been reported to the machine; the vCPU parks for good. */
    FAIL
}
