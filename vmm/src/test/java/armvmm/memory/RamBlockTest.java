package armvmm.memory;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class RamBlockTest {
    @Test
    void accessorsAreLittleEndian() {
        try (RamBlock ram = new RamBlock("ram", 1 << 16)) {
            ram.write32(0x100, 0x11223344);
            assertEquals(0x44, ram.read8(0x100));
            assertEquals(0x33, ram.read8(0x101));
            assertEquals(0x3344, ram.read16(0x100));
            assertEquals(0x1122, ram.read16(0x102));
            ram.write64(0x200, 0x0102030405060708L);
            assertEquals(0x05060708, ram.read32(0x200));
            assertEquals(0x01020304, ram.read32(0x204));
            ram.write16(0x300, 0xbeef);
            ram.write8(0x302, 0x1ff); // only the low byte is stored
            assertEquals(0x00ffbeef, ram.read32(0x300));
        }
    }

    @Test
    void freshMemoryReadsZeroAndClearZeroesAgain() {
        try (RamBlock ram = new RamBlock("ram", 1 << 20)) {
            assertEquals(0L, ram.read64(0x8_0000));
            ram.write32(0x8_0000, -1);
            ram.clear();
            assertEquals(0, ram.read32(0x8_0000));
        }
    }

    @Test
    void outOfRangeOffsetsAreRejected() {
        try (RamBlock ram = new RamBlock("ram", 4096)) {
            assertThrows(IndexOutOfBoundsException.class, () -> ram.read32(4094));
            assertThrows(IndexOutOfBoundsException.class, () -> ram.write8(4096, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> ram.read8(-1));
            assertThrows(IndexOutOfBoundsException.class, () -> ram.read64(Long.MAX_VALUE));
            assertThrows(IndexOutOfBoundsException.class, () -> ram.read(4000, new byte[200], 0, 200));
            assertEquals(0, ram.read32(4092));
        }
    }

    @Test
    void bulkCopiesAndSharedByteBufferView() {
        try (RamBlock ram = new RamBlock("ram", 8192)) {
            byte[] src = new byte[300];
            for (int i = 0; i < src.length; i++) src[i] = (byte) i;
            ram.write(4000, src, 0, src.length); // crosses a page boundary
            byte[] dst = new byte[300];
            ram.read(4000, dst, 0, dst.length);
            assertArrayEquals(src, dst);
            // The slice is the same memory, not a copy: a write through it is seen by the accessors.
            ram.slice(10, 4).putInt(0, 0xcafef00d);
            assertEquals(0xcafef00d, ram.read32(10));
            ram.copyWithin(4000, 4001, 10); // overlapping move
            assertEquals(0, ram.read8(4001));
            assertEquals(1, ram.read8(4002));
        }
    }

    @Test
    void hostAddressIsPageAligned() {
        try (RamBlock ram = new RamBlock("ram", 1 << 16)) {
            assertEquals(0, ram.hostAddress() % HostMemory.PAGE_SIZE);
            ram.write32(8, 0x12345678);
            assertEquals(0x12345678, HostMemory.read32(ram.hostAddress() + 8));
        }
    }

    @Test
    void sizeMustBeWholePages() {
        assertThrows(IllegalArgumentException.class, () -> new RamBlock("odd", 1000));
        assertThrows(IllegalArgumentException.class, () -> new RamBlock("none", 0));
    }
}
