package armvmm.kvm.arm;

import static armvmm.kvm.arm.KvmArmAbi.*;

import armvmm.irq.InterruptController;
import armvmm.irq.IrqLine;
import armvmm.kvm.sys.DeviceFd;
import armvmm.kvm.sys.KvmAbi;
import armvmm.kvm.sys.KvmException;
import armvmm.kvm.sys.VmFd;
import armvmm.error.ExitCode;
import armvmm.irq.GicSpec;
import armvmm.error.VmmException;

/**
 * The in-kernel GIC: a GICv2 (KVM_DEV_TYPE_ARM_VGIC_V2) at the board's distributor and CPU interface
 * addresses, or a GICv3 (KVM_DEV_TYPE_ARM_VGIC_V3) at its distributor and redistributor addresses, whose
 * CPU interface the guest reaches through system registers that KVM handles. The guest's GIC accesses never
 * leave the kernel; device interrupt lines become KVM_IRQ_LINE calls, encoded the same for both versions.
 * The architected timer's PPIs are wired inside the kernel.
 */
public final class Vgic implements InterruptController {
    private final VmFd vm;
    private final DeviceFd device;
    private final int lines;

    private Vgic(VmFd vm, DeviceFd device, int lines) {
        this.vm = vm;
        this.device = device;
        this.lines = lines;
    }

    /**
     * Creates and initialises the vGIC; the vCPUs must exist already (KVM sizes the CPU interfaces, or the
     * redistributor region, by them at init).
     */
    public static Vgic create(VmFd vm, GicSpec spec) {
        int lines = spec.lines();
        String name = "vGICv" + spec.version();
        if (lines < 64 || lines > 1020 || lines % 32 != 0)
            throw new VmmException("the board's GIC has " + lines + " interrupt IDs; KVM's " + name + " takes a multiple of 32 from 64 to 1020",
                    ExitCode.UNSUPPORTED);
        DeviceFd dev;
        try {
            dev = vm.createDevice(spec.version() == 3 ? KvmAbi.KVM_DEV_TYPE_ARM_VGIC_V3 : KvmAbi.KVM_DEV_TYPE_ARM_VGIC_V2);
        } catch (KvmException e) {
            throw new VmmException(spec.version() == 3
                    ? "this host's KVM cannot create an in-kernel GICv3 (" + e.getMessage() + "); a host with a GICv2 runs virt with gic-version=2"
                    : "this host's KVM cannot create an in-kernel GICv2 (" + e.getMessage()
                            + "); an arm64 host with a GICv3 without GICv2 compatibility cannot run a GICv2 board (virt takes gic-version=3)",
                    ExitCode.UNSUPPORTED);
        }
        try {
            if (spec.version() == 3) {
                dev.setAttr(KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V3_ADDR_TYPE_DIST, spec.distributorBase());
                dev.setAttr(KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST, spec.redistributorBase());
            } else {
                dev.setAttr(KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V2_ADDR_TYPE_DIST, spec.distributorBase());
                dev.setAttr(KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V2_ADDR_TYPE_CPU, spec.cpuInterfaceBase());
            }
            dev.setAttr(KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0, lines);
            dev.setAttr(KVM_DEV_ARM_VGIC_GRP_CTRL, KVM_DEV_ARM_VGIC_CTRL_INIT, 0);
        } catch (RuntimeException e) {
            dev.close();
            throw e;
        }
        return new Vgic(vm, dev, lines);
    }

    /** The KVM_IRQ_LINE irq field of an SPI. */
    static int spiIrq(int intid) { return KVM_ARM_IRQ_TYPE_SPI << KVM_ARM_IRQ_TYPE_SHIFT | intid; }

    /** The KVM_IRQ_LINE irq field of CPU {@code cpu}'s PPI. */
    static int ppiIrq(int cpu, int intid) {
        return KVM_ARM_IRQ_TYPE_PPI << KVM_ARM_IRQ_TYPE_SHIFT | (cpu & 0xff) << KVM_ARM_IRQ_VCPU_SHIFT | (cpu >>> 8) << 28 | intid;
    }

    @Override
    public IrqLine spi(int intid) {
        if (intid < 32 || intid >= lines) throw new IllegalArgumentException("SPI " + intid + " outside 32.." + (lines - 1));
        int irq = spiIrq(intid);
        return level -> vm.irqLine(irq, level);
    }

    @Override
    public IrqLine ppi(int cpu, int intid) {
        if (intid < 16 || intid > 31) throw new IllegalArgumentException("PPI " + intid + " outside 16..31");
        int irq = ppiIrq(cpu, intid);
        return level -> vm.irqLine(irq, level);
    }

    @Override
    public int lines() { return lines; }

    public DeviceFd device() { return device; }
}
