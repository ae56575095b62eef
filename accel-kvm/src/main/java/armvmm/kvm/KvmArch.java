package armvmm.kvm;

import armvmm.bus.BusErrorException;
import armvmm.cpu.ArmCoreRegisters;
import armvmm.irq.InterruptController;
import armvmm.irq.IrqLine;
import armvmm.kvm.sys.Kvm;
import armvmm.kvm.sys.KvmRun;
import armvmm.irq.GicSpec;
import java.util.Optional;

/**
 * The architecture half of the KVM accelerator: what differs between an ARM guest on an arm64 host and the
 * x86 probe this host can run (a test fixture, in this module's tests). The architecture-neutral core
 * ({@link KvmVm}, {@link KvmVcpu}, {@link ExitHandler}) calls these hooks and never looks at registers itself.
 */
public interface KvmArch {
    /** For messages: "x86 probe", "arm (AArch32 guest on arm64)". */
    String name();

    /** Refuses a host KVM that lacks what this architecture needs (a capability, the IPA size); one-line reason. */
    default void checkHost(Kvm kvm) {}

    /** The KVM_CREATE_VM type argument (arm64: the IPA size). */
    default long vmType(Kvm kvm) { return 0; }

    /** After KVM_CREATE_VM: capabilities to enable, in-kernel devices. */
    default void configureVm(KvmVm vm) {}

    /** The in-kernel interrupt controller for {@code spec} (arm: a vGIC through KVM_CREATE_DEVICE), or empty. */
    default Optional<InterruptController> inKernelInterruptController(KvmVm vm, GicSpec spec) { return Optional.empty(); }

    /** After KVM_CREATE_VCPU (arm: KVM_ARM_VCPU_INIT), before any register access. */
    void initVcpu(KvmVcpu vcpu);

    /** An exit the neutral core does not handle (x86 HLT or port I/O, arm KVM_EXIT_ARM_NISV). */
    ExitAction handleExit(KvmVcpu vcpu, int exitReason, KvmRun run);

    /**
     * After {@link ExitAction#WAIT}: whether the guest's wait is over. Called on the vCPU's own thread each
     * time the vCPU is woken; an architecture that never waits outside the kernel need not answer.
     */
    default boolean waitOver(KvmVcpu vcpu) { return true; }

    /**
     * An MMIO access the bus refused (nothing mapped there, a size the device does not accept, a ROM
     * write). The bus has already logged it once. Returns the value a read gives the guest; the arch may
     * instead inject an abort into the vCPU.
     */
    long mmioBusError(KvmVcpu vcpu, BusErrorException error, boolean write);

    /** The vCPU's state on one line, for the error a failed exit reports. Called on the vCPU's own thread. */
    String dumpState(KvmVcpu vcpu);

    /** The guest PC of the access in progress, for traces. Called on the vCPU's own thread. */
    long currentPc(KvmVcpu vcpu);

    ArmCoreRegisters readRegisters(KvmVcpu vcpu);

    void writeRegisters(KvmVcpu vcpu, ArmCoreRegisters regs);

    /** The CPU's IRQ ({@code fiq} false) or FIQ input, for a board without an in-kernel interrupt controller. */
    IrqLine cpuInterruptInput(KvmVcpu vcpu, boolean fiq);
}
