package armvmm.accel;

import armvmm.bus.AddressSpace;
import armvmm.irq.InterruptController;
import armvmm.time.MachineClock;

/**
 * What an accelerator and its vCPUs reach of the machine they run in: its bus, clock and interrupt
 * controller, its reset hook, and the requests a guest or a failing vCPU sends it. The machine implements
 * it; an accelerator never sees more of the machine than this.
 */
public interface VmContext {
    /** How many vCPUs the machine has (the accelerator creates them all). */
    int cpuCount();

    AddressSpace bus();

    MachineClock clock();

    /** The board's interrupt controller; IllegalStateException until the board has provided it. */
    InterruptController interruptController();

    /** Runs on every machine reset with all vCPUs paused, before the board's own handlers. */
    void onReset(Runnable handler);

    /** The guest asked to power off (PSCI SYSTEM_OFF, the system registers): from any thread. */
    void requestPowerOff(String why);

    void requestReset(String why);

    /** The guest cannot go on (a fatal vCPU state). */
    void reportGuestFailure(String why);

    /** The VMM failed (an internal error on a vCPU thread, an ioctl that should not fail). */
    void reportVmmError(String why);
}
