package armvmm.kvm.arm;

import static armvmm.kvm.arm.KvmArmAbi.*;

import armvmm.bus.BusErrorException;
import armvmm.cp15.CpReg;
import armvmm.cp15.CpRegistry;
import armvmm.cpu.ArmCoreRegisters;
import armvmm.cpu.CoreReg;
import armvmm.irq.InterruptController;
import armvmm.irq.IrqLine;
import armvmm.kvm.ExitAction;
import armvmm.kvm.KvmArch;
import armvmm.kvm.KvmVcpu;
import armvmm.kvm.KvmVm;
import armvmm.kvm.sys.Kvm;
import armvmm.kvm.sys.KvmAbi;
import armvmm.kvm.sys.KvmRun;
import armvmm.error.ExitCode;
import armvmm.irq.GicSpec;
import armvmm.accel.VmContext;
import armvmm.error.VmmException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ARM half of the KVM accelerator for 32-bit guests on an arm64 host: vCPUs made with
 * KVM_ARM_VCPU_EL1_32BIT and PSCI 0.2 (so the guest's PSCI calls become KVM_EXIT_SYSTEM_EVENT), core
 * registers through the AArch32 view of {@code struct kvm_regs}, cp15 through the registry's AArch64
 * aliases, an in-kernel vGICv2 and arch timer, and KVM_EXIT_ARM_NISV emulated with the ISA module's decoder.
 * One instance per VM.
 */
public final class KvmArmArch implements KvmArch {
    private static final Logger log = LoggerFactory.getLogger(KvmArmArch.class);

    private final VmContext machine;
    private final NisvEmulator nisv;
    private final CpRegistry registry = KvmCp15.cortexA15();
    private final Map<KvmVcpu, KvmCp15> cp15 = new ConcurrentHashMap<>();
    private final List<KvmVcpu> vcpus = new CopyOnWriteArrayList<>();
    private KvmVm vm;
    private int target = -1;

    public KvmArmArch(VmContext machine) {
        this.machine = machine;
        this.nisv = new NisvEmulator(machine.bus());
        // Registered before the board's own handler, which then loads the images and sets the boot registers.
        machine.onReset(this::resetVcpus);
    }

    /**
     * A machine reset (the guest's PSCI SYSTEM_RESET, or the board's reset register): KVM_ARM_VCPU_INIT
     * again puts each paused vCPU back in its reset state, cp15 and the MMU included.
     */
    private void resetVcpus() {
        for (KvmVcpu v : vcpus) v.fd().armVcpuInit(target, features());
    }

    private static int[] features() { return new int[] {KVM_ARM_VCPU_EL1_32BIT, KVM_ARM_VCPU_PSCI_0_2}; }

    @Override
    public String name() { return "arm (AArch32 guest on arm64)"; }

    @Override
    public void checkHost(Kvm kvm) {
        String arch = System.getProperty("os.arch");
        if (!arch.equals("aarch64"))
            throw new VmmException("this is an " + arch + " host: its KVM runs " + arch + " guests only, not 32-bit ARM", ExitCode.UNSUPPORTED);
        require(kvm, KvmAbi.KVM_CAP_ARM_EL1_32BIT, "this arm64 host's CPUs run AArch32 at EL0 only: KVM cannot run a 32-bit guest kernel (no KVM_CAP_ARM_EL1_32BIT)");
        require(kvm, KvmAbi.KVM_CAP_ONE_REG, "this host's KVM lacks KVM_CAP_ONE_REG");
        require(kvm, KvmAbi.KVM_CAP_ARM_PSCI_0_2, "this host's KVM lacks KVM_CAP_ARM_PSCI_0_2");
        require(kvm, KvmAbi.KVM_CAP_DEVICE_CTRL, "this host's KVM lacks KVM_CAP_DEVICE_CTRL (no in-kernel vGIC)");
    }

    private static void require(Kvm kvm, int cap, String why) {
        if (kvm.checkExtension(cap) <= 0) throw new VmmException(why, ExitCode.UNSUPPORTED);
    }

    @Override
    public void configureVm(KvmVm vm) {
        this.vm = vm;
        // Without it an LDM/STM or write-back access to a device makes KVM_RUN fail with ENOSYS.
        if (vm.fd().checkExtension(KvmAbi.KVM_CAP_ARM_NISV_TO_USER) > 0) vm.fd().enableCap(KvmAbi.KVM_CAP_ARM_NISV_TO_USER);
        else log.warn("this host's KVM lacks KVM_CAP_ARM_NISV_TO_USER: a guest LDM/STM or write-back access to a device will stop the VM");
    }

    @Override
    public Optional<InterruptController> inKernelInterruptController(KvmVm vm, GicSpec spec) {
        return Optional.of(Vgic.create(vm.fd(), spec));
    }

    @Override
    public void initVcpu(KvmVcpu vcpu) {
        if (target < 0) target = vm.fd().armPreferredTarget();
        vcpu.fd().armVcpuInit(target, features());
        vcpus.add(vcpu);
        KvmCp15 regs = new KvmCp15(registry, vcpu.fd().regList());
        cp15.put(vcpu, regs);
        regs.logUnknownOnce();
    }

    /** The cp15 registers KVM holds for this vCPU, matched against the registry. */
    public KvmCp15 cp15(KvmVcpu vcpu) { return cp15.get(vcpu); }

    /** A cp15 dump of a paused (or not yet started) vCPU. */
    public Map<CpReg, Long> dumpCp15(KvmVcpu vcpu) { return cp15.get(vcpu).dump(vcpu.fd()); }

    public void restoreCp15(KvmVcpu vcpu, Map<CpReg, Long> values) { cp15.get(vcpu).restore(vcpu.fd(), values); }

    @Override
    public ExitAction handleExit(KvmVcpu vcpu, int exitReason, KvmRun run) {
        if (exitReason == KvmAbi.KVM_EXIT_ARM_NISV) {
            String failure = nisv.emulate(vcpu, run.armNisvFaultIpa());
            return failure == null ? ExitAction.CONTINUE : vcpu.exits().fail("KVM_EXIT_ARM_NISV: " + failure);
        }
        return vcpu.exits().fail("exit reason " + exitReason + " that an ARM VMM does not expect (union " + run.rawExit(4) + ")");
    }

    /**
     * A device access the bus refused (nothing mapped there, a size the device does not take, a ROM write):
     * the instruction runs again through the ISA module's CPU, aborts the same way there, and the vCPU takes that
     * synchronous external Data Abort, as under TCG. (KVM_SET_VCPU_EVENTS' ext_dabt_pending was tried: on
     * the Linux 6.1 host a second injection arrived as an Undefined Instruction exception.)
     */
    @Override
    public long mmioBusError(KvmVcpu vcpu, BusErrorException error, boolean write) {
        String failure = nisv.emulate(vcpu, error.address());
        if (failure != null) vcpu.exits().fail("KVM_EXIT_MMIO refused by the bus (" + error.getMessage() + "): " + failure);
        // The instruction has been dealt with: KVM_RUN must not complete the MMIO (load the data, step the PC)
        // on top of it, which it does only while exit_reason says KVM_EXIT_MMIO.
        vcpu.fd().kvmRun().setExitReason(KvmAbi.KVM_EXIT_UNKNOWN);
        return 0;
    }

    @Override
    public String dumpState(KvmVcpu vcpu) { return readRegisters(vcpu).toString().replace('\n', ' '); }

    @Override
    public long currentPc(KvmVcpu vcpu) { return vcpu.fd().getOneReg(Aarch32CoreRegs.id(CoreReg.PC)) & 0xffff_ffffL; }

    @Override
    public ArmCoreRegisters readRegisters(KvmVcpu vcpu) { return Aarch32CoreRegs.read(vcpu.fd()); }

    @Override
    public void writeRegisters(KvmVcpu vcpu, ArmCoreRegisters regs) { Aarch32CoreRegs.write(vcpu.fd(), regs, null); }

    /** Without an in-kernel GIC: the vCPU's IRQ or FIQ input through KVM_ARM_IRQ_TYPE_CPU. */
    @Override
    public IrqLine cpuInterruptInput(KvmVcpu vcpu, boolean fiq) {
        int cpu = vcpu.index();
        int irq = KVM_ARM_IRQ_TYPE_CPU << KVM_ARM_IRQ_TYPE_SHIFT | (cpu & 0xff) << KVM_ARM_IRQ_VCPU_SHIFT | (cpu >>> 8) << 28
                | (fiq ? KVM_ARM_IRQ_CPU_FIQ : KVM_ARM_IRQ_CPU_IRQ);
        return level -> vm.fd().irqLine(irq, level);
    }
}
