package armvmm.boards.loader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;

/** Kernel files made by the tests: legacy U-Boot images (what mkimage -A arm -T kernel writes) and small ELF32 executables. */
public final class KernelFiles {
    private KernelFiles() {}

    public static final int OS_LINUX = UImage.IH_OS_LINUX, OS_U_BOOT = 17, COMP_NONE = UImage.IH_COMP_NONE, COMP_GZIP = UImage.IH_COMP_GZIP;

    /** A uImage of {@code data} (gzipped first for COMP_GZIP) with correct CRCs. */
    public static byte[] uImage(byte[] data, long load, long ep, int os, int comp) {
        byte[] payload = comp == COMP_GZIP ? gzip(data) : data;
        ByteBuffer b = ByteBuffer.allocate(UImage.HEADER_SIZE + payload.length);
        b.putInt(0, UImage.IH_MAGIC).putInt(UImage.SIZE, payload.length).putInt(UImage.LOAD, (int) load).putInt(UImage.EP, (int) ep)
                .putInt(UImage.DCRC, (int) crc(payload, 0, payload.length));
        b.put(UImage.OS, (byte) os).put(UImage.ARCH, (byte) UImage.IH_ARCH_ARM).put(UImage.TYPE, (byte) UImage.IH_TYPE_KERNEL).put(UImage.COMP, (byte) comp);
        byte[] name = "armvmm test".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        b.put(32, name);
        b.put(UImage.HEADER_SIZE, payload);
        return fixHeaderCrc(b.array());
    }

    /** Recomputes ih_hcrc after a test changed a header field. */
    public static byte[] fixHeaderCrc(byte[] image) {
        ByteBuffer b = ByteBuffer.wrap(image);
        b.putInt(UImage.HCRC, 0);
        b.putInt(UImage.HCRC, (int) crc(image, 0, UImage.HEADER_SIZE));
        return image;
    }

    /** One PT_LOAD segment per {@code (paddr, data, memsz)}, each p_vaddr = p_paddr + {@code vaddrOffset}. */
    public record Load(long paddr, byte[] data, long memsz) {}

    public static byte[] elf(long entry, long vaddrOffset, Load... loads) {
        int phoff = ElfKernel.EHDR_SIZE, dataOff = phoff + loads.length * ElfKernel.PHDR_SIZE;
        int size = dataOff;
        for (Load l : loads) size += l.data().length;
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', ElfKernel.ELFCLASS32, ElfKernel.ELFDATA2LSB, ElfKernel.EV_CURRENT});
        b.putShort(16, (short) ElfKernel.ET_EXEC).putShort(18, (short) ElfKernel.EM_ARM).putInt(20, 1).putInt(24, (int) entry)
                .putInt(28, phoff).putShort(40, (short) ElfKernel.EHDR_SIZE).putShort(42, (short) ElfKernel.PHDR_SIZE)
                .putShort(44, (short) loads.length);
        int off = dataOff;
        for (int i = 0; i < loads.length; i++) {
            Load l = loads[i];
            int ph = phoff + i * ElfKernel.PHDR_SIZE;
            b.putInt(ph, ElfKernel.PT_LOAD).putInt(ph + 4, off).putInt(ph + 8, (int) (l.paddr() + vaddrOffset)).putInt(ph + 12, (int) l.paddr())
                    .putInt(ph + 16, l.data().length).putInt(ph + 20, (int) l.memsz()).putInt(ph + 24, 7).putInt(ph + 28, 4);
            b.put(off, l.data());
            off += l.data().length;
        }
        return b.array();
    }

    private static long crc(byte[] b, int off, int len) {
        CRC32 c = new CRC32();
        c.update(b, off, len);
        return c.getValue();
    }

    private static byte[] gzip(byte[] data) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(data);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
