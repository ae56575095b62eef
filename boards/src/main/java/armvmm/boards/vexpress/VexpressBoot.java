package armvmm.boards.vexpress;

import armvmm.boards.common.GuestBoot;
import armvmm.boards.common.VirtioSlot;
import armvmm.boards.loader.BootImages;
import armvmm.boards.loader.BootLayout;
import armvmm.boards.loader.GuestFile;
import armvmm.boards.loader.KernelImage;
import armvmm.machine.MachineConfig;
import java.util.List;

/**
 * The vexpress-a15's {@link GuestBoot}: RAM at {@link VexpressMap#DRAM}, the bundled demo guest when no
 * kernel is named, the board's own tree from {@link VexpressDeviceTree}. Shared by the board and
 * {@code vmm dtb}, so the dumped tree is the one the guest gets.
 */
public final class VexpressBoot {
    private VexpressBoot() {}

    /** The bare-metal demo guest (guests/demo), bundled in this module's jar. */
    public static final String DEMO_GUEST = "/armvmm/boards/guests/demo.bin";

    public static BootImages prepare(MachineConfig cfg, List<VirtioSlot> virtio) {
        return new GuestBoot(VexpressMap.DRAM, BootLayout.TEXT_OFFSET, () -> KernelImage.detect("the demo guest", GuestFile.resource(DEMO_GUEST)),
                () -> VexpressDeviceTree.generate(cfg.cpus()), VexpressDeviceTree.GIC_COMPATIBLE).prepare(cfg, virtio);
    }
}
