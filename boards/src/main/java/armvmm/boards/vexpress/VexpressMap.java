package armvmm.boards.vexpress;

import static armvmm.boards.vexpress.Model.*;

import armvmm.boards.common.DeviceModel;
import armvmm.boards.common.MapWindow;
import armvmm.boards.common.VirtioSlot;

/**
 * The V2P-CA15 memory map ("RS1", the Cortex-A15 map of the Versatile Express), with each window's
 * interrupts, as Linux's vexpress-v2p-ca15-tc1.dts and vexpress-v2m-rs1.dtsi describe it and QEMU's
 * hw/arm/vexpress.c (a15_daughterboard, the VE_* map) places it.
 *
 * <p>Motherboard (V2M-P1) interrupts are numbered as the motherboard's bus node numbers them: its
 * interrupt-map sends motherboard interrupt n to GIC SPI n (GIC interrupt ID 32 + n).
 *
 * <p>The model column says what the board creates behind each window and which node the generated tree
 * gives it ({@link DeviceModel}); the board is this table and a loop over it.
 */
public enum VexpressMap implements MapWindow {
    //                base          size         model              SPIs      what (V2M-P1 / CoreTile TRM names)
    // Static memory chip selects on the motherboard (SMB CS0..CS5 through the tile's ranges).
    NOR_FLASH0(      0x0800_0000L, 0x0400_0000L, UNIMPLEMENTED,     irqs(),   "NOR flash 0 (CS0)"),
    NOR_FLASH1(      0x0c00_0000L, 0x0400_0000L, UNIMPLEMENTED,     irqs(),   "NOR flash 1 (CS4)"),
    PSRAM(           0x1400_0000L, 0x0200_0000L, UNIMPLEMENTED,     irqs(),   "PSRAM (CS1)"),
    ETHERNET(        0x1a00_0000L, 0x0001_0000L, UNIMPLEMENTED,     irqs(15), "LAN9118 Ethernet (CS2)"),
    USB(             0x1b00_0000L, 0x0002_0000L, UNIMPLEMENTED,     irqs(16), "ISP1761 USB (CS2)"),
    // CS3: the motherboard peripherals ("IOFPGA"), 0x1c000000 + ...
    SYSREGS(         0x1c01_0000L, 0x1000,       VEXPRESS_SYSREGS,  irqs(),   "system registers"),
    SYSCTL(          0x1c02_0000L, 0x1000,       SP810,             irqs(),   "SP810 system controller"),
    I2C_PCIE(        0x1c03_0000L, 0x1000,       UNIMPLEMENTED,     irqs(),   "I2C (PCIe switch)"),
    AACI(            0x1c04_0000L, 0x1000,       UNIMPLEMENTED,     irqs(11), "PL041 audio"),
    MMCI(            0x1c05_0000L, 0x1000,       UNIMPLEMENTED,     irqs(9, 10), "PL180 multimedia card"),
    KMI0(            0x1c06_0000L, 0x1000,       UNIMPLEMENTED,     irqs(12), "PL050 keyboard"),
    KMI1(            0x1c07_0000L, 0x1000,       UNIMPLEMENTED,     irqs(13), "PL050 mouse"),
    UART0(           0x1c09_0000L, 0x1000,       PL011_CONSOLE,     irqs(5),  "PL011 UART0 (the console)"),
    UART1(           0x1c0a_0000L, 0x1000,       PL011,             irqs(6),  "PL011 UART1"),
    UART2(           0x1c0b_0000L, 0x1000,       PL011,             irqs(7),  "PL011 UART2"),
    UART3(           0x1c0c_0000L, 0x1000,       PL011,             irqs(8),  "PL011 UART3"),
    WATCHDOG(        0x1c0f_0000L, 0x1000,       UNIMPLEMENTED,     irqs(0),  "SP805 watchdog"),
    TIMER01(         0x1c11_0000L, 0x1000,       SP804,             irqs(2),  "SP804 timers 0 and 1"),
    TIMER23(         0x1c12_0000L, 0x1000,       SP804,             irqs(3),  "SP804 timers 2 and 3"),
    VIRTIO(          0x1c13_0000L, 4 * 0x200L,   VIRTIO_MMIO,       irqs(40, 41, 42, 43), "virtio-mmio transports 0-3 (0x200 apart, as QEMU)"),
    I2C_DVI(         0x1c16_0000L, 0x1000,       UNIMPLEMENTED,     irqs(),   "I2C (DVI)"),
    RTC(             0x1c17_0000L, 0x1000,       PL031,             irqs(4),  "PL031 real-time clock"),
    COMPACT_FLASH(   0x1c1a_0000L, 0x1000,       UNIMPLEMENTED,     irqs(),   "CompactFlash"),
    CLCD(            0x1c1f_0000L, 0x1000,       UNIMPLEMENTED,     irqs(14), "PL111 colour LCD"),
    // CoreTile Express A15x2 peripherals.
    BOOT_ROM(        0x0000_0000L, 0x1000,       Model.BOOT_ROM,    irqs(),   "boot ROM: the secondary-CPU holding pen"),
    HDLCD(           0x2b00_0000L, 0x1000,       UNIMPLEMENTED,     irqs(85), "HDLCD controller"),
    SYSTEM_WDT(      0x2b06_0000L, 0x1000,       UNIMPLEMENTED,     irqs(98), "SP805 system watchdog"),
    DMC(             0x2b0a_0000L, 0x1000,       UNIMPLEMENTED,     irqs(),   "PL341 dynamic memory controller"),
    // A15 private peripherals, at CBAR = 0x2c000000.
    GIC_DIST(        0x2c00_1000L, 0x1000,       GIC_DISTRIBUTOR,   irqs(),   "GIC distributor"),
    GIC_CPU(         0x2c00_2000L, 0x2000,       GIC_CPU_INTERFACE, irqs(),   "GIC CPU interface"),
    GIC_HYP(         0x2c00_4000L, 0x2000,       UNIMPLEMENTED,     irqs(),   "GIC virtual interface control (not modelled)"),
    GIC_VCPU(        0x2c00_6000L, 0x2000,       UNIMPLEMENTED,     irqs(),   "GIC virtual CPU interface (not modelled)"),
    DMA(             0x7ffb_0000L, 0x1000,       UNIMPLEMENTED,     irqs(92, 88, 89, 90, 91), "PL330 DMA"),
    SMC(             0x7ffd_0000L, 0x1000,       UNIMPLEMENTED,     irqs(86, 87), "PL354 static memory controller"),
    DRAM(            0x8000_0000L, 0x8000_0000L, Model.RAM,         irqs(),   "DDR2 RAM (up to 2 GiB; --memory of it mapped)");

