package armvmm.boards.vexpress;

import armvmm.boards.common.CpuNodes;
import armvmm.boards.common.DeviceTreeWriter;
import armvmm.boards.common.Gicv2Model;
import armvmm.boards.common.GuestTreePatch;
import armvmm.boards.common.RamModel;
import armvmm.fdt.Fdt;
import armvmm.fdt.FdtNode;

/**
 * The board's own device tree (when there is no --dtb): the skeleton of the V2P-CA15 tree, then the node
 * of every window of {@link VexpressMap} in table order, as its model writes it. A run then patches it, or
 * the user's tree, with {@link GuestTreePatch}.
 *
 * <p>The generated tree follows vexpress-v2p-ca15-tc1.dts for everything that is modelled (same
 * compatibles, interrupt numbers and board identification, so Linux's vexpress support binds as on the
 * real board) but flattens the motherboard bus into the root and gives the PrimeCells fixed clocks, so
 * that nothing depends on the clock tree of the configuration bus.
 */
public final class VexpressDeviceTree {
    private VexpressDeviceTree() {}

    public static final String GIC_COMPATIBLE = Gicv2Model.COMPATIBLE;

    /** The board's own tree for {@code cpus} CPUs; memory, chosen and virtio come from the run's {@link GuestTreePatch}. */
    public static Fdt generate(int cpus) {
        Fdt fdt = new Fdt();
        FdtNode root = fdt.root();
        root.setString("model", "V2P-CA15")
                .setU32("arm,hbi", 0x237)
                .setU32("arm,vexpress,site", 0xf)
                .setStrings("compatible", "arm,vexpress,v2p-ca15,tc1", "arm,vexpress,v2p-ca15", "arm,vexpress")
                .setCells("#address-cells", 2)
                .setCells("#size-cells", 2);
        DeviceTreeWriter dt = new DeviceTreeWriter(fdt);
        root.addChild(new FdtNode("chosen")).setString("stdout-path", "serial0:38400n8");
        root.addChild(new FdtNode("aliases"));
        CpuNodes.writeCpus(dt, cpus, "arm,cortex-a15");
        RamModel.writeMemoryNode(dt, VexpressMap.DRAM);
        Gicv2Model.writeNode(dt, VexpressMap.GIC_DIST, VexpressMap.GIC_CPU, cpus);
        CpuNodes.writeArchTimer(dt, cpus, DeviceTreeWriter.IRQ_TYPE_LEVEL_LOW);

        int clk24 = dt.fixedClock("clk24mhz", 24_000_000, "v2m:clk24mhz");
        int clk1 = dt.fixedClock("refclk1mhz", 1_000_000, "v2m:refclk1mhz");
        int clk32k = dt.fixedClock("refclk32khz", 32_768, "v2m:refclk32khz");
        // apb_pclk: on the board the tile's OSC6 through the configuration bus; a fixed 24 MHz here.
        int pclk = dt.fixedClock("apb-pclk", 24_000_000, "apb_pclk");
        // On the board the SP804s' clock enables are the SP810's timerclken outputs; here the 1 MHz reference
        // feeds them directly, the rate the timer model counts at.
        dt.feedClock("uartclk", clk24).feedClock("apb_pclk", pclk)
                .feedClock("refclk", clk32k).feedClock("timclk", clk1)
                .feedClock("timclken1", clk1).feedClock("timclken2", clk1);

        for (VexpressMap w : VexpressMap.values()) w.model.writeNode(dt, w);
        SysRegsModel.writeConfigBus(dt, VexpressMap.SYSREGS);
        return fdt;
    }
}
