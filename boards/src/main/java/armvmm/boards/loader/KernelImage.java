package armvmm.boards.loader;

import armvmm.error.VmmException;
import java.util.List;

/**
 * A kernel to boot, in one of the forms QEMU's ARM boards take ({@link #detect}): an ELF executable and a
 * legacy U-Boot image say where they go ({@link #segments}, {@link #entry}); a zImage (the
 * self-decompressing Linux image, recognised by its header) and anything else, taken as a raw Image (an
 * uncompressed Linux Image or a bare-metal program linked to run where the board loads a kernel), go where
 * the board puts a kernel: RAM base + {@link BootLayout#TEXT_OFFSET} on vexpress-a15, RAM base + 0x10000 on
 * virt, as QEMU loads them.
 *
 * @param bytes     the file (for a zImage or raw Image, what is loaded)
 * @param footprint RAM the kernel may write after entry, from its lowest address: a zImage decompresses its
 *                  payload (the Debian armmp zImage inflates about 3x, plus bss) right after itself, so four
 *                  times its size is kept clear; anything else needs only what it loads
 * @param segments  for an image that names its own addresses: what goes where (empty: the board places
 *                  {@link #bytes})
 * @param entry     for such an image, the physical address to start at (bit 0: Thumb); else -1
 * @param linux     entered by the Linux boot protocol (r2 the DTB, an initrd allowed); false for an ELF and a
 *                  U-Boot image of another OS, which QEMU treats as bare-metal programs
 */
public record KernelImage(String source, Format format, byte[] bytes, long footprint, List<Segment> segments, long entry, boolean linux) {
    public enum Format { ZIMAGE, IMAGE, ELF, UIMAGE }

    /** {@code data} at physical {@code address}, then zeros up to {@code memSize} (an ELF's bss). */
    public record Segment(long address, byte[] data, long memSize) {
        public Segment {
            if (memSize < data.length) throw new IllegalArgumentException("memSize " + memSize + " < " + data.length);
        }

        public long end() { return address + memSize; }
    }

    /** Offset of the zImage magic word (arch/arm/boot/compressed/head.S: the header after the 9 NOPs and the branch). */
    static final int ZIMAGE_MAGIC_OFFSET = 0x24;
    public static final int ZIMAGE_MAGIC = 0x016f2818;
    /** The same word as a big-endian kernel stores it. */
    private static final int ZIMAGE_MAGIC_SWAPPED = Integer.reverseBytes(ZIMAGE_MAGIC);
    static final int ZIMAGE_FOOTPRINT_FACTOR = 4;

    public KernelImage {
        if (bytes.length == 0) throw new VmmException(source + ": the kernel image is empty");
        segments = List.copyOf(segments);
    }

    /** A zImage or raw Image, which the board places. */
    static KernelImage boardPlaced(String source, Format format, byte[] bytes) {
        long footprint = format == Format.ZIMAGE ? (long) ZIMAGE_FOOTPRINT_FACTOR * bytes.length : bytes.length;
        return new KernelImage(source, format, bytes, footprint, List.of(), -1, true);
    }

    public static KernelImage detect(String source, byte[] bytes) {
        if (ElfKernel.isElf(bytes)) return ElfKernel.parse(source, bytes);
        if (UImage.isUImage(bytes)) return UImage.parse(source, bytes);
        return detectLinux(source, bytes);
    }

    /** A zImage by its header, else a raw Image: the two forms that carry no load address. */
    static KernelImage detectLinux(String source, byte[] bytes) {
        if (bytes.length >= ZIMAGE_MAGIC_OFFSET + 12) {
            int magic = le32(bytes, ZIMAGE_MAGIC_OFFSET);
            if (magic == ZIMAGE_MAGIC) {
                long start = le32(bytes, ZIMAGE_MAGIC_OFFSET + 4) & 0xffffffffL;
                long end = le32(bytes, ZIMAGE_MAGIC_OFFSET + 8) & 0xffffffffL;
                if (end < start || end - start > bytes.length)
                    throw new VmmException(String.format("%s: malformed zImage header (start 0x%x, end 0x%x, file %d bytes)", source, start, end, bytes.length));
                return boardPlaced(source, Format.ZIMAGE, bytes);
            }
            if (magic == ZIMAGE_MAGIC_SWAPPED) throw new VmmException(source + ": a big-endian zImage; this board boots little-endian kernels");
        }
        return boardPlaced(source, Format.IMAGE, bytes);
    }

    /** Whether the image names its own addresses (ELF, U-Boot) rather than going where the board puts a kernel. */
    public boolean placed() { return !segments.isEmpty(); }

    /** The lowest address a placed image loads to. */
    public long lowAddress() { return segments.stream().mapToLong(Segment::address).min().orElseThrow(); }

    /** Bytes from the lowest to the highest address loaded (placed), or the file's size (board-placed). */
    public long size() {
        return placed() ? segments.stream().mapToLong(Segment::end).max().orElseThrow() - lowAddress() : bytes.length;
    }

    static int le32(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }
}
