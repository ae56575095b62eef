package armvmm.bus;

import static org.junit.jupiter.api.Assertions.*;

import armvmm.memory.RamBlock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressSpaceTest {
    static final BusMaster CPU0 = new BusMaster() {
        public int id() { return 0; }
        public long currentPc() { return 0x80001234L; }
    };

    /** Records accesses; registers are 32-bit only, register 0 reads 0xa5a5a5a5. */
    static final class RecordingDevice implements MmioDevice {
        final List<String> log = new ArrayList<>();
        public String name() { return "rec@1c000000"; }
        public long read(long off, int size, int who) {
            log.add("R " + off + " " + size + " cpu" + who);
            return off == 0 ? 0xa5a5a5a5L : 0;
        }
        public void write(long off, int size, long v, int who) { log.add("W " + off + " " + size + " " + Long.toHexString(v)); }
        public AccessSizes accessSizes() { return AccessSizes.WORD; }
        public String registerName(long off) { return off == 0 ? "REC_DATA" : null; }
    }

    @Test
    void overlappingRegionIsRejectedNamingBoth() {
        AddressSpace as = new AddressSpace();
        as.mapRam("ram", 0x8000_0000L, new RamBlock("ram", 1 << 20));
        var e = assertThrows(IllegalStateException.class, () -> as.mapRam("ram2", 0x800F_F000L, new RamBlock("ram2", 1 << 16)));
        assertTrue(e.getMessage().contains("ram2") && e.getMessage().contains("ram ["), e.getMessage());
        var dev = new RecordingDevice();
        var e2 = assertThrows(IllegalStateException.class, () -> as.mapMmio(0x7fff_f000L, 0x2000, dev));
        assertTrue(e2.getMessage().contains("rec@1c000000") && e2.getMessage().contains("ram"), e2.getMessage());
        // Adjacent is fine.
        as.mapMmio(0x7fff_f000L, 0x1000, dev);
        assertEquals(2, as.regions().size());
    }

    @Test
    void aDoublewordToAWordDeviceIsTwoWordAccessesLowFirst() {
        AddressSpace as = new AddressSpace();
        var dev = new RecordingDevice();
        as.mapMmio(0x1c00_0000L, 0x1000, dev);
        assertThrows(BusErrorException.class, () -> as.read(0x1c00_0000L, 8, CPU0), "a plain 8-byte access is a bad size");
        as.writeDoubleword(0x1c00_0008L, 0x1122_3344_5566_7788L, CPU0);
        assertEquals(0xa5a5a5a5L, as.readDoubleword(0x1c00_0000L, CPU0), "low word from register 0, high word from register 4");
        assertEquals(List.of("W 8 4 55667788", "W 12 4 11223344", "R 0 4 cpu0", "R 4 4 cpu0"), dev.log);
        // a doubleword whose high word would leave the region is refused before any word is written
        assertThrows(BusErrorException.class, () -> as.writeDoubleword(0x1c00_0ffcL, 0, CPU0));
        assertEquals(4, dev.log.size());
    }

    @Test
    void unmappedAccessIsABusErrorNotACrash() {
        AddressSpace as = new AddressSpace();
        as.mapRam("ram", 0x8000_0000L, new RamBlock("ram", 1 << 16));
        var e = assertThrows(BusErrorException.class, () -> as.read(0x1000, 4, CPU0));
        assertEquals(BusErrorException.Kind.UNMAPPED, e.kind());
        assertEquals(0x1000, e.address());
        assertThrows(BusErrorException.class, () -> as.write(0x8001_0000L, 4, 1, CPU0));
        // An access straddling the end of RAM is not silently truncated.
        assertThrows(BusErrorException.class, () -> as.read(0x8000_fffeL, 4, CPU0));
        assertEquals(-1, as.hostAddress(0x8000_fffeL, 4, false));
    }

    @Test
    void ramThroughTheBusIsLittleEndianAndShared() {
        AddressSpace as = new AddressSpace();
        RamBlock ram = new RamBlock("ram", 1 << 16);
        as.mapRam("ram", 0x8000_0000L, ram);
        as.write(0x8000_0010L, 4, 0xdeadbeefL, CPU0);
        assertEquals(0xef, as.read(0x8000_0010L, 1, CPU0));
        assertEquals(0xdeadbeefL, as.read(0x8000_0010L, 4, CPU0));
        assertEquals(0xdeadbeef, ram.read32(0x10));
        as.write(0x8000_0018L, 8, 0x1122334455667788L, CPU0);
        assertEquals(0x1122334455667788L, as.read(0x8000_0018L, 8, CPU0));
    }

    @Test
    void fortyBitAddressesReachRamAboveFourGiB() {
        AddressSpace as = new AddressSpace();
        long high = 0x80_0000_0000L; // 512 GiB: needs 40 bits
        as.mapRam("highmem", high, new RamBlock("highmem", 1 << 16));
        as.write(high + 0x100, 4, 0x600dcafeL, CPU0);
        assertEquals(0x600dcafeL, as.read(high + 0x100, 4, CPU0));
        assertNull(as.find(0x100)); // no aliasing onto the low 32 bits
        assertThrows(IllegalArgumentException.class, () -> as.mapRam("beyond", 1L << 40, new RamBlock("beyond", 4096)));
        assertThrows(IllegalArgumentException.class, () -> as.mapRam("straddle", (1L << 40) - 4096, new RamBlock("s", 8192)));
    }

    @Test
    void deviceAccessSizeRulesAreEnforcedByTheBus() {
        AddressSpace as = new AddressSpace();
        var dev = new RecordingDevice();
        as.mapMmio(0x1c00_0000L, 0x1000, dev);
        assertEquals(0xa5a5a5a5L, as.read(0x1c00_0000L, 4, CPU0));
        var e = assertThrows(BusErrorException.class, () -> as.read(0x1c00_0000L, 1, CPU0));
        assertEquals(BusErrorException.Kind.BAD_SIZE, e.kind());
        assertThrows(BusErrorException.class, () -> as.write(0x1c00_0002L, 4, 0, CPU0)); // misaligned
        as.write(0x1c00_0004L, 4, 0x1_0000_00ffL, CPU0); // value truncated to the access size
        assertEquals(List.of("R 0 4 cpu0", "W 4 4 ff"), dev.log);
    }

    @Test
    void romRejectsWrites() {
        AddressSpace as = new AddressSpace();
        RamBlock rom = new RamBlock("boot", 4096);
        rom.write32(0, 0xe1a00000);
        as.mapRom("boot", 0, rom);
        assertEquals(0xe1a00000L, as.read(0, 4, CPU0));
        assertEquals(BusErrorException.Kind.READ_ONLY, assertThrows(BusErrorException.class, () -> as.write(0, 4, 0, CPU0)).kind());
        assertEquals(0xe1a00000, rom.read32(0));
        assertEquals(-1, as.hostAddress(0, 4, true));
        assertNotEquals(-1, as.hostAddress(0, 4, false));
    }

    @Test
    void lookupFindsEveryRegionAmongMany() {
        AddressSpace as = new AddressSpace();
        for (int i = 99; i >= 0; i--) {
            final int n = i;
            as.mapMmio(0x1000_0000L + i * 0x10000L, 0x1000, new MmioDevice() {
                public String name() { return "dev" + n; }
                public long read(long o, int s, int w) { return n; }
                public void write(long o, int s, long v, int w) {}
            });
        }
        for (int i = 0; i < 100; i++) {
            assertEquals(i, as.read(0x1000_0000L + i * 0x10000L + 0xffc, 4, CPU0));
            assertNull(as.find(0x1000_0000L + i * 0x10000L + 0x1000));
        }
    }

    @Test
    void mtreeListsRegionsInAddressOrder() {
        AddressSpace as = new AddressSpace();
        as.mapRam("vexpress.highmem", 0x8000_0000L, new RamBlock("ram", 1 << 20));
        as.mapMmio(0x1c09_0000L, 0x1000, new RecordingDevice());
        String t = as.mtree();
        assertTrue(t.contains("001c090000-001c090fff (prio 0, i/o): rec@1c000000"), t);
        assertTrue(t.indexOf("rec@") < t.indexOf("vexpress.highmem"), t);
        assertTrue(t.contains("0080000000-00800fffff (prio 0, ram): vexpress.highmem"), t);
    }

    @Test
    void ramWriteListenersHearBulkWrites() {
        AddressSpace as = new AddressSpace();
        as.mapRam("ram", 0x8000_0000L, new RamBlock("ram", 1 << 16));
        List<long[]> heard = new ArrayList<>();
        as.addRamWriteListener((pa, len) -> heard.add(new long[] {pa, len}));
        as.writeBytes(0x8000_1000L, new byte[64], 0, 64);
        assertEquals(1, heard.size());
        assertArrayEquals(new long[] {0x8000_1000L, 64}, heard.get(0));
        assertThrows(BusErrorException.class, () -> as.writeBytes(0x8000_fff0L, new byte[64], 0, 64));
    }

    @Test
    void traceLineCarriesCpuPcAddressSizeValueDeviceAndRegister() {
        AddressSpace as = new AddressSpace();
        as.mapMmio(0x1c00_0000L, 0x1000, new RecordingDevice());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        as.setTrace(new armvmm.trace.MmioTraceLog(new PrintStream(bytes, true), armvmm.trace.TraceFilter.ALL));
        as.write(0x1c00_0000L, 4, 0x41, CPU0);
        as.read(0x1c00_0000L, 4, BusMaster.DMA_MASTER);
        String[] lines = bytes.toString().split("\n");
        assertEquals("mmio cpu0 pc=0x80001234 W 0x001c000000 4 0x00000041 rec@1c000000+0x000 REC_DATA", lines[0]);
        assertEquals("mmio dma  pc=-          R 0x001c000000 4 0xa5a5a5a5 rec@1c000000+0x000 REC_DATA", lines[1]);
    }
}
