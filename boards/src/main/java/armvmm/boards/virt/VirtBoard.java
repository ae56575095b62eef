package armvmm.boards.virt;

import armvmm.accel.Vcpu;
import armvmm.board.Board;
import armvmm.boards.common.BoardWiring;
import armvmm.boards.common.DefaultGuest;
import armvmm.boards.common.Gicv2Model;
import armvmm.boards.common.Gicv3Model;
import armvmm.boards.common.GuestBoot;
import armvmm.boards.common.PcieHostModel;
import armvmm.boards.common.VirtioSlot;
import armvmm.boards.loader.BootImages;
import armvmm.boards.psci.Psci;
import armvmm.cp15.CpReg;
import armvmm.cpu.CoreReg;
import armvmm.devices.gic.Gicv3;
import armvmm.devices.gic.IccRegisters;
import armvmm.cpu.FirmwareCalls;
import armvmm.error.VmmException;
import armvmm.machine.Machine;
import armvmm.machine.MachineConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * QEMU's {@code virt} machine for 32-bit guests: the windows of {@link VirtMap} with their devices, RAM at
 * 0x40000000, a device tree generated from the table, and PSCI through HVC for power and the secondary
 * CPUs (which start powered off, see {@link FirmwareStub}). A Linux kernel, or a raw binary, boots on the
 * first CPU by the Linux boot protocol with r2 the tree.
 */
public final class VirtBoard implements Board {
    /** PSCI's conduit: HVC, as QEMU's virt has it without EL2 and EL3 (the psci node's method). */
    static final FirmwareCalls.Conduit CONDUIT = FirmwareCalls.Conduit.HVC;

    /**
     * Where the kernel goes: RAM base + 0x10000, QEMU's load address for an AArch32 -kernel (hw/arm/boot.c),
     * so that a raw binary linked for QEMU's virt (a test program) runs here unchanged.
     */
    public static final long KERNEL_OFFSET = 0x10000;

    private final DefaultGuest defaultGuest;
    /** 2 or 3 (gic-version): GICv2 by default, as QEMU's virt. */
    private final int gicVersion;

    public VirtBoard() { this(DefaultGuest.fromEnvironment()); }

    public VirtBoard(DefaultGuest defaultGuest) { this(defaultGuest, 2); }

    public VirtBoard(DefaultGuest defaultGuest, int gicVersion) {
        this.defaultGuest = defaultGuest;
        this.gicVersion = gicVersion;
    }

    public int gicVersion() { return gicVersion; }

    /** gic-version=2|3. */
    @Override
    public VirtBoard withOptions(Map<String, String> options) {
        int version = gicVersion;
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (!e.getKey().equals("gic-version"))
                throw new VmmException("--board virt," + e.getKey() + "=" + e.getValue() + ": unknown option (the virt board takes gic-version=2|3)");
            version = switch (e.getValue()) {
                case "2" -> 2;
                case "3" -> 3;
                default -> throw new VmmException("--board virt,gic-version=" + e.getValue() + ": use gic-version=2 or 3");
            };
        }
        return new VirtBoard(defaultGuest, version);
    }

    @Override
    public String spec() { return gicVersion == 2 ? name() : name() + ",gic-version=" + gicVersion; }

    /** The ICC_* registers of a GICv3's CPU interface; a GICv2's is memory-mapped. */
    @Override
    public List<CpReg> systemRegisters() { return gicVersion == 3 ? IccRegisters.definitions() : List.of(); }

    /** The configuration this board really runs: the fetched Debian guest filled in when no kernel is named. */
    public MachineConfig effectiveConfig(MachineConfig cfg) { return defaultGuest.apply(cfg); }

    @Override
    public String name() { return "virt"; }

    @Override
    public String description() { return "QEMU's virt machine for 32-bit guests (Cortex-A15, GICv2 or gic-version=3, PSCI, virtio-mmio, a PCIe host)"; }

    @Override
    public long defaultMemoryBytes() { return 512L << 20; }

    /**
     * GICv2 has eight CPU interface targets; a GICv3 as many as both its redistributor window
     * (123) and the model's affinities (16, see {@link Gicv3#MAX_CPUS}) hold.
     */
    @Override
    public int maxCpus() { return gicVersion == 3 ? Math.min(Gicv3Model.cpusFitting(VirtMap.GIC_REDIST), Gicv3.MAX_CPUS) : 8; }

    private GuestBoot boot(MachineConfig cfg) {
        return new GuestBoot(VirtMap.RAM, KERNEL_OFFSET, () -> {
            throw new VmmException("the virt board has no bundled guest: give --kernel (or run scripts/fetch-guest for the Debian one)");
        }, () -> VirtDeviceTree.generate(cfg.cpus(), CONDUIT, gicVersion), VirtDeviceTree.gicCompatible(gicVersion));
    }

    /** The virtio-mmio transports of this run; the --device types of the PCIe host go to it instead. */
    private static List<VirtioSlot> virtioSlots(MachineConfig cfg) { return VirtioSlot.assign(cfg, VirtMap.VIRTIO, PcieHostModel.deviceTypes()); }

    @Override
    public Optional<byte[]> deviceTree(MachineConfig config) {
        MachineConfig cfg = effectiveConfig(config);
        return Optional.of(boot(cfg).prepare(cfg, virtioSlots(cfg)).dtb());
    }

    @Override
    public Optional<FirmwareCalls> firmware(Machine machine) {
        return Optional.of(new Psci(CONDUIT, machine, machine::vcpus, VirtMap.RAM.base, machine.config().memoryBytes()));
    }

    @Override
    public void build(Machine machine) {
        MachineConfig cfg = effectiveConfig(machine.config());
        List<VirtioSlot> virtio = virtioSlots(cfg);
        // Images are read and placed before anything is mapped, so bad files fail fast with one line.
        BootImages images = boot(cfg).prepare(cfg, virtio);

        machine.setInterruptController(gicVersion == 3 ? Gicv3Model.create(machine, VirtMap.GIC_DIST, VirtMap.GIC_REDIST, VirtMap.GIC_LINES)
                : Gicv2Model.create(machine, VirtMap.GIC_DIST, VirtMap.GIC_CPU, VirtMap.GIC_LINES));
        BoardWiring wiring = BoardWiring.open(machine, cfg, virtio);
        PcieHostModel.create(wiring, VirtMap.PCIE_ECAM, VirtMap.PCIE_MMIO, VirtMap.PCIE_PIO);
        for (VirtMap w : VirtMap.windows(gicVersion)) w.model.build(wiring, w);

        Runnable boot = () -> {
            images.load(machine.bus());
            for (Vcpu c : machine.vcpus())
                c.writeRegisters(c.index() == 0 ? images.primaryRegisters()
                        : BootImages.secondaryRegisters(FirmwareStub.entry()).with(CoreReg.R0, FirmwareStub.R0));
        };
        boot.run();
        machine.onReset(boot);
    }
}
