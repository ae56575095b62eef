package armvmm.boards.common;

import armvmm.boards.loader.BootImages;
import armvmm.boards.loader.BootLayout;
import armvmm.boards.loader.GuestFile;
import armvmm.boards.loader.KernelImage;
import armvmm.error.VmmException;
import armvmm.fdt.Fdt;
import armvmm.machine.MachineConfig;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Turns the run options into what goes into a board's RAM: the kernel, the initrd and the device tree (the
 * board's generated one or the user's --dtb, patched by {@link GuestTreePatch} either way), placed by
 * {@link BootLayout}. A board's {@code build} and {@code deviceTree} both call it, so that the dumped tree
 * is the one the guest gets.
 *
 * @param ram            the board's RAM window: --memory must fit in it
 * @param kernelOffset   where in RAM the kernel goes ({@link BootLayout#place(long, long, long, KernelImage, long)})
 * @param noKernel       the kernel when the configuration names none (the board's bundled guest), or a
 *                       {@link VmmException} saying what to give
 * @param boardTree      the board's own tree for the configuration, when there is no --dtb
 * @param gicCompatible  finds the interrupt controller the virtio nodes name as their parent
 */
public record GuestBoot(MapWindow ram, long kernelOffset, Supplier<KernelImage> noKernel, Supplier<Fdt> boardTree, String gicCompatible) {
    /** Real device trees are tens of KiB: a --dtb over 2 MiB is a wrong file, refused before reading it whole. */
    static final long MAX_DTB = 2L << 20;

    public BootImages prepare(MachineConfig cfg, List<VirtioSlot> virtio) {
        long ramBase = ram.base();
        long ramSize = cfg.memoryBytes();
        if (ramSize <= 0 || ramSize > ram.size() || ramSize % BootLayout.PAGE != 0)
            throw new VmmException(String.format("--memory %s: the %s board takes a multiple of 4 KiB up to %d MiB",
                    ramSize % (1 << 20) == 0 ? (ramSize >> 20) + " MiB" : ramSize + " bytes", cfg.board(), ram.size() >> 20));
        KernelImage kernel = cfg.kernel() == null ? noKernel.get()
                : KernelImage.detect(cfg.kernel().toString(), GuestFile.read("--kernel", cfg.kernel(), ramSize));
        byte[] initrd = cfg.initrd() == null ? null : GuestFile.read("--initrd", cfg.initrd(), ramSize);
        BootLayout layout = BootLayout.place(ramBase, ramSize, kernelOffset, kernel, initrd == null ? 0 : initrd.length);

        Fdt fdt = cfg.dtb() == null ? boardTree.get() : userTree(cfg);
        new GuestTreePatch(ramBase, ramSize, cfg.append(), layout.initrdAddress(), layout.initrdEnd(), virtio, gicCompatible).applyTo(fdt);
        byte[] dtb = fdt.toDtb();
        return new BootImages(kernel, initrd, dtb, layout.withDtb(dtb.length));
    }

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
            LoggerFactory.getLogger(GuestBoot.class).warn("--dtb {} describes {} CPU(s) and --cpus is {}: the kernel can bring up {} "
                    + "(the tree's CPUs that have a vCPU); the others it reports as failing to boot, extra vCPUs wait, never started",
                    cfg.dtb(), treeCpus, cfg.cpus(), Math.min(treeCpus, cfg.cpus()));
        }
        return fdt;
    }
}
