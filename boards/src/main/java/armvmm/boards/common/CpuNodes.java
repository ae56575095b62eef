package armvmm.boards.common;

import armvmm.fdt.FdtNode;

/** The nodes of the CPUs themselves: /cpus and the architected (generic) timer. */
public final class CpuNodes {
    private CpuNodes() {}

    /** /cpus with {@code cpus} CPUs in cluster 0: a CPU's reg is its MPIDR[23:0], Aff0 its number. */
    public static FdtNode writeCpus(DeviceTreeWriter dt, int cpus, String compatible) {
        FdtNode cpusNode = dt.root().addChild(new FdtNode("cpus"));
        cpusNode.setCells("#address-cells", 1).setCells("#size-cells", 0);
        for (int i = 0; i < cpus; i++)
            cpusNode.addChild(new FdtNode("cpu@" + i)).setString("device_type", "cpu").setString("compatible", compatible).setU32("reg", i);
        return cpusNode;
    }

    /**
     * The "arm,armv7-timer" node: its four PPIs routed to every CPU, with the trigger type {@code type}
     * the board's own trees give them (vexpress level-low, QEMU's virt level-high; the GICv2 treats both
     * as level-sensitive).
     */
    public static FdtNode writeArchTimer(DeviceTreeWriter dt, int cpus, int type) {
        return writeArchTimerFlags(dt, DeviceTreeWriter.ppiFlags(cpus, type));
    }

    /**
     * The timer node with {@code flags} as every PPI's third cell: a GICv3's PPI specifiers carry no CPU mask
     * (arm,gic-v3.yaml), so a GICv3 board gives the bare trigger type.
     */
    public static FdtNode writeArchTimerFlags(DeviceTreeWriter dt, int flags) {
        return dt.root().addChild(new FdtNode("timer")).setString("compatible", "arm,armv7-timer").setCells("interrupts",
                DeviceTreeWriter.GIC_PPI, PrivateInterrupt.SECURE_PHYSICAL_TIMER.ppi, flags,
                DeviceTreeWriter.GIC_PPI, PrivateInterrupt.NON_SECURE_PHYSICAL_TIMER.ppi, flags,
                DeviceTreeWriter.GIC_PPI, PrivateInterrupt.VIRTUAL_TIMER.ppi, flags,
                DeviceTreeWriter.GIC_PPI, PrivateInterrupt.HYPERVISOR_TIMER.ppi, flags);
    }
}
