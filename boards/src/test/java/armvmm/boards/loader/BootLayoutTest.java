package armvmm.boards.loader;

import static org.junit.jupiter.api.Assertions.*;

import armvmm.error.VmmException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class BootLayoutTest {
    static final long RAM = 0x8000_0000L, MIB = 1 << 20;

    /** A zImage-shaped file: the header words at 0x24 (magic, start, end) and filler. */
    static byte[] zImage(int size) {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x24, KernelImage.ZIMAGE_MAGIC).putInt(0x28, 0).putInt(0x2c, size);
        return b.array();
    }

    @Test
    void aZImageIsRecognisedByItsMagicAndAnythingElseIsARawImage() {
        assertEquals(KernelImage.Format.ZIMAGE, KernelImage.detect("z", zImage(4096)).format());
        assertEquals(KernelImage.Format.IMAGE, KernelImage.detect("raw", new byte[4096]).format());
        assertEquals(KernelImage.Format.IMAGE, KernelImage.detect("tiny", new byte[] {1, 2, 3}).format());
    }

    @Test
    void malformedOrBigEndianZImagesAreRefusedInOneLine() {
        byte[] bad = zImage(4096);
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(0x2c, 1 << 20);
        var e = assertThrows(VmmException.class, () -> KernelImage.detect("bad.z", bad));
        assertTrue(e.getMessage().startsWith("bad.z: malformed zImage header"), e.getMessage());
        byte[] be = zImage(4096);
        ByteBuffer.wrap(be).order(ByteOrder.BIG_ENDIAN).putInt(0x24, KernelImage.ZIMAGE_MAGIC);
        assertTrue(assertThrows(VmmException.class, () -> KernelImage.detect("be.z", be)).getMessage().contains("big-endian"));
        assertThrows(VmmException.class, () -> KernelImage.detect("empty", new byte[0]));
    }

    @Test
    void kernelAtTextOffsetInitrdAt128MiBAndDtbPageAlignedAfterIt() {
        KernelImage k = KernelImage.detect("z", zImage(5_526_016));
        BootLayout l = BootLayout.place(RAM, 512 * MIB, k, 967_131).withDtb(13_024);
        assertEquals(RAM + 0x8000, l.kernelAddress());
        assertEquals(RAM + 128 * MIB, l.initrdAddress());
        assertEquals(RAM + 128 * MIB + 237 * 4096, l.dtbAddress(), "967131 bytes of initrd, rounded up to 237 pages");
        assertEquals(0, l.dtbAddress() % 4096);
        assertTrue(l.dtbAddress() >= l.initrdEnd());
        assertTrue(l.initrdAddress() >= l.kernelFootprintEnd(), "initrd above what the decompressor writes");
        assertTrue(l.dtbEnd() <= RAM + 512 * MIB);
    }

    @Test
    void withLittleRamTheInitrdGoesToTheMiddleButNeverIntoTheKernel() {
        KernelImage raw = KernelImage.detect("raw", new byte[1 << 20]);
        BootLayout small = BootLayout.place(RAM, 64 * MIB, raw, 1 << 20);
        assertEquals(RAM + 32 * MIB, small.initrdAddress());
        // A 5 MiB zImage inflates into the first ~20 MiB: with 24 MiB of RAM the initrd must go above that.
        KernelImage z = KernelImage.detect("z", zImage(5 << 20));
        BootLayout tight = BootLayout.place(RAM, 24 * MIB, z, 1 << 20).withDtb(4096);
        assertTrue(tight.initrdAddress() >= RAM + 0x8000 + 4L * (5 << 20), Long.toHexString(tight.initrdAddress()));
        assertTrue(tight.dtbEnd() <= RAM + 24 * MIB);
    }

    @Test
    void anInitrdThatWouldOverlapTheKernelIsRejected() {
        KernelImage z = KernelImage.detect("z", zImage(5 << 20));
        var e = assertThrows(VmmException.class, () -> BootLayout.place(RAM, 24 * MIB, z, 8 << 20));
        assertTrue(e.getMessage().startsWith("the initrd (8.0 MiB) does not fit in RAM above the kernel"), e.getMessage());
    }

    @Test
    void aKernelLargerThanRamIsRejected() {
        KernelImage big = KernelImage.detect("big.img", new byte[(16 << 20)]);
        var e = assertThrows(VmmException.class, () -> BootLayout.place(RAM, 16 * MIB, big, 0));
        assertEquals("big.img: the kernel (16.0 MiB) is too large for 16.0 MiB of RAM", e.getMessage());
    }

    @Test
    void aDtbThatDoesNotFitIsRejected() {
        KernelImage raw = KernelImage.detect("raw", new byte[4096]);
        BootLayout l = BootLayout.place(RAM, 1 * MIB, raw, (1 << 19) - 4096);
        assertThrows(VmmException.class, () -> l.withDtb(1 << 20));
        assertEquals(RAM + (1 << 20) - 4096, l.withDtb(4096).dtbAddress(), "the last page, right after the initrd");
    }

    /** A board that loads kernels where QEMU does (virt: + 0x10000) keeps the other rules. */
    @Test
    void aBoardsOwnKernelOffset() {
        KernelImage raw = KernelImage.detect("raw", new byte[4096]);
        BootLayout l = BootLayout.place(0x4000_0000L, 64 * MIB, 0x10000, raw, 4096).withDtb(4096);
        assertEquals(0x4001_0000L, l.kernelAddress());
        assertEquals(0x4000_0000L + 32 * MIB, l.initrdAddress(), "still RAM/2 for 64 MiB");
        assertThrows(IllegalArgumentException.class, () -> BootLayout.place(RAM, 64 * MIB, 0x10001, raw, 0));
    }
}
