package armvmm.boards.virt;

import armvmm.boards.common.DeviceModel;
import armvmm.boards.common.Gicv2Model;
import armvmm.boards.common.Gicv3Model;
import armvmm.boards.common.PcieHostModel;
import armvmm.boards.common.Pl011Model;
import armvmm.boards.common.Pl031Model;
import armvmm.boards.common.Pl061Model;
import armvmm.boards.common.RamModel;
import armvmm.boards.common.RomModel;
import armvmm.boards.common.UnimplementedModel;
import armvmm.boards.common.VirtioMmioModel;

/** What the board puts behind a window of {@link VirtMap}: the names its table uses. */
final class Model {
    private Model() {}

    /** Guest RAM (size from --memory). */
    static final DeviceModel RAM = new RamModel("virt.ram");
    /** The first page of flash: the secondary CPUs' power-off stub ({@link FirmwareStub}). */
    static final DeviceModel FIRMWARE_STUB = new RomModel("virt.firmware-stub", FirmwareStub::build);
    static final DeviceModel GIC_DISTRIBUTOR = Gicv2Model.DISTRIBUTOR;
    static final DeviceModel GIC_CPU_INTERFACE = Gicv2Model.CPU_INTERFACE;
    static final DeviceModel GIC_REDISTRIBUTORS = Gicv3Model.REDISTRIBUTORS;
    /** The PL011 that gets the --serial backend. */
    static final DeviceModel PL011_CONSOLE = Pl011Model.CONSOLE;
    static final DeviceModel PL031 = Pl031Model.INSTANCE;
    static final DeviceModel PL061_POWER_BUTTON = Pl061Model.WITH_POWER_BUTTON;
    /** The virtio-mmio transport slots; a transport is only created for a device the user asked for. */
    static final DeviceModel VIRTIO_MMIO = VirtioMmioModel.INSTANCE;
    /** The generic PCIe host's windows: the board creates the host from all three (see PcieHostModel). */
    static final DeviceModel PCIE_MEMORY = PcieHostModel.MEMORY, PCIE_IO = PcieHostModel.IO, PCIE_ECAM_SPACE = PcieHostModel.ECAM;
    /** On QEMU's virt but not modelled here: reads as zero, and absent from the generated tree. */
    static final DeviceModel UNIMPLEMENTED = UnimplementedModel.INSTANCE;
}
