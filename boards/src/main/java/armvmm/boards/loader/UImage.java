package armvmm.boards.loader;

import armvmm.error.VmmException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;

/**
 * A legacy U-Boot image (U-Boot's include/image.h, "legacy format"; what mkimage -A arm -T kernel writes):
 * a 64-byte big-endian header, then ih_size bytes of data. Loaded as QEMU's load_uimage loads a kernel
 * image: the data (gunzipped for ih_comp gzip) at ih_load, entered at ih_ep; with ih_os Linux by the Linux
 * boot protocol, otherwise as a bare-metal program. Both CRCs are checked, as U-Boot's bootm does (QEMU
 * does not): a damaged file is refused rather than run.
 */
final class UImage {
    private UImage() {}

    static final int IH_MAGIC = 0x27051956;
    static final int HEADER_SIZE = 64;
    static final int IH_OS_LINUX = 5, IH_ARCH_ARM = 2, IH_TYPE_KERNEL = 2, IH_COMP_NONE = 0, IH_COMP_GZIP = 1;
    /** Offsets in the header: ih_hcrc, ih_size, ih_load, ih_ep, ih_dcrc, then the bytes ih_os, ih_arch, ih_type, ih_comp. */
    static final int HCRC = 4, SIZE = 12, LOAD = 16, EP = 20, DCRC = 24, OS = 28, ARCH = 29, TYPE = 30, COMP = 31;
    /** A gzip payload inflating past this is refused, as QEMU bounds it (UBOOT_MAX_GUNZIP_BYTES). */
    static final int MAX_GUNZIP = 64 << 20;
    private static final long ADDRESS_SPACE = 1L << 32;

    static boolean isUImage(byte[] b) { return b.length >= 4 && ByteBuffer.wrap(b).getInt(0) == IH_MAGIC; }

    static KernelImage parse(String source, byte[] file) {
        if (file.length < HEADER_SIZE) throw bad(source, "the file (" + file.length + " bytes) is shorter than the 64-byte header");
        ByteBuffer h = ByteBuffer.wrap(file);
        long hcrc = u32(h, HCRC), size = u32(h, SIZE), load = u32(h, LOAD), ep = u32(h, EP), dcrc = u32(h, DCRC);
        int os = file[OS] & 0xff, arch = file[ARCH] & 0xff, type = file[TYPE] & 0xff, comp = file[COMP] & 0xff;
        byte[] header = java.util.Arrays.copyOf(file, HEADER_SIZE);
        for (int i = 0; i < 4; i++) header[HCRC + i] = 0;
        if (crc32(header, 0, HEADER_SIZE) != hcrc) throw bad(source, String.format("ih_hcrc 0x%08x does not match the header", hcrc));
        if (arch != IH_ARCH_ARM) throw bad(source, "ih_arch " + arch + ": not ARM (" + IH_ARCH_ARM + ")");
        if (type != IH_TYPE_KERNEL) throw bad(source, "ih_type " + type + ": not a kernel image (" + IH_TYPE_KERNEL + ")");
        if (size > file.length - HEADER_SIZE)
            throw bad(source, String.format("ih_size 0x%x runs past the end of the file (%d bytes of data)", size, file.length - HEADER_SIZE));
        if (crc32(file, HEADER_SIZE, (int) size) != dcrc) throw bad(source, String.format("ih_dcrc 0x%08x does not match the data", dcrc));
        byte[] data = new byte[(int) size];
        System.arraycopy(file, HEADER_SIZE, data, 0, data.length);
        data = switch (comp) {
            case IH_COMP_NONE -> data;
            case IH_COMP_GZIP -> gunzip(source, data);
            default -> throw bad(source, "ih_comp " + comp + ": only none (0) and gzip (1) are supported");
        };
        if (data.length == 0) throw bad(source, "no data");
        if (data.length > ADDRESS_SPACE - load) throw bad(source, String.format("ih_load 0x%x + 0x%x bytes ends beyond the 32-bit address space", load, data.length));
        long start = ep & ~1L; // bit 0: Thumb
        if (start < load || start - load >= data.length)
            throw bad(source, String.format("ih_ep 0x%x lies outside the image (ih_load 0x%x, 0x%x bytes)", ep, load, data.length));
        boolean linux = os == IH_OS_LINUX;
        // A Linux uImage usually wraps a zImage, which decompresses after itself: its footprint is the zImage's.
        long footprint = linux ? KernelImage.detectLinux(source, data).footprint() : data.length;
        return new KernelImage(source, KernelImage.Format.UIMAGE, file, footprint, List.of(new KernelImage.Segment(load, data, data.length)), ep, linux);
    }

    private static byte[] gunzip(String source, byte[] gz) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            byte[] out = in.readNBytes(MAX_GUNZIP + 1);
            if (out.length > MAX_GUNZIP) throw bad(source, "the gzip data inflates past " + (MAX_GUNZIP >> 20) + " MiB");
            return out;
        } catch (IOException e) {
            throw bad(source, "the gzip data is corrupt (" + e.getMessage() + ")");
        }
    }

    private static long crc32(byte[] b, int off, int len) {
        CRC32 c = new CRC32();
        c.update(b, off, len);
        return c.getValue();
    }

    private static long u32(ByteBuffer b, int off) { return b.getInt(off) & 0xffff_ffffL; }

    private static VmmException bad(String source, String why) { return new VmmException(source + ": U-Boot image: " + why); }
}
