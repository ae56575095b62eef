package armvmm.boards.vexpress;

import armvmm.boards.common.GuestTreePatch;
import armvmm.boards.common.VirtioSlot;
import armvmm.boards.loader.BootImages;
import armvmm.boards.loader.BootLayout;
import armvmm.boards.loader.GuestFile;
import armvmm.boards.loader.KernelImage;
import armvmm.fdt.Fdt;
import armvmm.machine.MachineConfig;
import armvmm.error.VmmException;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Turns the run options into what goes into RAM: the kernel (or the bundled demo guest), the initrd and
 * the patched device tree, placed by {@link BootLayout}. Shared by the board and {@code vmm dtb}, so the
 * dumped tree is the one the guest gets.
 */
public final class VexpressBoot {
    private VexpressBoot() {}

    /** The bare-metal demo guest (guests/demo), bundled in this module's jar. */
    public static final String DEMO_GUEST = "/armvmm/boards/guests/demo.bin";

    public static BootImages prepare(MachineConfig cfg, List<VirtioSlot> virtio) {
        long ramBase = VexpressMap.DRAM.base;
        long ramSize = cfg.memoryBytes();
        if (ramSize <= 0 || ramSize > VexpressMap.DRAM.size || ramSize % BootLayout.PAGE != 0)
            throw new VmmException(String.format("--memory %s: the vexpress-a15 board takes a multiple of 4 KiB up to %d MiB",
                    ramSize % (1 << 20) == 0 ? (ramSize >> 20) + " MiB" : ramSize + " bytes", VexpressMap.DRAM.size >> 20));
        KernelImage kernel = cfg.kernel() == null
                ? KernelImage.detect("the demo guest", GuestFile.resource(DEMO_GUEST))
                : KernelImage.detect(cfg.kernel().toString(), GuestFile.read("--kernel", cfg.kernel(), ramSize));
        byte[] initrd = cfg.initrd() == null ? null : GuestFile.read("--initrd", cfg.initrd(), ramSize);
        BootLayout layout = BootLayout.place(ramBase, ramSize, kernel, initrd == null ? 0 : initrd.length);

        Fdt fdt = cfg.dtb() == null ? VexpressDeviceTree.generate(cfg.cpus()) : userTree(cfg);
        new GuestTreePatch(ramBase, ramSize, cfg.append(), layout.initrdAddress(), layout.initrdEnd(), virtio,
                VexpressDeviceTree.GIC_COMPATIBLE).applyTo(fdt);
        byte[] dtb = fdt.toDtb();
        return new BootImages(kernel, initrd, dtb, layout.withDtb(dtb.length));
    }

    /** Real device trees are tens of KiB: a --dtb over 2 MiB is a wrong file, refused before reading it whole. */
    static final long MAX_DTB = 2L << 20;

    private static Fdt userTree(MachineConfig cfg) {
        byte[] blob = GuestFile.read("--dtb", cfg.dtb(), MAX_DTB);
        Fdt fdt;
        try {
            fdt = Fdt.parse(blob);
        } catch (VmmException e) {
            throw new VmmException("--dtb " + cfg.dtb() + ": " + e.getMessage());
        }
        long treeCpus = fdt.node("/cpus").map(n -> n.children().stream()
                .filter(c -> c.string("device_type").filter("cpu"::equals).isPresent()).count()).orElse(0L);
        if (treeCpus != cfg.cpus()) {
            // As with QEMU, a tree from the user is the user's: its CPUs are not rewritten to match --cpus.
            LoggerFactory.getLogger(VexpressBoot.class).warn("--dtb {} describes {} CPU(s) and --cpus is {}: the kernel can bring up {} "
                    + "(the tree's CPUs that have a vCPU); the others it reports as failing to boot, extra vCPUs wait in the boot stub",
                    cfg.dtb(), treeCpus, cfg.cpus(), Math.min(treeCpus, cfg.cpus()));
        }
        return fdt;
    }
}
