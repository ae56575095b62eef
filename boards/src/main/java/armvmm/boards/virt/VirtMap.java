package armvmm.boards.virt;

import static armvmm.boards.virt.Model.*;
import static armvmm.boards.virt.VirtMap.Gic.*;

import armvmm.boards.common.DeviceModel;
import armvmm.boards.common.MapWindow;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The memory map of QEMU's {@code virt} machine for 32-bit guests (GICv2 or GICv3, no secure world, no
 * virtualization), with each window's interrupts: the layout of QEMU 7.2's hw/arm/virt.c, checked window by
 * window against the tree {@code qemu-system-arm -M virt,dumpdtb=virt.dtb} writes (see VirtMapTest). Images
 * and trees made for QEMU's virt therefore find their devices where they expect them.
 *
 * <p>Interrupts are GIC SPI numbers (interrupt ID minus 32), as the tree's interrupt specifiers give them.
 * The model column says what the board creates behind each window and which node the generated tree gives
 * it; the board is this table and a loop over it.
 */
public enum VirtMap implements MapWindow {
    //            base          size          model               SPIs              GIC  what
    FIRMWARE(     0x0000_0000L, 0x1000,       FIRMWARE_STUB,      irqs(),           ANY, "first page of flash bank 0: the VMM's power-off stub for secondary CPUs"),
    FLASH(        0x0000_1000L, 0x07ff_f000L, UNIMPLEMENTED,      irqs(),           ANY, "the rest of the two 64 MiB flash banks (QEMU's cfi-flash; no -bios image here)"),
    GIC_DIST(     0x0800_0000L, 0x0001_0000L, GIC_DISTRIBUTOR,    irqs(),           ANY, "GIC distributor (GICv2 or GICv3)"),
    GIC_CPU(      0x0801_0000L, 0x0001_0000L, GIC_CPU_INTERFACE,  irqs(),           V2,  "GICv2 CPU interface"),
    GIC_V2M(      0x0802_0000L, 0x1000,       UNIMPLEMENTED,      irqs(),           V2,  "GICv2m MSI frame (no PCI function here sends MSIs)"),
    GIC_ITS(      0x0808_0000L, 0x0002_0000L, UNIMPLEMENTED,      irqs(),           V3,  "GICv3 ITS (no LPIs here, and no PCI function sends MSIs)"),
    GIC_REDIST(   0x080a_0000L, 0x00f6_0000L, GIC_REDISTRIBUTORS, irqs(),           V3,  "GICv3 redistributors, 128 KiB a CPU: room for 123"),
    UART(         0x0900_0000L, 0x1000,       PL011_CONSOLE,      irqs(1), ANY,      "PL011 UART (the console, ttyAMA0)"),
    RTC(          0x0901_0000L, 0x1000,       PL031,              irqs(2), ANY,      "PL031 real-time clock"),
    FW_CFG(       0x0902_0000L, 0x18,         UNIMPLEMENTED,      irqs(),           ANY, "QEMU's fw_cfg (the VMM loads the images itself)"),
    GPIO(         0x0903_0000L, 0x1000,       PL061_POWER_BUTTON, irqs(7), ANY,      "PL061 GPIO, pin 3 the power button (gpio-keys)"),
    VIRTIO(       0x0a00_0000L, 32 * 0x200L,  VIRTIO_MMIO,        spiRange(16, 32), ANY, "32 virtio-mmio transports, 0x200 apart, SPIs 16-47"),
    PLATFORM_BUS( 0x0c00_0000L, 0x0200_0000L, UNIMPLEMENTED,      irqs(),           ANY, "QEMU's dynamic sysbus devices (none here)"),
    PCIE_MMIO(    0x1000_0000L, 0x2eff_0000L, PCIE_MEMORY,        irqs(),           ANY, "PCIe memory window (32-bit BARs, PCI address = CPU address)"),
    PCIE_PIO(     0x3eff_0000L, 0x0001_0000L, PCIE_IO,            irqs(),           ANY, "PCIe I/O window (PCI I/O addresses 0 to 0xffff)"),
    PCIE_ECAM(    0x3f00_0000L, 0x0100_0000L, PCIE_ECAM_SPACE,    irqs(),           ANY, "PCIe configuration space (ECAM, buses 0-15; functions on bus 0)"),
    RAM(          0x4000_0000L, 0xc000_0000L, Model.RAM,          irqs(),           ANY, "RAM: the 3 GiB up to 4 GiB, --memory of it mapped");

    /** Which machines have a window: any, or only the one with that GIC. */
    enum Gic { ANY, V2, V3 }

    /** GIC interrupt IDs implemented: QEMU's virt gives its GIC 256 SPIs. */
    public static final int GIC_LINES = 32 + 256;

    public final long base;
    public final long size;
    public final DeviceModel model;
    private final int[] spis;
    private final Gic gic;
    public final String description;

    VirtMap(long base, long size, DeviceModel model, int[] spis, Gic gic, String description) {
        this.gic = gic;
        this.base = base;
        this.size = size;
        this.model = model;
        this.spis = spis;
        this.description = description;
    }

    private static int[] irqs(int... n) { return n; }

    /** The windows of the machine with a GICv{@code gicVersion}, in table order. */
    public static List<VirtMap> windows(int gicVersion) {
        Gic only = gicVersion == 3 ? Gic.V3 : Gic.V2;
        return Arrays.stream(values()).filter(w -> w.gic == Gic.ANY || w.gic == only).toList();
    }

    private static int[] spiRange(int first, int count) { return IntStream.range(first, first + count).toArray(); }

    @Override
    public long base() { return base; }

    @Override
    public long size() { return size; }

    @Override
    public DeviceModel model() { return model; }

    @Override
    public int[] spis() { return spis.clone(); }
}
