package armvmm.isa.mem;

import static armvmm.isa.mem.MemoryFixture.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class LongDescriptorTest {
    private final MemoryFixture m = new MemoryFixture();
    private final Mmu mmu = m.mmu;
    private static final long L1 = TABLES + 0x1_0000, L2 = TABLES + 0x2_0000, L3 = TABLES + 0x3_0000;
    /** MAIR0 in {@link MemoryFixture#longRegime}: AttrIndx 0 Normal write-back (0xff), 1 Device (0x04). */
    private static final long NORMAL = 0 << 2, DEVICE = 1 << 2;
    private static final long RW_PL1 = lap(0b00), RW_ALL = lap(0b01), RO_PL1 = lap(0b10), RO_ALL = lap(0b11);

    @AfterEach
    void close() { m.close(); }

    private static MemoryAbort abort(Executable e) { return assertThrows(MemoryAbort.class, e); }

    private void l1(long table, int va, long desc) { m.poke64(table + ((va >>> 30) << 3), desc); }

    private void l2(long table, int va, long desc) { m.poke64(table + (((va >>> 21) & 0x1ff) << 3), desc); }

    private void l3(long table, int va, long desc) { m.poke64(table + (((va >>> 12) & 0x1ff) << 3), desc); }

    /** VA 0x4000_0000.. through L1 -> L2 -> L3 to a 4 KB page. */
    private void pageAt(int va, long pa, long attrs) {
        l1(L1, va, L2 | TABLE);
        l2(L2, va, L3 | TABLE);
        l3(L3, va, pa | PAGE | AF | attrs);
    }

    @Test
    void threeLevelsToAPageAndBlocksAtLevelsOneAndTwo() {
        pageAt(0x4020_3000, RAM + 0x7000, NORMAL | RW_ALL);
        l2(L2, 0x4060_0000, (RAM + 0x20_0000) | BLOCK | AF | NORMAL | RW_ALL);   // 2 MB block
        l1(L1, 0x0000_0000, HIGH_RAM | BLOCK | AF | NORMAL | RW_ALL);           // 1 GB block onto RAM above 4 GiB
        m.poke32(RAM + 0x7ffc, 0x1234_5678);
        m.poke32(RAM + 0x31_2344, 0x2222_3333);
        m.highRam.write32(0x8_0040, 0x0bad_cafe);
        mmu.setRegime(longRegime(L1));
        assertEquals(0x1234_5678, mmu.read32(0x4020_3ffc, 0));
        assertEquals(0x2222_3333, mmu.read32(0x4071_2344, 0));
        assertEquals(0x0bad_cafe, mmu.read32(0x0008_0040, 0));
        mmu.write64(0x0008_0048, 0x1_0000_0002L, 0);
        assertEquals(0x1_0000_0002L, m.highRam.read64(0x8_0048));
        assertEquals(HIGH_RAM + 0x8_0048, mmu.translate(0x0008_0048, true, 0));
    }

    @Test
    void translationFaultsAtEachLevel() {
        l1(L1, 0x4000_0000, L2 | TABLE);
        l2(L2, 0x4000_0000, L3 | TABLE);
        l3(L3, 0x4000_1000, RAM | 0b01 | AF); // 0b01 at level 3 is reserved: a translation fault
        mmu.setRegime(longRegime(L1));
        assertEquals(0x205, abort(() -> mmu.read32(0x8000_0000, 0)).fsr, "level 1");
        assertEquals(0x206, abort(() -> mmu.read32(0x4020_0000, 0)).fsr, "level 2");
        MemoryAbort l3 = abort(() -> mmu.write32(0x4000_0008, 0, 0));
        assertEquals(0xa07, l3.fsr, "level 3, LPAE format, WnR");
        assertEquals(0x4000_0008, l3.address);
        assertEquals(0x207, abort(() -> mmu.read32(0x4000_1000, 0)).fsr);
        MemoryAbort fetch = abort(() -> mmu.fetch32(0x8000_0000, 0));
        assertTrue(fetch.prefetch);
        assertEquals(0x205, fetch.fsr);
    }

    @Test
    void accessFlagAndPermissionFaultsCarryTheirLevel() {
        l1(L1, 0x4000_0000, L2 | TABLE);
        l2(L2, 0x4000_0000, (RAM + 0x20_0000) | BLOCK | RO_ALL);                // AF clear
        l2(L2, 0x4020_0000, (RAM + 0x40_0000) | BLOCK | AF | RO_ALL);
        l2(L2, 0x4040_0000, L3 | TABLE);
        l3(L3, 0x4040_0000, (RAM + 0x60_0000) | PAGE | AF | RW_PL1 | XN);
        mmu.setRegime(longRegime(L1));
        assertEquals(0x20a, abort(() -> mmu.read8(0x4000_0000, 0)).fsr, "access flag, level 2");
        assertEquals(0xa0e, abort(() -> mmu.write8(0x4020_0000, 0, 0)).fsr, "permission, level 2, write");
        assertEquals(0x20f, abort(() -> mmu.read8(0x4040_0000, MemoryAccess.UNPRIVILEGED)).fsr, "permission, level 3, PL0");
        assertEquals(0x20f, abort(() -> mmu.fetch16(0x4040_0000, 0)).fsr, "XN");
        mmu.write8(0x4040_0000, 1, 0);
        mmu.read8(0x4020_0000, MemoryAccess.UNPRIVILEGED);
    }

    @Test
    void hierarchicalTableLimits() {
        // APTable[1] (bit 62): no writes below; APTable[0] (bit 61): no PL0 access below; XNTable/PXNTable
        l1(L1, 0x4000_0000, L2 | TABLE | 1L << 62);
        l2(L2, 0x4000_0000, (RAM + 0x20_0000) | BLOCK | AF | RW_ALL);
        l1(L1, 0x8000_0000, (L2 + 0x1000) | TABLE | 1L << 61 | 1L << 60);
        m.poke64(L2 + 0x1000, (RAM + 0x40_0000) | BLOCK | AF | RW_ALL);
        l1(L1, 0xc000_0000, (L2 + 0x2000) | TABLE | 1L << 59);
        m.poke64(L2 + 0x2000, (RAM + 0x60_0000) | BLOCK | AF | RW_ALL);
        mmu.setRegime(longRegime(L1));
        assertEquals(0xa0e, abort(() -> mmu.write32(0x4000_0000, 0, 0)).fsr);
        mmu.read32(0x4000_0000, MemoryAccess.UNPRIVILEGED);
        assertEquals(0x20e, abort(() -> mmu.read32(0x8000_0000, MemoryAccess.UNPRIVILEGED)).fsr);
        mmu.write32(0x8000_0000, 5, 0);
        assertEquals(0x20e, abort(() -> mmu.fetch32(0x8000_0000, 0)).fsr, "XNTable");
        assertEquals(0x20e, abort(() -> mmu.fetch32(0xc000_0000, 0)).fsr, "PXNTable at PL1");
        mmu.fetch32(0xc000_0000, MemoryAccess.UNPRIVILEGED);
    }

    @Test
    void t0szAndT1szSelectTheTableAndItsStartingLevel() {
        // T0SZ = 2: TTBR0 maps [0, 1 GB) starting at level 2 (a 4 KB table); T1SZ = 1: TTBR1 maps [2 GB, 4 GB)
        // starting at level 1 with two entries; [1 GB, 2 GB) is a translation fault.
        long t0 = TABLES + 0x5_0000, t1 = TABLES + 0x6_0000;
        m.poke64(t0 + (0x3010_0000 >>> 21 << 3), (RAM + 0x20_0000) | BLOCK | AF | RW_ALL);
        m.poke64(t1 + 8, (RAM + 0x40_0000) | TABLE);
        l2(RAM + 0x40_0000, 0xc000_0000, (RAM + 0x60_0000) | BLOCK | AF | RW_ALL);
        m.poke32(RAM + 0x30_0000, 0x0000_aaaa);
        m.poke32(RAM + 0x60_0000, 0x0000_bbbb);
        int ttbcr = TranslationRegime.TTBCR_EAE | 2 | 1 << 16;
        mmu.setRegime(new TranslationRegime(TranslationRegime.SCTLR_M, ttbcr, t0, t1, 0, 0, 0, 0xff, 0, 0, false));
        assertEquals(0xaaaa, mmu.read32(0x3010_0000, 0));
        assertEquals(0xbbbb, mmu.read32(0xc000_0000, 0));
        assertEquals(0x205, abort(() -> mmu.read32(0x5000_0000, 0)).fsr);
        // EPD1: walks through TTBR1 are disabled
        mmu.setRegime(new TranslationRegime(TranslationRegime.SCTLR_M, ttbcr | TranslationRegime.TTBCR_EPD1, t0, t1, 0, 0, 0, 0xff, 0, 0, false));
        assertEquals(0x205, abort(() -> mmu.read32(0xc000_0000, 0)).fsr);
        assertEquals(0xaaaa, mmu.read32(0x3010_0000, 0), "TTBR0 still walks");
    }

    @Test
    void deviceMemoryFromMairFaultsUnalignedAccesses() {
        l1(L1, 0x0000_0000, L2 | TABLE);
        l2(L2, 0x1c00_0000, 0x1c00_0000L | BLOCK | AF | DEVICE | RW_PL1 | XN);
        l2(L2, 0x0020_0000, (RAM + 0x20_0000) | BLOCK | AF | NORMAL | RW_PL1);
        m.poke32(RAM + 0x20_0000, 0x4433_2211);
        m.poke32(RAM + 0x20_0004, 0x8877_6655);
        mmu.setRegime(longRegime(L1));
        assertEquals(0x221, abort(() -> mmu.read16(0x1c09_0001, 0)).fsr, "alignment fault, long format");
        assertEquals(0x6655_4433, mmu.read32(0x0020_0002, 0));
        assertEquals(0x9abc_def0, mmu.read32(0x1c09_0000, 0));
        assertEquals(0x210, abort(() -> mmu.read32(0x1c1f_0000, 0)).fsr, "synchronous external abort, long format");
    }

    @Test
    void externalAbortOnTheWalkAndAddressSizeFaults() {
        l1(L1, 0x4000_0000, 0x40_0000_0000L - 0x1000 | TABLE); // below 2^40 but nothing there
        l1(L1, 0x8000_0000, 0x100_0000_0000L | TABLE);          // bit 40 set: beyond the 40-bit output size
        mmu.setRegime(longRegime(L1));
        assertEquals(0x216, abort(() -> mmu.read32(0x4000_0000, 0)).fsr, "external abort on the level 2 walk");
        assertEquals(0x201, abort(() -> mmu.read32(0x8000_0000, 0)).fsr, "address size fault, level 1");
    }

    @Test
    void parInTheLongFormat() {
        pageAt(0x4020_3000, HIGH_RAM + 0x7000, NORMAL | RO_PL1 | 0b11 << 8);
        mmu.setRegime(longRegime(L1));
        long par = mmu.ats(AtsKind.ATS1CPR, 0x4020_3abc);
        assertEquals(HIGH_RAM + 0x7000, par & 0xff_ffff_f000L, "40-bit PA");
        assertEquals(0xffL, par >>> 56, "MAIR attribute");
        assertEquals(0b11, par >>> 7 & 3, "SH: inner shareable");
        assertEquals(1L << 11, par & (1L << 11), "LPAE format");
        assertEquals(0, par & 1);
        assertEquals(1 | 0b001111 << 1 | 1 << 11, mmu.ats(AtsKind.ATS1CPW, 0x4020_3abc), "permission fault, level 3");
        assertEquals(1 | 0b001111 << 1 | 1 << 11, mmu.ats(AtsKind.ATS1CUR, 0x4020_3abc));
        assertEquals(1 | 0b000101 << 1 | 1 << 11, mmu.ats(AtsKind.ATS1CUR, 0xc000_0000), "translation fault, level 1");
        l3(L3, 0x4020_4000, (RAM + 0x8000) | PAGE | NORMAL | RW_ALL);
        assertEquals(1 | 0b001011 << 1 | 1 << 11, mmu.ats(AtsKind.ATS1CPR, 0x4020_4000), "access flag fault, level 3");
    }

    @Test
    void asidComesFromTtbr0OrTtbr1WithTtbcrA1AndTagsEntries() {
        l1(L1, 0x4000_0000, L2 | TABLE);
        l2(L2, 0x4000_0000, (RAM + 0x20_0000) | BLOCK | AF | RW_ALL | NG);
        m.poke32(RAM + 0x20_0000, 1);
        long asid5 = 5L << 48, asid6 = 6L << 48;
        TranslationRegime r5 = new TranslationRegime(TranslationRegime.SCTLR_M, TranslationRegime.TTBCR_EAE, L1 | asid5, asid6, 0, 0, 0, 0xff, 0, 0, false);
        assertEquals(5, r5.asid());
        assertEquals(6, new TranslationRegime(TranslationRegime.SCTLR_M, TranslationRegime.TTBCR_EAE | TranslationRegime.TTBCR_A1,
                L1 | asid5, asid6, 0, 0, 0, 0xff, 0, 0, false).asid());
        TranslationRegime r6 = new TranslationRegime(TranslationRegime.SCTLR_M, TranslationRegime.TTBCR_EAE, L1 | asid6, 0, 0, 0, 0, 0xff, 0, 0, false);
        mmu.setRegime(r5);
        assertEquals(1, mmu.read32(0x4000_0000, 0));
        l2(L2, 0x4000_0000, (RAM + 0x40_0000) | BLOCK | AF | RW_ALL | NG);
        m.poke32(RAM + 0x40_0000, 2);
        assertEquals(1, mmu.read32(0x4000_0000, 0), "stale entry of ASID 5");
        mmu.setRegime(r6);
        mmu.setRegime(r5);
        assertEquals(1, mmu.read32(0x4000_0000, 0), "a change of ASID flushes nothing");
        mmu.setRegime(r6);
        assertEquals(2, mmu.read32(0x4000_0000, 0), "ASID 6 does not hit ASID 5's entry");
    }
}
