package armvmm.kvm;

/** What a vCPU does after an exit has been handled (each is a {@link armvmm.accel.VcpuRunner.Outcome}). */
public enum ExitAction {
    /** Re-enter the guest. */
    CONTINUE,
    /**
     * The guest waits for an interrupt that only the VMM could deliver (x86 HLT without an in-kernel
     * interrupt controller; ARM's WFI stays in the kernel): out of the guest until
     * {@link KvmArch#waitOver} says the wait is over.
     */
    WAIT,
    /**
     * Stay out of the guest until the machine resumes or stops the vCPU: the guest powered off, or asked
     * for a reset that the machine carries out with every vCPU paused.
     */
    PARK,
    /** The vCPU cannot go on: the error has been reported to the machine; the vCPU's thread ends. */
    FAIL
}
