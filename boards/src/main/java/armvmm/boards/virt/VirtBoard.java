package armvmm.boards.virt;

import armvmm.accel.Vcpu;
import armvmm.board.Board;
import armvmm.boards.common.BoardWiring;
import armvmm.boards.common.DefaultGuest;
import armvmm.boards.common.Gicv2Model;
import armvmm.boards.common.GuestBoot;
import armvmm.boards.common.VirtioSlot;
import armvmm.boards.loader.BootImages;
import armvmm.boards.psci.Psci;
import armvmm.cpu.CoreReg;
import armvmm.cpu.FirmwareCalls;
import armvmm.error.VmmException;
import armvmm.machine.Machine;
import armvmm.machine.MachineConfig;
import java.util.List;
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

    public VirtBoard() { this(DefaultGuest.fromEnvironment()); }

    public VirtBoard(DefaultGuest defaultGuest) { this.defaultGuest = defaultGuest; }

    /** The configuration this board really runs: the fetched Debian guest filled in when no kernel is named. */
    public MachineConfig effectiveConfig(MachineConfig cfg) { return defaultGuest.apply(cfg); }

    @Override
    public String name() { return "virt"; }

    @Override
    public String description() { return "QEMU's virt machine for 32-bit guests (Cortex-A15, GICv2, PSCI, virtio-mmio)"; }

    @Override
    public long defaultMemoryBytes() { return 512L << 20; }

    /** GICv2 has eight CPU interface targets. */
    @Override
    public int maxCpus() { return 8; }

    private GuestBoot boot(MachineConfig cfg) {
        return new GuestBoot(VirtMap.RAM, KERNEL_OFFSET, () -> {
            throw new VmmException("the virt board has no bundled guest: give --kernel (or run scripts/fetch-guest for the Debian one)");
        }, () -> VirtDeviceTree.generate(cfg.cpus(), CONDUIT), VirtDeviceTree.GIC_COMPATIBLE);
    }

    @Override
    public Optional<byte[]> deviceTree(MachineConfig config) {
        MachineConfig cfg = effectiveConfig(config);
        return Optional.of(boot(cfg).prepare(cfg, VirtioSlot.assign(cfg, VirtMap.VIRTIO)).dtb());
    }

    @Override
    public Optional<FirmwareCalls> firmware(Machine machine) {
        return Optional.of(new Psci(CONDUIT, machine, machine::vcpus, VirtMap.RAM.base, machine.config().memoryBytes()));
    }

    @Override
    public void build(Machine machine) {
        MachineConfig cfg = effectiveConfig(machine.config());
        List<VirtioSlot> virtio = VirtioSlot.assign(cfg, VirtMap.VIRTIO);
        // Images are read and placed before anything is mapped, so bad files fail fast with one line.
        BootImages images = boot(cfg).prepare(cfg, virtio);

        machine.setInterruptController(Gicv2Model.create(machine, VirtMap.GIC_DIST, VirtMap.GIC_CPU, VirtMap.GIC_LINES));
        BoardWiring wiring = BoardWiring.open(machine, cfg, virtio);
        for (VirtMap w : VirtMap.values()) w.model.build(wiring, w);

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
