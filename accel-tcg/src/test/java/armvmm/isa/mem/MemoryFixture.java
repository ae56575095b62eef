package armvmm.isa.mem;

import armvmm.bus.AddressSpace;
import armvmm.bus.BusMaster;
import armvmm.bus.MmioDevice;
import armvmm.memory.RamBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * A small machine for MMU tests: 16 MB of RAM at 0x80000000 (page tables from 0x80000000), 1 MB of RAM
 * above 4 GiB at 0x1_0000_0000, a 64 KB ROM at 0, and a register window at 0x1c090000 that records what
 * reaches it (accesses of 1 to 4 bytes). Holes elsewhere.
 */
final class MemoryFixture implements AutoCloseable {
    static final long RAM = 0x8000_0000L, HIGH_RAM = 0x1_0000_0000L, ROM = 0, DEVICE = 0x1c09_0000L;
    /** Where the tests put their translation tables. */
    static final long TABLES = RAM;

    final AddressSpace bus = new AddressSpace();
    final RamBlock ram = new RamBlock("ram", 16 << 20);
    final RamBlock highRam = new RamBlock("high", 1 << 20);
    final RamBlock rom = new RamBlock("rom", 64 << 10);
    final CodePages code = new CodePages();
    final List<String> deviceLog = new ArrayList<>();
    final Mmu mmu;

    MemoryFixture() {
        bus.mapRam("ram", RAM, ram);
        bus.mapRam("high", HIGH_RAM, highRam);
        bus.mapRom("rom", ROM, rom);
        bus.mapMmio(DEVICE, 0x1000, new MmioDevice() {
            public String name() { return "probe"; }
            public armvmm.bus.AccessSizes accessSizes() { return armvmm.bus.AccessSizes.UP_TO_WORD; }
            public long read(long offset, int size, int requester) {
                deviceLog.add("R" + size + "@" + Long.toHexString(offset));
                return 0x1234_5678_9abc_def0L & (size == 8 ? -1L : (1L << (size * 8)) - 1);
            }
            public void write(long offset, int size, long value, int requester) {
                deviceLog.add("W" + size + "@" + Long.toHexString(offset) + "=" + Long.toHexString(value));
            }
        });
        mmu = new Mmu(bus, code, new BusMaster() {
            public int id() { return 0; }
            public long currentPc() { return 0; }
        });
    }

    void poke32(long pa, long v) { bus.write(pa, 4, v, BusMaster.DMA_MASTER); }

    void poke64(long pa, long v) { bus.write(pa, 8, v, BusMaster.DMA_MASTER); }

    int peek32(long pa) { return (int) bus.read(pa, 4, BusMaster.DMA_MASTER); }

    // ---- short-descriptor tables (ARM ARM B3.5.1) ----

    /** Section descriptor AP[2:0] fields. */
    static int ap(int ap) { return (ap & 3) << 10 | (ap & 4) << 13; }

    static final int SECTION = 0b10, NG_SECTION = 1 << 17, XN_SECTION = 1 << 4, PXN_SECTION = 1;

    /** A section mapping VA[31:20] of {@code va} to {@code pa}, in the first-level table at {@code l1}. */
    void section(long l1, int va, long pa, int domain, int bits) {
        poke32(l1 + ((va >>> 20) << 2), (pa & 0xfff0_0000L) | domain << 5 | SECTION | bits);
    }

    void pageTable(long l1, int va, long l2, int domain, int bits) {
        poke32(l1 + ((va >>> 20) << 2), (l2 & 0xffff_fc00L) | domain << 5 | 0b01 | bits);
    }

    /** Small page descriptor AP fields. */
    static int pageAp(int ap) { return (ap & 3) << 4 | (ap & 4) << 7; }

    static final int SMALL = 0b10, NG_PAGE = 1 << 11, XN_SMALL = 1;

    void smallPage(long l2, int va, long pa, int bits) {
        poke32(l2 + (((va >>> 12) & 0xff) << 2), (pa & 0xffff_f000L) | SMALL | bits);
    }

    /** The short-descriptor regime with the MMU on, TTBR0 = {@code ttbr0}, domains given by DACR. */
    static TranslationRegime shortRegime(long ttbr0, int dacr) {
        return new TranslationRegime(TranslationRegime.SCTLR_M, 0, ttbr0, 0, dacr, 0, 0, 0, 0, 0, false);
    }

    // ---- long-descriptor tables (B3.6.1) ----

    static final long TABLE = 0b11, BLOCK = 0b01, PAGE = 0b11, AF = 1 << 10, NG = 1 << 11;
    /** AP[2:1] of block and page descriptors. */
    static long lap(int ap21) { return (long) ap21 << 6; }

    static final long XN = 1L << 54, PXN = 1L << 53;

    /** Long-descriptor format on, TTBR0 at {@code ttbr0}, T0SZ = T1SZ = 0, MAIR0 attribute 0 Normal WB, 1 Device. */
    static TranslationRegime longRegime(long ttbr0) {
        return new TranslationRegime(TranslationRegime.SCTLR_M, TranslationRegime.TTBCR_EAE, ttbr0, 0, 0, 0, 0,
                0x04ff, 0, 0, false);
    }

    @Override
    public void close() {
        ram.close();
        highRam.close();
        rom.close();
    }
}
