package armvmm.boards.common;

import armvmm.devices.gic.Gicv2;
import armvmm.fdt.FdtNode;
import armvmm.irq.GicSpec;
import armvmm.irq.InterruptController;
import armvmm.machine.Machine;

/**
 * A GICv2's distributor and CPU interface windows. The board creates the GIC before its loop over the
 * table ({@link #create}), since every other device's lines come from it, and writes its node into the
 * tree's skeleton ({@link #writeNode}), since every device node's interrupts refer to it; the loop itself
 * does nothing for these windows.
 */
public final class Gicv2Model implements DeviceModel {
    public static final Gicv2Model DISTRIBUTOR = new Gicv2Model(), CPU_INTERFACE = new Gicv2Model();

    /** Compatible of a Cortex-A15's GIC (arm,gic.yaml); Linux's GIC driver also matches the A9 one listed after it. */
    public static final String COMPATIBLE = "arm,cortex-a15-gic";

    private Gicv2Model() {}

    /**
     * The machine's interrupt controller: the accelerator's in-kernel GIC when it offers one, else the Java
     * {@link Gicv2} mapped at the two windows, driving every vCPU's IRQ and FIQ inputs.
     */
    public static InterruptController create(Machine machine, MapWindow distributor, MapWindow cpuInterface, int lines) {
        GicSpec spec = GicSpec.v2(distributor.base(), cpuInterface.base(), lines);
        return machine.accelerator().inKernelInterruptController(spec).orElseGet(() -> {
            Gicv2 gic = Gicv2.forVcpus(lines, machine.vcpus());
            machine.bus().mapMmio(distributor.base(), distributor.size(), gic.distributor());
            machine.bus().mapMmio(cpuInterface.base(), cpuInterface.size(), gic.cpuInterface());
            return gic;
        });
    }

    /** Nothing: see {@link #writeNode(DeviceTreeWriter, MapWindow, MapWindow, int)}. */
    @Override
    public void build(BoardWiring wiring, MapWindow window) {}

    /** Nothing: see {@link #writeNode(DeviceTreeWriter, MapWindow, MapWindow, int)}. */
    @Override
    public void writeNode(DeviceTreeWriter dt, MapWindow window) {}

    /**
     * The GIC node, reg the distributor then the CPU interface, with its maintenance interrupt routed to
     * {@code cpus} CPUs; it becomes the root's interrupt parent, which every device node inherits.
     */
    public static FdtNode writeNode(DeviceTreeWriter dt, MapWindow distributor, MapWindow cpuInterface, int cpus) {
        FdtNode gic = dt.root().addChild(new FdtNode(DeviceTreeWriter.unitName("interrupt-controller", distributor.base())));
        gic.setStrings("compatible", COMPATIBLE, "arm,cortex-a9-gic")
                .setCells("#interrupt-cells", 3)
                .setCells("#address-cells", 0)
                .setEmpty("interrupt-controller")
                .setCells("reg", dt.reg(distributor, cpuInterface))
                .setCells("interrupts", DeviceTreeWriter.GIC_PPI, PrivateInterrupt.GIC_MAINTENANCE.ppi,
                        DeviceTreeWriter.ppiFlags(cpus, DeviceTreeWriter.IRQ_TYPE_LEVEL_HIGH));
        dt.root().setU32("interrupt-parent", dt.fdt().phandleOf(gic));
        return gic;
    }
}
