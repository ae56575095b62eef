package armvmm.boards.virt;

import armvmm.boards.common.CpuNodes;
import armvmm.boards.common.DeviceTreeWriter;
import armvmm.boards.common.Gicv2Model;
import armvmm.boards.common.Gicv3Model;
import armvmm.boards.common.GuestTreePatch;
import armvmm.boards.common.PcieHostModel;
import armvmm.boards.common.RamModel;
import armvmm.boards.psci.Psci;
import armvmm.cpu.FirmwareCalls;
import armvmm.fdt.Fdt;
import armvmm.fdt.FdtNode;
import java.util.Locale;

/**
 * The board's own device tree (when there is no --dtb): what QEMU's virt writes for the devices modelled
 * here (same compatibles, interrupts and clocks, so a kernel binds the same drivers), then the node of every
 * window of {@link VirtMap} in table order, as its model writes it. A run then patches it, or the user's
 * tree, with {@link GuestTreePatch} (memory, /chosen, the virtio-mmio transports that exist).
 *
 * <p>Differences from QEMU's tree: nodes are named by their class (serial@, rtc@, gpio@, as the Devicetree
 * Specification recommends) rather than by the part, /aliases names the UART for stdout-path, and the
 * virtio-mmio interrupts are level-high (the transport holds its line until the driver acknowledges), where
 * QEMU writes edge-rising for the same lines.
 */
public final class VirtDeviceTree {
    private VirtDeviceTree() {}

    /** The compatible of the GIC node a GICv{@code gicVersion} machine's tree has. */
    public static String gicCompatible(int gicVersion) { return gicVersion == 3 ? Gicv3Model.COMPATIBLE : Gicv2Model.COMPATIBLE; }

    public static Fdt generate(int cpus, FirmwareCalls.Conduit conduit, int gicVersion) {
        Fdt fdt = new Fdt();
        FdtNode root = fdt.root();
        root.setString("model", "linux,dummy-virt").setString("compatible", "linux,dummy-virt")
                .setCells("#address-cells", 2).setCells("#size-cells", 2);
        DeviceTreeWriter dt = new DeviceTreeWriter(fdt);
        root.addChild(new FdtNode("chosen"));
        root.addChild(new FdtNode("aliases"));
        writePsci(dt, conduit);
        FdtNode cpusNode = CpuNodes.writeCpus(dt, cpus, "arm,cortex-a15");
        for (FdtNode cpu : cpusNode.children()) cpu.setString("enable-method", "psci");
        RamModel.writeMemoryNode(dt, VirtMap.RAM);
        // No maintenance interrupt: without the virtualization extensions there is no virtual interface to
        // maintain, and QEMU's virt lists none either.
        FdtNode timer;
        if (gicVersion == 3) {
            Gicv3Model.writeNode(dt, VirtMap.GIC_DIST, VirtMap.GIC_REDIST);
            timer = CpuNodes.writeArchTimerFlags(dt, DeviceTreeWriter.IRQ_TYPE_LEVEL_HIGH);
        } else {
            Gicv2Model.writeNode(dt, VirtMap.GIC_DIST, VirtMap.GIC_CPU, cpus).remove("interrupts");
            timer = CpuNodes.writeArchTimer(dt, cpus, DeviceTreeWriter.IRQ_TYPE_LEVEL_HIGH);
        }
        // always-on: the timer keeps counting in every idle state the CPUs enter (PSCI CPU_SUSPEND is a standby here)
        timer.setEmpty("always-on");

        // QEMU's virt feeds every PrimeCell from one 24 MHz clock.
        int pclk = dt.fixedClock("apb-pclk", 24_000_000, "clk24mhz");
        dt.feedClock("uartclk", pclk).feedClock("apb_pclk", pclk);

        for (VirtMap w : VirtMap.windows(gicVersion)) w.model.writeNode(dt, w);
        PcieHostModel.writeNode(dt, VirtMap.PCIE_ECAM, VirtMap.PCIE_MMIO, VirtMap.PCIE_PIO);
        return fdt;
    }

    /**
     * The psci node (Linux's arm/psci.yaml): PSCI 1.0 and 0.2 by the standard function IDs, and for kernels
     * that only know the first binding ("arm,psci") the IDs of its four functions, as QEMU lists them.
     */
    static void writePsci(DeviceTreeWriter dt, FirmwareCalls.Conduit conduit) {
        dt.root().addChild(new FdtNode("psci"))
                .setStrings("compatible", "arm,psci-1.0", "arm,psci-0.2", "arm,psci")
                .setString("method", conduit.name().toLowerCase(Locale.ROOT))
                .setU32("cpu_suspend", Psci.FN_CPU_SUSPEND).setU32("cpu_off", Psci.FN_CPU_OFF)
                .setU32("cpu_on", Psci.FN_CPU_ON).setU32("migrate", Psci.FN_MIGRATE);
    }
}
