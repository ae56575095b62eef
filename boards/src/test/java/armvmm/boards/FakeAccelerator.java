package armvmm.boards;

import armvmm.accel.AcceleratorInstance;
import armvmm.accel.Vcpu;
import armvmm.accel.VcpuState;
import armvmm.cpu.ArmCoreRegisters;
import armvmm.irq.InterruptController;
import armvmm.irq.IrqLine;
import armvmm.irq.LevelLatch;
import armvmm.irq.GicSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** vCPUs that hold registers and never run: enough to build a board and look at the result. */
final class FakeAccelerator implements AcceleratorInstance {
    static final class FakeVcpu implements Vcpu {
        final int index;
        final LevelLatch irq = new LevelLatch(), fiq = new LevelLatch();
        ArmCoreRegisters regs = ArmCoreRegisters.zero();
        /** Runs on every pause, as if another thread acted while this vCPU is at its safe point. */
        Runnable onPause = () -> {};

        FakeVcpu(int index) { this.index = index; }

        @Override public int index() { return index; }
        @Override public IrqLine irqInput() { return irq; }
        @Override public IrqLine fiqInput() { return fiq; }
        @Override public ArmCoreRegisters readRegisters() { return regs; }
        @Override public void writeRegisters(ArmCoreRegisters r) { regs = r; }
        @Override public void kick() {}
        @Override public VcpuState state() { return VcpuState.CREATED; }
        @Override public void pause() { onPause.run(); }
        @Override public void resume() {}
    }

    final List<FakeVcpu> vcpus = new ArrayList<>();
    private final InterruptController inKernel;
    /** What the board asked of the in-kernel interrupt controller, if it asked. */
    GicSpec gicSpec;

    FakeAccelerator(int cpus) { this(cpus, null); }

    /** An accelerator offering {@code inKernel} as its in-kernel GIC (null: none, the board uses the Java model). */
    FakeAccelerator(int cpus, InterruptController inKernel) {
        for (int i = 0; i < cpus; i++) vcpus.add(new FakeVcpu(i));
        this.inKernel = inKernel;
    }

    @Override public List<FakeVcpu> vcpus() { return vcpus; }
    @Override public Optional<InterruptController> inKernelInterruptController(GicSpec spec) {
        gicSpec = spec;
        return Optional.ofNullable(inKernel);
    }
    /** With an in-kernel GIC it stands for KVM, whose vCPUs take interrupts from that one only. */
    @Override public void start() {}
    @Override public void pause() {}
    @Override public void resume() {}
    @Override public void stop() {}
}
