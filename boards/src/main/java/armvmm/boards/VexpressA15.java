package armvmm.boards;

import armvmm.accel.Vcpu;
import armvmm.board.Board;
import armvmm.cpu.cortexa15.CortexA15;
import armvmm.cp15.CpReg;
import armvmm.boards.common.BoardWiring;
import armvmm.boards.common.Gicv2Model;
import armvmm.boards.common.VirtioSlot;
import armvmm.boards.loader.BootImages;
import armvmm.boards.common.DefaultGuest;
import armvmm.boards.vexpress.SecondaryBootRom;
import armvmm.boards.vexpress.VexpressBoot;
import armvmm.boards.vexpress.VexpressMap;
import armvmm.machine.Machine;
import armvmm.machine.MachineConfig;
import java.util.List;
import java.util.Optional;

/**
 * Versatile Express V2P-CA15 (Cortex-A15 core tile, RS1 memory map): the windows of {@link VexpressMap}
 * with their devices, RAM at 0x80000000, a Linux (or bare-metal) boot on the first CPU and every other
 * CPU in the holding pen of {@link SecondaryBootRom}.
 */
public final class VexpressA15 implements Board {
    private final DefaultGuest defaultGuest;

    /** The board as the CLI finds it: without --kernel it boots the fetched Debian guest, or the demo. */
    public VexpressA15() { this(DefaultGuest.fromEnvironment()); }

    public VexpressA15(DefaultGuest defaultGuest) { this.defaultGuest = defaultGuest; }

    /** The configuration this board really runs: the default guest filled in when no kernel is named. */
    public MachineConfig effectiveConfig(MachineConfig cfg) { return defaultGuest.apply(cfg); }

    @Override
    public String name() { return "vexpress-a15"; }

    @Override
    public String description() { return "ARM Versatile Express with a Cortex-A15 core tile (V2P-CA15)"; }

    @Override
    public long defaultMemoryBytes() { return 512L << 20; }

    @Override
    public int maxCpus() { return 4; }

    /** CBAR: the private peripherals (GIC) at 0x2c000000. */
    @Override
    public List<CpReg> systemRegisters() { return List.of(CortexA15.cbar(VexpressMap.PERIPHBASE)); }

    @Override
    public Optional<byte[]> deviceTree(MachineConfig config) {
        MachineConfig cfg = effectiveConfig(config);
        return Optional.of(VexpressBoot.prepare(cfg, VirtioSlot.assign(cfg, VexpressMap.VIRTIO)).dtb());
    }

    @Override
    public void build(Machine machine) {
        MachineConfig cfg = effectiveConfig(machine.config());
        List<VirtioSlot> virtio = VirtioSlot.assign(cfg, VexpressMap.VIRTIO);
        // Images are read and placed before anything is mapped, so bad files fail fast with one line.
        BootImages images = VexpressBoot.prepare(cfg, virtio);

        machine.setInterruptController(Gicv2Model.create(machine, VexpressMap.GIC_DIST, VexpressMap.GIC_CPU, VexpressMap.GIC_LINES));
        BoardWiring wiring = BoardWiring.open(machine, cfg, virtio);
        for (VexpressMap w : VexpressMap.values()) w.model.build(wiring, w);

        Runnable boot = () -> {
            images.load(machine.bus());
            List<? extends Vcpu> cpus = machine.vcpus();
            for (Vcpu c : cpus)
                c.writeRegisters(c.index() == 0 ? images.primaryRegisters() : BootImages.secondaryRegisters(SecondaryBootRom.entry()));
        };
        boot.run();
        machine.onReset(boot);
    }
}
