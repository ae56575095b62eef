package armvmm.boards.loader;

import static org.junit.jupiter.api.Assertions.*;

import armvmm.error.VmmException;
import armvmm.fuzz.FuzzCampaign;
import armvmm.fuzz.FuzzInput;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Fuzz targets for the kernel loader: image detection (zImage header or raw Image) over any file, and the
 * placement of kernel, initrd and DTB in any RAM. Either a one-line {@link VmmException} or a layout whose
 * three regions lie inside RAM, in order and without overlapping; the kernel's decompression footprint is
 * kept clear of the initrd and the DTB. (There is no uImage or ELF loader: such a file is a raw Image.)
 */
public class LoaderFuzzTest {
    private static final long MIB = 1 << 20;

    private static void oneLine(VmmException e) {
        assertNotNull(e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    /**
     * A header the fuzzer shapes: with the zImage magic at 0x24 in half the inputs, then start/end words and
     * the rest; in some, the ELF or U-Boot magic at the start instead (their headers' fields all fuzzed).
     */
    public static void kernelImage(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        byte[] file = in.bytes(in.below(4096));
        if (file.length >= 0x30 && in.bool()) {
            int magic = in.bool() ? KernelImage.ZIMAGE_MAGIC : Integer.reverseBytes(KernelImage.ZIMAGE_MAGIC);
            for (int k = 0; k < 4; k++) file[0x24 + k] = (byte) (magic >>> 8 * k);
        } else if (file.length >= 4 && in.bool()) {
            int magic = in.bool() ? 0x7f454c46 : UImage.IH_MAGIC; // "\x7fELF", big-endian as both store it
            for (int k = 0; k < 4; k++) file[k] = (byte) (magic >>> 24 - 8 * k);
        }
        KernelImage image;
        try {
            image = KernelImage.detect("fuzz.img", file);
        } catch (VmmException e) {
            oneLine(e);
            return;
        }
        assertTrue(file.length > 0);
        assertTrue(image.footprint() >= image.size());
    }

    public static void bootLayout(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        long ramBase = in.bool() ? 0x80000000L : in.u32() & 0xfffff000L;
        long ramSize = in.pick(0L, 4096L, MIB, 16 * MIB, 128 * MIB, 512 * MIB, 3072 * MIB, in.u32() & 0xffffffffL);
        long kernelOffset = in.pick(BootLayout.TEXT_OFFSET, 0x10000L, 0L, (long) in.u16() << 12);
        int kernelSize = 1 + in.below(in.bool() ? 64 << 10 : 8 << 20);
        byte[] k = new byte[kernelSize];
        if (in.bool() && kernelSize >= 0x30) {
            for (int b = 0; b < 4; b++) k[0x24 + b] = (byte) (KernelImage.ZIMAGE_MAGIC >>> 8 * b);
            int end = in.below(kernelSize + 1);
            for (int b = 0; b < 4; b++) k[0x2c + b] = (byte) (end >>> 8 * b);
        }
        long initrdSize = in.pick(0L, 1L, 4096L, 16 * MIB, in.u32() & 0xffffffffL);
        long dtbSize = in.pick(0L, 64L << 10, in.u32() & 0xffffffffL);
        BootLayout l;
        try {
            KernelImage kernel = KernelImage.detect("fuzz", k);
            l = BootLayout.place(ramBase, ramSize, kernelOffset, kernel, initrdSize).withDtb(dtbSize);
        } catch (VmmException e) {
            oneLine(e);
            return;
        }
        long ramEnd = ramBase + ramSize;
        String what = l.toString();
        assertTrue(l.kernelAddress() >= ramBase && l.kernelAddress() + l.kernelSize() <= ramEnd, what);
        assertTrue(l.kernelFootprintEnd() <= ramEnd, what);
        if (l.initrdSize() > 0) {
            assertTrue(l.initrdAddress() >= l.kernelFootprintEnd() && l.initrdEnd() <= ramEnd, what);
        }
        assertTrue(l.dtbAddress() >= l.initrdEnd() && l.dtbAddress() >= l.kernelFootprintEnd() && l.dtbEnd() <= ramEnd, what);
        assertEquals(0, l.initrdAddress() % BootLayout.PAGE, what);
        assertEquals(0, l.dtbAddress() % BootLayout.PAGE, what);
    }

    /**
     * A well-formed ELF (two PT_LOAD segments) or U-Boot image (plain or gzip) whose header bytes the fuzzer
     * then changes (the U-Boot header CRC recomputed in half the inputs, so that the fields behind it are
     * reached): refused in one line, or loaded with every segment inside the 32-bit space and the entry
     * inside what is loaded.
     */
    public static void placedKernel(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        boolean elf = in.bool();
        byte[] file;
        if (elf) {
            long base = in.u32() & 0xffff_f000L;
            file = KernelFiles.elf(base + in.below(64), in.pick(0L, 0xc000_0000L, (long) in.u32()),
                    new KernelFiles.Load(base, in.bytes(in.below(256)), in.below(1 << 16)), new KernelFiles.Load(base + 0x1_0000, in.bytes(8), 8));
        } else {
            long load = in.u32() & 0xffff_ffffL;
            file = KernelFiles.uImage(in.bytes(1 + in.below(512)), load, load + in.below(64), in.pick(KernelFiles.OS_LINUX, KernelFiles.OS_U_BOOT),
                    in.pick(KernelFiles.COMP_NONE, KernelFiles.COMP_GZIP));
        }
        int headerBytes = elf ? ElfKernel.EHDR_SIZE + 2 * ElfKernel.PHDR_SIZE : UImage.HEADER_SIZE;
        for (int n = in.below(4); n >= 0; n--) file[in.below(Math.min(headerBytes, file.length))] = (byte) in.u8();
        if (!elf && in.bool()) KernelFiles.fixHeaderCrc(file);
        KernelImage k;
        try {
            k = KernelImage.detect("fuzz", file);
        } catch (VmmException e) {
            oneLine(e);
            return;
        }
        if (!k.placed()) return; // the magic itself was changed: a raw Image
        boolean entryInside = false;
        for (KernelImage.Segment s : k.segments()) {
            assertTrue(s.address() >= 0 && s.end() <= 1L << 32, s.toString());
            entryInside |= (k.entry() & ~1L) >= s.address() && (k.entry() & ~1L) < s.end();
        }
        assertTrue(entryInside, "entry 0x" + Long.toHexString(k.entry()));
        assertTrue(k.footprint() >= k.size());
    }

    @FuzzTest(maxDuration = "10m") void kernelImageFuzz(byte[] data) { kernelImage(data); }
    @FuzzTest(maxDuration = "10m") void placedKernelFuzz(byte[] data) { placedKernel(data); }
    @FuzzTest(maxDuration = "10m") void bootLayoutFuzz(byte[] data) { bootLayout(data); }

    @Test void placedKernelRandom() { FuzzCampaign.run("placed-kernel", 3000, 1024, Duration.ofSeconds(3), LoaderFuzzTest::placedKernel); }
    @Test void kernelImageRandom() { FuzzCampaign.run("kernel-image", 3000, 4200, Duration.ofSeconds(3), LoaderFuzzTest::kernelImage); }
    @Test void bootLayoutRandom() { FuzzCampaign.run("boot-layout", 3000, 64, Duration.ofSeconds(3), LoaderFuzzTest::bootLayout); }
}
