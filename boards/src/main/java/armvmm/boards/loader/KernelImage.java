package armvmm.boards.loader;

import armvmm.error.VmmException;

/**
 * A kernel to boot: a zImage (the self-decompressing Linux image, recognised by its header) or anything
 * else, taken as a raw Image (an uncompressed Linux Image or a bare-metal program linked to run where the
 * board loads a kernel, with the Linux boot protocol: RAM base + {@link BootLayout#TEXT_OFFSET} on
 * vexpress-a15, RAM base + 0x10000 on virt, as QEMU loads them).
 */
public record KernelImage(String source, Format format, byte[] bytes) {
    public enum Format { ZIMAGE, IMAGE }

    /** Offset of the zImage magic word (arch/arm/boot/compressed/head.S: the header after the 9 NOPs and the branch). */
    static final int ZIMAGE_MAGIC_OFFSET = 0x24;
    public static final int ZIMAGE_MAGIC = 0x016f2818;
    /** The same word as a big-endian kernel stores it. */
    private static final int ZIMAGE_MAGIC_SWAPPED = Integer.reverseBytes(ZIMAGE_MAGIC);

    public KernelImage {
        if (bytes.length == 0) throw new VmmException(source + ": the kernel image is empty");
    }

    public static KernelImage detect(String source, byte[] bytes) {
        if (bytes.length >= ZIMAGE_MAGIC_OFFSET + 12) {
            int magic = le32(bytes, ZIMAGE_MAGIC_OFFSET);
            if (magic == ZIMAGE_MAGIC) {
                long start = le32(bytes, ZIMAGE_MAGIC_OFFSET + 4) & 0xffffffffL;
                long end = le32(bytes, ZIMAGE_MAGIC_OFFSET + 8) & 0xffffffffL;
                if (end < start || end - start > bytes.length)
                    throw new VmmException(String.format("%s: malformed zImage header (start 0x%x, end 0x%x, file %d bytes)", source, start, end, bytes.length));
                return new KernelImage(source, Format.ZIMAGE, bytes);
            }
            if (magic == ZIMAGE_MAGIC_SWAPPED) throw new VmmException(source + ": a big-endian zImage; this board boots little-endian kernels");
        }
        return new KernelImage(source, Format.IMAGE, bytes);
    }

    public int size() { return bytes.length; }

    /**
     * RAM the kernel may write after entry, from its load address: a zImage decompresses its payload
     * (the Debian armmp zImage inflates about 3x, plus bss) right after the load address, so four times its
     * size is kept clear; a raw image only needs itself.
     */
    public long footprint() { return format == Format.ZIMAGE ? 4L * bytes.length : bytes.length; }

    private static int le32(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }
}
