package armvmm.boards.loader;

import armvmm.error.VmmException;

/**
 * Where the kernel, the initrd and the DTB go in guest RAM, by the rules of the Linux ARM boot protocol
 * (Documentation/arch/arm/booting.rst): the kernel at RAM base + 0x8000 (well inside the first 128 MiB, as
 * a zImage must be); the initrd and then the DTB, each page aligned, above everything the decompressor
 * writes, at RAM base + min(RAM/2, 128 MiB) ("a safe location is just above the 128MiB boundary"), which
 * also keeps them in the kernel's low-memory mapping. Anything that does not fit is a one-line
 * {@link VmmException}.
 */
public record BootLayout(long ramBase, long ramSize, long kernelAddress, long kernelSize, long kernelFootprintEnd,
        long initrdAddress, long initrdSize, long dtbAddress, long dtbSize) {
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
        long kernelAddress = ramBase + kernelOffset;
        long ramEnd = ramBase + ramSize;
        if (kernel.size() > ramEnd - kernelAddress)
            throw new VmmException(String.format("%s: the kernel (%s) is too large for %s of RAM", kernel.source(), mib(kernel.size()), mib(ramSize)));
        long footprintEnd = Math.min(kernelAddress + kernel.footprint(), ramEnd);
        long initrdAddress = alignUp(Math.max(ramBase + Math.min(ramSize / 2, SAFE_OFFSET), footprintEnd));
        if (initrdSize > 0 && (initrdAddress >= ramEnd || initrdSize > ramEnd - initrdAddress))
            throw new VmmException(String.format("the initrd (%s) does not fit in RAM above the kernel (%s of RAM, the kernel needs the first %s)",
                    mib(initrdSize), mib(ramSize), mib(footprintEnd - ramBase)));
        return new BootLayout(ramBase, ramSize, kernelAddress, kernel.size(), footprintEnd, initrdAddress, initrdSize, 0, 0);
    }

    public BootLayout withDtb(long size) {
        long addr = alignUp(initrdAddress + initrdSize);
        long ramEnd = ramBase + ramSize;
        if (addr >= ramEnd || size > ramEnd - addr)
            throw new VmmException(String.format("the device tree (%d bytes) does not fit in RAM after the kernel%s (%s of RAM)",
                    size, initrdSize > 0 ? " and the initrd" : "", mib(ramSize)));
        return new BootLayout(ramBase, ramSize, kernelAddress, kernelSize, kernelFootprintEnd, initrdAddress, initrdSize, addr, size);
    }

    public long initrdEnd() { return initrdAddress + initrdSize; }

    public long dtbEnd() { return dtbAddress + dtbSize; }

    private static long alignUp(long a) { return (a + PAGE - 1) & -PAGE; }

    private static String mib(long bytes) {
        return bytes >= (1 << 20) ? String.format("%.1f MiB", bytes / 1048576.0) : bytes + " bytes";
    }
}
