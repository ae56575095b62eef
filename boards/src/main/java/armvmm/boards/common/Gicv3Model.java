package armvmm.boards.common;

import armvmm.devices.gic.Gicv3;
import armvmm.fdt.FdtNode;
import armvmm.irq.GicSpec;
import armvmm.irq.InterruptController;
import armvmm.machine.Machine;

/**
 * A GICv3's distributor and redistributor windows. As with {@link Gicv2Model}, the board creates the GIC
 * before its loop over the table ({@link #create}) and writes its node into the tree's skeleton
 * ({@link #writeNode}); the loop does nothing for these windows. The CPU interface is system registers,
 * which the board adds to its CPU ({@link armvmm.devices.gic.IccRegisters}).
 */
public final class Gicv3Model implements DeviceModel {
    public static final Gicv3Model DISTRIBUTOR = new Gicv3Model(), REDISTRIBUTORS = new Gicv3Model();

    public static final String COMPATIBLE = "arm,gic-v3";

    private Gicv3Model() {}

    /** The CPUs a redistributor window has room for, 128 KiB each. */
    public static int cpusFitting(MapWindow redistributors) { return (int) (redistributors.size() / Gicv3.REDISTRIBUTOR_STRIDE); }

    /**
     * The machine's interrupt controller: the accelerator's in-kernel GICv3 when it offers one (KVM's
     * vGICv3, at the same two windows), else the Java {@link Gicv3} mapped there (the redistributors of the
     * machine's CPUs, from the base), driving every vCPU.
     */
    public static InterruptController create(Machine machine, MapWindow distributor, MapWindow redistributors, int lines) {
        GicSpec spec = GicSpec.v3(distributor.base(), redistributors.base(), lines);
        return machine.accelerator().inKernelInterruptController(spec).orElseGet(() -> {
            Gicv3 gic = Gicv3.forVcpus(lines, machine.vcpus());
            machine.bus().mapMmio(distributor.base(), distributor.size(), gic.distributor());
            machine.bus().mapMmio(redistributors.base(), gic.cpus() * Gicv3.REDISTRIBUTOR_STRIDE, gic.redistributors());
            return gic;
        });
    }

    /** Nothing: see {@link #writeNode(DeviceTreeWriter, MapWindow, MapWindow)}. */
    @Override
    public void build(BoardWiring wiring, MapWindow window) {}

    /** Nothing: see {@link #writeNode(DeviceTreeWriter, MapWindow, MapWindow)}. */
    @Override
    public void writeNode(DeviceTreeWriter dt, MapWindow window) {}

    /**
     * The GIC node (arm,gic-v3.yaml), reg the distributor then the one redistributor region, as QEMU's virt
     * writes it; it becomes the root's interrupt parent. No maintenance interrupt (no virtualization, as
     * QEMU's tree) and no ITS child (not modelled).
     */
    public static FdtNode writeNode(DeviceTreeWriter dt, MapWindow distributor, MapWindow redistributors) {
        FdtNode gic = dt.root().addChild(new FdtNode(DeviceTreeWriter.unitName("interrupt-controller", distributor.base())));
        gic.setString("compatible", COMPATIBLE)
                .setCells("#interrupt-cells", 3)
                .setCells("#address-cells", 0)
                .setEmpty("interrupt-controller")
                .setCells("#redistributor-regions", 1)
                .setCells("reg", dt.reg(distributor, redistributors));
        dt.root().setU32("interrupt-parent", dt.fdt().phandleOf(gic));
        return gic;
    }
}