    /** The A15 private peripheral region base, what CBAR reads. */
    public static final long PERIPHBASE = 0x2c00_0000L;
    /** GIC interrupt ID of SPI 0. */
    public static final int SPI_BASE = MapWindow.SPI_BASE;
    /** GIC interrupt IDs implemented: the motherboard's 43 plus the tile's up to SPI 127 (the dts's PMU is SPI 68, 69). */
    public static final int GIC_LINES = 160;
    /** Size of one virtio-mmio transport window. */
    public static final long VIRTIO_TRANSPORT_SIZE = VirtioSlot.TRANSPORT_SIZE;

    public final long base;
    public final long size;
    public final DeviceModel model;
    private final int[] spis;
    public final String description;

    VexpressMap(long base, long size, DeviceModel model, int[] spis, String description) {
        this.base = base;
        this.size = size;
        this.model = model;
        this.spis = spis;
        this.description = description;
    }

    private static int[] irqs(int... n) { return n; }

    @Override
    public long base() { return base; }

    @Override
    public long size() { return size; }

    @Override
    public DeviceModel model() { return model; }

    /** The SPI numbers (GIC interrupt ID minus 32) of this window, in the order the dts lists them. */
    @Override
    public int[] spis() { return spis.clone(); }

    /** Offset from the motherboard's CS3 window (0x1c000000), as its bus node addresses children. */
    public long iofpgaOffset() { return base - 0x1c00_0000L; }
}
