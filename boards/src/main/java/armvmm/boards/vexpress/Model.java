package armvmm.boards.vexpress;

import armvmm.boards.common.DeviceModel;
import armvmm.boards.common.Gicv2Model;
import armvmm.boards.common.Pl011Model;
import armvmm.boards.common.Pl031Model;
import armvmm.boards.common.RamModel;
import armvmm.boards.common.RomModel;
import armvmm.boards.common.Sp804Model;
import armvmm.boards.common.Sp810Model;
import armvmm.boards.common.UnimplementedModel;
import armvmm.boards.common.VirtioMmioModel;

/** What the board puts behind a window of {@link VexpressMap}: the names its table uses. */
public final class Model {
    private Model() {}

    /** Guest RAM (size from --memory). */
    public static final DeviceModel RAM = new RamModel("vexpress.dram");
    /** The boot ROM holding the secondary-CPU holding pen. */
    public static final DeviceModel BOOT_ROM = new RomModel("vexpress.boot-rom", w -> SecondaryBootRom.build());
    public static final DeviceModel VEXPRESS_SYSREGS = SysRegsModel.INSTANCE;
    public static final DeviceModel SP810 = Sp810Model.INSTANCE;
    public static final DeviceModel PL011 = Pl011Model.UART;
    /** The PL011 that gets the --serial backend. */
    public static final DeviceModel PL011_CONSOLE = Pl011Model.CONSOLE;
    public static final DeviceModel SP804 = Sp804Model.INSTANCE;
    public static final DeviceModel PL031 = Pl031Model.INSTANCE;
    /** GICv2 distributor and CPU interface (the Java model, or the accelerator's in-kernel one). */
    public static final DeviceModel GIC_DISTRIBUTOR = Gicv2Model.DISTRIBUTOR;
    public static final DeviceModel GIC_CPU_INTERFACE = Gicv2Model.CPU_INTERFACE;
    /** The virtio-mmio transport slots; a transport is only created for a device the user asked for. */
    public static final DeviceModel VIRTIO_MMIO = VirtioMmioModel.INSTANCE;
    /** Present on the real board but not modelled: reads as zero, and absent from the generated tree. */
    public static final DeviceModel UNIMPLEMENTED = UnimplementedModel.INSTANCE;
}
