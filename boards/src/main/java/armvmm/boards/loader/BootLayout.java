package armvmm.boards.loader;

import armvmm.error.VmmException;

/**
 * Where the kernel, the initrd and the DTB go in guest RAM, by the rules of the Linux ARM boot protocol
 * (Documentation/arch/arm/booting.rst): the kernel at RAM base + 0x8000 (well inside the first 128 MiB, as
 * a zImage must be); the initrd and then the DTB, each page aligned, above everything the decompressor
 * writes, at RAM base + min(RAM/2, 128 MiB) ("a safe location is just above the 128MiB boundary"), which
 * also keeps them in the kernel's low-memory mapping. A kernel that names its own addresses (ELF, U-Boot
 * image) goes there instead, and must lie in RAM. Anything that does not fit is a one-line
 * {@link VmmException}.
 */
public record BootLayout(long ramBase, long ramSize, long kernelAddress, long kernelSize, long kernelFootprintEnd,
        long initrdAddress, long initrdSize, long dtbAddress, long dtbSize, boolean linux) {
    /** {@link #dtbAddress} of a layout that loads no DTB. */
    public static final long NO_DTB = -1;
    public static final long TEXT_OFFSET = 0x8000;
    public static final long PAGE = 4096;
    static final long SAFE_OFFSET = 128L << 20;

    /** Places kernel and initrd; the DTB comes after with {@link #withDtb}, once its contents (which name the initrd) are known. */
    public static BootLayout place(long ramBase, long ramSize, KernelImage kernel, long initrdSize) {
        return place(ramBase, ramSize, TEXT_OFFSET, kernel, initrdSize);
    }

    /**
     * As {@link #place(long, long, KernelImage, long)} with the kernel at {@code ramBase + kernelOffset}: a
     * board that runs images made for QEMU puts them where QEMU does (a zImage runs anywhere; a raw binary
     * is linked for its load address).
     */
    public static BootLayout place(long ramBase, long ramSize, long kernelOffset, KernelImage kernel, long initrdSize) {
        if (initrdSize < 0) throw new IllegalArgumentException("initrd size " + initrdSize);
        if (kernelOffset < 0 || kernelOffset % PAGE != 0) throw new IllegalArgumentException("kernel offset " + kernelOffset);
        long ramEnd = ramBase + ramSize;
        long kernelAddress;
        if (kernel.placed()) {
            for (KernelImage.Segment s : kernel.segments())
                if (s.address() < ramBase || s.end() > ramEnd)
                    throw new VmmException(String.format("%s: the %s kernel's 0x%x-0x%x lies outside RAM (0x%x-0x%x)",
                            kernel.source(), kernel.format(), s.address(), s.end(), ramBase, ramEnd));
            if (!kernel.linux() && initrdSize > 0)
                throw new VmmException(String.format("--initrd: %s is a bare-metal %s kernel, which gets no initrd (as under QEMU)", kernel.source(), kernel.format()));
            kernelAddress = kernel.lowAddress();
        } else {
            kernelAddress = ramBase + kernelOffset;
            if (kernel.size() > ramEnd - kernelAddress)
                throw new VmmException(String.format("%s: the kernel (%s) is too large for %s of RAM", kernel.source(), mib(kernel.size()), mib(ramSize)));
        }
        long footprintEnd = Math.min(kernelAddress + Math.max(kernel.footprint(), kernel.size()), ramEnd);
        long initrdAddress = alignUp(Math.max(ramBase + Math.min(ramSize / 2, SAFE_OFFSET), footprintEnd));
        if (initrdSize > 0 && (initrdAddress >= ramEnd || initrdSize > ramEnd - initrdAddress))
            throw new VmmException(String.format("the initrd (%s) does not fit in RAM above the kernel (%s of RAM, the kernel needs the first %s)",
                    mib(initrdSize), mib(ramSize), mib(footprintEnd - ramBase)));
        return new BootLayout(ramBase, ramSize, kernelAddress, kernel.size(), footprintEnd, initrdAddress, initrdSize, 0, 0, kernel.linux());
    }

    /**
     * The DTB: after the initrd for a Linux kernel. A bare-metal one (ELF) finds it at the RAM base, as QEMU
     * puts it there when the image starts higher; an image that starts at the RAM base gets none (QEMU's virt
     * would then write it to address 0, into its flash).
     */
    public BootLayout withDtb(long size) {
        long ramEnd = ramBase + ramSize;
        if (!linux) {
            if (kernelAddress == ramBase) return new BootLayout(ramBase, ramSize, kernelAddress, kernelSize, kernelFootprintEnd, initrdAddress, 0, NO_DTB, 0, false);
            if (size > kernelAddress - ramBase)
                throw new VmmException(String.format("the device tree (%d bytes) does not fit at the RAM base 0x%x, below the kernel at 0x%x", size, ramBase, kernelAddress));
            return new BootLayout(ramBase, ramSize, kernelAddress, kernelSize, kernelFootprintEnd, initrdAddress, 0, ramBase, size, false);
        }
        long addr = alignUp(initrdAddress + initrdSize);
        if (addr >= ramEnd || size > ramEnd - addr)
            throw new VmmException(String.format("the device tree (%d bytes) does not fit in RAM after the kernel%s (%s of RAM)",
                    size, initrdSize > 0 ? " and the initrd" : "", mib(ramSize)));
        return new BootLayout(ramBase, ramSize, kernelAddress, kernelSize, kernelFootprintEnd, initrdAddress, initrdSize, addr, size, true);
    }

    /** Whether the DTB goes into RAM ({@link #withDtb}). */
    public boolean hasDtb() { return dtbAddress != NO_DTB; }

    public long initrdEnd() { return initrdAddress + initrdSize; }

    public long dtbEnd() { return dtbAddress + dtbSize; }

    private static long alignUp(long a) { return (a + PAGE - 1) & -PAGE; }

    private static String mib(long bytes) {
        return bytes >= (1 << 20) ? String.format("%.1f MiB", bytes / 1048576.0) : bytes + " bytes";
    }
}
