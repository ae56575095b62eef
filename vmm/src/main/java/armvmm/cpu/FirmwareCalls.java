package armvmm.cpu;

/**
 * The firmware a board places behind HVC or SMC while the CPU models no EL2 or EL3 to run one (the virt
 * board's PSCI): a call by the SMC Calling Convention (ARM DEN 0028, AArch32 SMC32/HVC32), with the
 * function ID in r0, arguments in r1-r3 and results in r0-r3. The CPU consults it from the instruction;
 * it knows no CPU model, only CPU numbers and register values.
 */
public interface FirmwareCalls {
    /** The instruction that reaches the firmware (PSCI's "conduit"). */
    enum Conduit { HVC, SMC }

    /** What the calling CPU does once the call has returned its results. */
    enum Outcome {
        /** Goes on after the HVC/SMC with the results in r0-r3. */
        RETURN,
        /** Waits as in WFI, then goes on after the call (PSCI CPU_SUSPEND taken as a standby state). */
        STANDBY,
        /**
         * Powers down: loses its state (back to its reset values) and does not run again until the machine
         * resumes it with new registers (PSCI CPU_OFF; SYSTEM_OFF and SYSTEM_RESET until the machine acts).
         */
        POWER_DOWN
    }

    Conduit conduit();

    /**
     * A call from CPU {@code cpu} (its index, which is its MPIDR.Aff0 on one cluster): {@code regs} holds r0-r3
     * and receives the results in place. Runs on that CPU's thread, between two of its instructions.
     */
    Outcome call(int cpu, int[] regs);
}
