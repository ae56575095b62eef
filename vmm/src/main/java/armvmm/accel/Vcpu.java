package armvmm.accel;

import armvmm.cpu.ArmCoreRegisters;
import armvmm.irq.IrqLine;

/**
 * One virtual CPU, whichever accelerator runs it, on its own thread ({@link VcpuLifecycle}). Register access
 * is for a vCPU in {@link VcpuState#PAUSED} (or not yet started, or exited): {@link #pause()} it first.
 */
public interface Vcpu {
    int index();

    VcpuState state();

    /**
     * Stops this vCPU at its next safe point (an instruction boundary under TCG, out of KVM_RUN under KVM)
     * and returns once it is there (or has exited). Its registers can then be read and written.
     */
    void pause();

    /** A paused vCPU goes back to what it was doing: running, or waiting in WFI. A PARKED one runs again. */
    void resume();

    /** The CPU's IRQ and FIQ inputs, driven by the Java GIC's CPU interface under TCG. */
    IrqLine irqInput();

    IrqLine fiqInput();

    ArmCoreRegisters readRegisters();

    void writeRegisters(ArmCoreRegisters regs);

    /** Makes the vCPU leave guest execution soon and look at its requests (interrupts, pause, stop). */
    void kick();

    /**
     * The vCPU's state beyond the core registers and its debug controls, when the accelerator offers them
     * (empty: this accelerator cannot be debugged or inspected beyond {@link #readRegisters()}).
     */
    default java.util.Optional<VcpuDebug> debug() { return java.util.Optional.empty(); }

    /** The host thread that runs the vCPU (Linux: its TID), once it has started; QMP reports it as thread-id. */
    default java.util.OptionalLong hostThreadId() { return java.util.OptionalLong.empty(); }
}
