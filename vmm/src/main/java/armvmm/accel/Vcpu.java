package armvmm.accel;

import armvmm.cpu.ArmCoreRegisters;
import armvmm.irq.IrqLine;

/** One virtual CPU, whichever accelerator runs it. Register access is for a paused (or not yet started) vCPU. */
public interface Vcpu {
    int index();

    /** The CPU's IRQ and FIQ inputs, driven by the Java GIC's CPU interface under TCG. */
    IrqLine irqInput();

    IrqLine fiqInput();

    ArmCoreRegisters readRegisters();

    void writeRegisters(ArmCoreRegisters regs);

    /** Makes the vCPU leave guest execution soon and look at its requests (interrupts, pause, stop). */
    void kick();
}
