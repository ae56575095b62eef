package armvmm.isa.mem;

import static armvmm.isa.mem.MemoryFixture.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ShortDescriptorTest {
    private final MemoryFixture m = new MemoryFixture();
    private final Mmu mmu = m.mmu;
    private static final long L1 = TABLES, L2 = TABLES + 0x4000;
    private static final int CLIENT_0 = 0b01, MANAGER_0 = 0b11;

    @AfterEach
    void close() { m.close(); }

    private static MemoryAbort abort(Executable e) { return assertThrows(MemoryAbort.class, e); }

    @Test
    void sectionTranslatesAndWritesLandInTheMappedRam() {
        m.section(L1, 0x0010_0000, RAM + 0x30_0000, 0, ap(0b011));
        mmu.setRegime(shortRegime(L1, CLIENT_0));
        mmu.write32(0x0010_0ab4, 0xcafe_f00d, 0);
        assertEquals(0xcafe_f00d, m.peek32(RAM + 0x30_0ab4));
        assertEquals(0xcafe_f00d, mmu.read32(0x0010_0ab4, 0));
        assertEquals(0xf00d, mmu.read16(0x0010_0ab4, 0));
        assertEquals(0xca, mmu.read8(0x0010_0ab7, 0));
        assertEquals(RAM + 0x30_0ab4, mmu.translate(0x0010_0ab4, true, 0));
    }

    @Test
    void smallAndLargePagesTranslateThroughTheSecondLevel() {
        m.pageTable(L1, 0x0020_0000, L2, 0, 0);
        m.smallPage(L2, 0x0020_3000, RAM + 0x5_7000, pageAp(0b011));
        // a large page: 16 identical descriptors, PA[31:16] in bits 31:16, type 0b01
        for (int k = 0; k < 16; k++) m.poke32(L2 + ((0x10 + k) << 2), (RAM + 0x9_0000) | 0b01 | pageAp(0b011));
        m.poke32(RAM + 0x5_7010, 0x1111_2222);
        m.poke32(RAM + 0x9_a024, 0x3333_4444);
        mmu.setRegime(shortRegime(L1, CLIENT_0));
        assertEquals(0x1111_2222, mmu.read32(0x0020_3010, 0));
        assertEquals(0x3333_4444, mmu.read32(0x0021_a024, 0));
        assertEquals(RAM + 0x9_a024, mmu.translate(0x0021_a024, false, 0));
    }

    @Test
    void supersectionReachesRamAboveFourGiB() {
        // PA[39:32] = 0x01: PA[35:32] in bits 23:20, PA[39:36] in bits 8:5; 16 identical entries
        int desc = 0x0000_0000 | 1 << 20 | 1 << 18 | SECTION | ap(0b011);
        for (int k = 0; k < 16; k++) m.poke32(L1 + ((0x300 + k) << 2), desc & 0xffff_ffffL);
        m.highRam.write32(0x4_5678, 0x600d_beef);
        mmu.setRegime(shortRegime(L1, CLIENT_0));
        assertEquals(0x600d_beef, mmu.read32(0x3004_5678, 0));
        assertEquals(HIGH_RAM + 0x4_5678, mmu.translate(0x3004_5678, false, 0));
        assertEquals((HIGH_RAM & 0xff00_0000L) | 0x2 | ShortDescriptorWalk.PAR_NS, mmu.ats(AtsKind.ATS1CPR, 0x3004_5678) & ~0xfcL,
                "PAR: PA[31:24] with SS; PA[39:32] has no place in the short format");
    }

    @Test
    void translationFaultsReportLevelDomainAndWnR() {
        m.pageTable(L1, 0x0040_0000, L2, 3, 0);
        mmu.setRegime(shortRegime(L1, 0b01 << 6));
        MemoryAbort l1 = abort(() -> mmu.read32(0x0050_0004, 0));
        assertEquals(0x005, l1.fsr);
        assertEquals(0x0050_0004, l1.address);
        assertFalse(l1.prefetch);
        MemoryAbort l2 = abort(() -> mmu.write16(0x0040_1002, 7, 0));
        assertEquals(0x800 | 3 << 4 | 0x007, l2.fsr, "page translation fault, domain 3, WnR");
        MemoryAbort fetch = abort(() -> mmu.fetch32(0x0040_1000, 0));
        assertTrue(fetch.prefetch);
        assertEquals(0x007, fetch.fsr, "IFSR has no domain field");
    }

    @Test
    void domainsFollowDacr() {
        m.section(L1, 0x0060_0000, RAM + 0x10_0000, 5, ap(0b000));
        m.pageTable(L1, 0x0070_0000, L2, 6, 0);
        m.smallPage(L2, 0x0070_0000, RAM + 0x20_0000, pageAp(0b011));
        mmu.setRegime(shortRegime(L1, 0));
        assertEquals(0x009 | 5 << 4, abort(() -> mmu.read8(0x0060_0000, 0)).fsr, "section domain fault");
        assertEquals(0x00b | 6 << 4, abort(() -> mmu.read8(0x0070_0000, 0)).fsr, "page domain fault");
        // Manager: AP = 000 (no access) is not checked
        mmu.setRegime(shortRegime(L1, 0b11 << 10));
        mmu.write32(0x0060_0010, 42, MemoryAccess.UNPRIVILEGED);
        assertEquals(42, m.peek32(RAM + 0x10_0010));
        // Client: it is
        mmu.setRegime(shortRegime(L1, 0b01 << 10));
        assertEquals(0x80d | 5 << 4, abort(() -> mmu.write32(0x0060_0010, 1, 0)).fsr, "section permission fault");
    }

    @Test
    void accessPermissionsAtEachPrivilege() {
        m.section(L1, 0x0100_0000, RAM + 0x10_0000, 0, ap(0b001)); // PL1 RW, PL0 none
        m.section(L1, 0x0110_0000, RAM + 0x20_0000, 0, ap(0b010)); // PL1 RW, PL0 RO
        m.section(L1, 0x0120_0000, RAM + 0x30_0000, 0, ap(0b101)); // PL1 RO, PL0 none
        m.section(L1, 0x0130_0000, RAM + 0x40_0000, 0, ap(0b111)); // RO both
        mmu.setRegime(shortRegime(L1, CLIENT_0));
        mmu.write32(0x0100_0000, 1, 0);
        assertEquals(0x00d, abort(() -> mmu.read32(0x0100_0000, MemoryAccess.UNPRIVILEGED)).fsr);
        mmu.write32(0x0110_0000, 2, 0);
        assertEquals(2, mmu.read32(0x0110_0000, MemoryAccess.UNPRIVILEGED));
        assertEquals(0x80d, abort(() -> mmu.write32(0x0110_0000, 3, MemoryAccess.UNPRIVILEGED)).fsr);
        assertEquals(0x80d, abort(() -> mmu.write32(0x0120_0000, 3, 0)).fsr);
        assertEquals(0x00d, abort(() -> mmu.read32(0x0120_0000, MemoryAccess.UNPRIVILEGED)).fsr);
        assertEquals(0x80d, abort(() -> mmu.write8(0x0130_0000, 3, 0)).fsr);
        mmu.read8(0x0130_0000, MemoryAccess.UNPRIVILEGED);
        // The CPU in User mode: the same as the UNPRIVILEGED flag
        mmu.setPrivileged(false);
        assertEquals(0x00d, abort(() -> mmu.read32(0x0100_0000, 0)).fsr);
        mmu.setPrivileged(true);
        assertEquals(1, mmu.read32(0x0100_0000, 0));
    }

    @Test
    void executeNeverAndPrivilegedExecuteNever() {
        m.section(L1, 0x0200_0000, RAM + 0x10_0000, 0, ap(0b011) | XN_SECTION);
        m.section(L1, 0x0210_0000, RAM + 0x20_0000, 0, ap(0b011) | PXN_SECTION);
        m.pageTable(L1, 0x0220_0000, L2, 0, 0);
        m.smallPage(L2, 0x0220_0000, RAM + 0x30_0000, pageAp(0b011) | XN_SMALL);
        m.poke32(RAM + 0x20_0000, 0xe320_f000);
        mmu.setRegime(shortRegime(L1, CLIENT_0));
        MemoryAbort xn = abort(() -> mmu.fetch32(0x0200_0000, 0));
        assertTrue(xn.prefetch);
        assertEquals(0x00d, xn.fsr);
        assertEquals(0x00d, abort(() -> mmu.fetch32(0x0210_0000, 0)).fsr, "PXN at PL1");
        assertEquals(0xe320_f000, mmu.fetch32(0x0210_0000, MemoryAccess.UNPRIVILEGED), "PXN does not stop PL0");
        assertEquals(0x00f, abort(() -> mmu.fetch16(0x0220_0000, 0)).fsr);
        mmu.read32(0x0200_0000, 0); // XN does not stop data
    }

    @Test
    void writeImpliesExecuteNeverWithSctlrWxn() {
        m.section(L1, 0x0300_0000, RAM + 0x10_0000, 0, ap(0b011));
        m.section(L1, 0x0310_0000, RAM + 0x20_0000, 0, ap(0b111));
        mmu.setRegime(new TranslationRegime(TranslationRegime.SCTLR_M | TranslationRegime.SCTLR_WXN, 0, L1, 0, CLIENT_0, 0, 0, 0, 0, 0, false));
        assertEquals(0x00d, abort(() -> mmu.fetch32(0x0300_0000, 0)).fsr);
        mmu.fetch32(0x0310_0000, 0);
    }

    @Test
    void accessFlagWithAfeAndTheSimplifiedPermissionModel() {
        m.section(L1, 0x0400_0000, RAM + 0x10_0000, 0, ap(0b010)); // AP[0] = AF = 0
        m.section(L1, 0x0410_0000, RAM + 0x20_0000, 0, ap(0b011)); // AF = 1, AP[2:1] = 01: RW both
        m.section(L1, 0x0420_0000, RAM + 0x30_0000, 0, ap(0b101)); // AF = 1, AP[2:1] = 10: PL1 RO
        m.pageTable(L1, 0x0430_0000, L2, 0, 0);
        m.smallPage(L2, 0x0430_0000, RAM + 0x40_0000, pageAp(0b110));
        mmu.setRegime(new TranslationRegime(TranslationRegime.SCTLR_M | TranslationRegime.SCTLR_AFE, 0, L1, 0, CLIENT_0, 0, 0, 0, 0, 0, false));
        assertEquals(0x003, abort(() -> mmu.read32(0x0400_0000, 0)).fsr, "section access flag fault");
        assertEquals(0x006, abort(() -> mmu.read32(0x0430_0000, 0)).fsr, "page access flag fault");
        mmu.write32(0x0410_0000, 1, MemoryAccess.UNPRIVILEGED);
        assertEquals(0x80d, abort(() -> mmu.write32(0x0420_0000, 1, 0)).fsr);
        assertEquals(0x00d, abort(() -> mmu.read32(0x0420_0000, MemoryAccess.UNPRIVILEGED)).fsr);
    }

    @Test
    void ttbcrNSplitsTheSpaceBetweenTtbr0AndTtbr1() {
        long l1a = TABLES + 0x1_0000, l1b = TABLES + 0x2_0000;
        // N = 2: TTBR0 maps [0, 1 GB) with a 4 KB table, TTBR1 the rest with a full 16 KB table
        m.section(l1a, 0x0010_0000, RAM + 0x10_0000, 0, ap(0b011));
        m.section(l1b, 0xc010_0000, RAM + 0x20_0000, 0, ap(0b011));
        m.section(l1b, 0x0010_0000, RAM + 0x30_0000, 0, ap(0b011)); // never used: TTBR0 covers that VA
        m.poke32(RAM + 0x10_0000, 0xaaaa);
        m.poke32(RAM + 0x20_0000, 0xbbbb);
        mmu.setRegime(new TranslationRegime(TranslationRegime.SCTLR_M, 2, l1a, l1b, CLIENT_0, 0, 0, 0, 0, 0, false));
        assertEquals(0xaaaa, mmu.read32(0x0010_0000, 0));
        assertEquals(0xbbbb, mmu.read32(0xc010_0000, 0));
        // PD1: walks through TTBR1 fault as translation faults
        mmu.setRegime(new TranslationRegime(TranslationRegime.SCTLR_M, 2 | TranslationRegime.TTBCR_PD1, l1a, l1b, CLIENT_0, 0, 0, 0, 0, 0, false));
        assertEquals(0x005, abort(() -> mmu.read32(0xc010_0000, 0)).fsr);
        assertEquals(0xaaaa, mmu.read32(0x0010_0000, 0));
    }

    @Test
    void texRemapDecidesWhichMemoryIsDeviceForUnalignedAccesses() {
        // TEX[0]:C:B = 0b001 -> remap index 1; 0b011 -> index 3
        m.section(L1, 0x0500_0000, RAM + 0x10_0000, 0, ap(0b011) | 0b0100); // B: index 1
        m.section(L1, 0x0510_0000, RAM + 0x20_0000, 0, ap(0b011) | 0b1100); // C, B: index 3
        m.poke32(RAM + 0x10_0000, 0x4433_2211);
        m.poke32(RAM + 0x10_0004, 0x8877_6655);
        m.poke32(RAM + 0x20_0000, 0x4433_2211);
        m.poke32(RAM + 0x20_0004, 0x8877_6655);
        int prrr = 0b01 << 2 | 0b10 << 6; // TR1 Device, TR3 Normal
        int nmrr = 0b01 << 6 | 0b01 << 22; // index 3: inner and outer write-back write-allocate
        mmu.setRegime(new TranslationRegime(TranslationRegime.SCTLR_M | TranslationRegime.SCTLR_TRE, 0, L1, 0, CLIENT_0, prrr, nmrr, 0, 0, 0, false));
        assertEquals(0x0001, abort(() -> mmu.read32(0x0500_0001, 0)).fsr, "unaligned access to Device memory");
        assertEquals(0x6655_4433, mmu.read32(0x0510_0002, 0), "unaligned access to Normal memory");
        assertEquals(0b101 << 4 | 0b01 << 2, mmu.ats(AtsKind.ATS1CPR, 0x0510_0000) & 0x7c, "PAR Inner/Outer from NMRR");
        assertEquals(0b011 << 4, mmu.ats(AtsKind.ATS1CPR, 0x0500_0000) & 0x7c, "PAR Inner: Device");
        // without TRE, TEX=000 C=0 B=1 is Shareable Device too, and C=1 B=1 Normal
        mmu.setRegime(shortRegime(L1, CLIENT_0));
        assertEquals(0x0801, abort(() -> mmu.write16(0x0500_0001, 1, 0)).fsr);
        assertEquals(0x6655_4433, mmu.read32(0x0510_0002, 0));
    }

    @Test
    void parReportsTranslationsAndFaultsInTheShortFormat() {
        m.section(L1, 0x0600_0000, RAM + 0x50_0000, 0, ap(0b010) | 1 << 16); // PL0 read-only, shareable
        mmu.setRegime(shortRegime(L1, CLIENT_0));
        long par = mmu.ats(AtsKind.ATS1CPW, 0x0600_1234);
        assertEquals(RAM + 0x50_1000, par & 0xffff_f000L);
        assertEquals(0, par & 1, "F clear");
        assertEquals(0, par & (1 << 11), "short format");
        assertEquals(1 << 7, par & (1 << 7), "SH");
        assertEquals(1 | 0b01101 << 1, mmu.ats(AtsKind.ATS1CUW, 0x0600_1234), "F and FS of a section permission fault");
        assertEquals(RAM + 0x50_1000, mmu.ats(AtsKind.ATS1CUR, 0x0600_1234) & 0xffff_f000L);
        assertEquals(1 | 0b00101 << 1, mmu.ats(AtsKind.ATS1CPR, 0x0700_0000), "translation fault");
    }

    @Test
    void externalAbortsOnTheWalkAndOnTheAccess() {
        m.pageTable(L1, 0x0800_0000, 0x4000_0000L, 0, 0); // second-level table in a hole
        m.section(L1, 0x0810_0000, 0x5000_0000L, 0, ap(0b011)); // a section onto a hole
        m.section(L1, 0x0820_0000, ROM, 0, ap(0b011));
        mmu.setRegime(shortRegime(L1, CLIENT_0));
        assertEquals(0x00e, abort(() -> mmu.read32(0x0800_0000, 0)).fsr, "external abort on the second-level walk");
        MemoryAbort access = abort(() -> mmu.write32(0x0810_0040, 1, 0));
        assertEquals(0x808, access.fsr, "synchronous external abort, WnR");
        assertEquals(0x0810_0040, access.address);
        assertEquals(0x008, abort(() -> mmu.write32(0x0820_0000, 1, 0)).fsr & 0x7ff, "a write to ROM");
        // the first-level table itself in a hole
        mmu.setRegime(shortRegime(0x4000_0000L, CLIENT_0));
        assertEquals(0x00c, abort(() -> mmu.read32(0x0800_0000, 0)).fsr);
        assertThrows(MemoryAbort.class, () -> mmu.ats(AtsKind.ATS1CPR, 0x0800_0000), "external abort on a walk is taken, not put in PAR");
    }

    @Test
    void mmioPagesGoToTheDevice() {
        m.section(L1, 0x1c00_0000, 0x1c00_0000L, 0, ap(0b011) | XN_SECTION); // Strongly-ordered (TEX 0 C 0 B 0)
        mmu.setRegime(shortRegime(L1, CLIENT_0));
        mmu.write32(0x1c09_0008, 0x41, 0);
        assertEquals(0x9abc_def0, mmu.read32(0x1c09_0010, 0));
        mmu.write32(0x1c09_0008, 0x42, 0);
        assertEquals(java.util.List.of("W4@8=41", "R4@10", "W4@8=42"), m.deviceLog);
        m.deviceLog.clear();
        mmu.write64(0x1c09_0020, 0x2222_2222_1111_1111L, MemoryAccess.ALIGNED | MemoryAccess.WORD_ALIGNED);
        assertEquals(0x9abc_def0_9abc_def0L, mmu.read64(0x1c09_0028, MemoryAccess.ALIGNED | MemoryAccess.WORD_ALIGNED));
        assertEquals(java.util.List.of("W4@20=11111111", "W4@24=22222222", "R4@28", "R4@2c"), m.deviceLog,
                "STRD/LDRD reach a word-only device as two word accesses");
        assertEquals(0x0001, abort(() -> mmu.read32(0x1c09_0002, 0)).fsr);
    }

    @Test
    void sctlrEeReadsTheTablesBigEndian() {
        m.poke32(L1 + ((0x0090_0000 >>> 20) << 2), Integer.reverseBytes((int) (RAM + 0x10_0000) | SECTION | ap(0b011)) & 0xffff_ffffL);
        m.poke32(RAM + 0x10_0040, 77);
        mmu.setRegime(new TranslationRegime(TranslationRegime.SCTLR_M | TranslationRegime.SCTLR_EE, 0, L1, 0, CLIENT_0, 0, 0, 0, 0, 0, false));
        assertEquals(77, mmu.read32(0x0090_0040, 0));
    }

    @Test
    void uwxnMakesPl0WritableMemoryPrivilegedExecuteNever() {
        m.section(L1, 0x0a00_0000, RAM + 0x10_0000, 0, ap(0b011)); // RW at PL0
        m.section(L1, 0x0a10_0000, RAM + 0x20_0000, 0, ap(0b001)); // RW at PL1 only
        mmu.setRegime(new TranslationRegime(TranslationRegime.SCTLR_M | TranslationRegime.SCTLR_UWXN, 0, L1, 0, CLIENT_0, 0, 0, 0, 0, 0, false));
        assertEquals(0x00d, abort(() -> mmu.fetch32(0x0a00_0000, 0)).fsr);
        mmu.fetch32(0x0a00_0000, MemoryAccess.UNPRIVILEGED);
        mmu.fetch32(0x0a10_0000, 0);
    }

    @Test
    void atsWithTheMmuOffIsTheFlatMap() {
        assertEquals(0x1234_5000L, mmu.ats(AtsKind.ATS1CUW, 0x1234_5678) & 0xffff_f001L);
        mmu.setRegime(shortRegime(L1, CLIENT_0));
        assertEquals(1 | 0b00101 << 1, mmu.ats(AtsKind.ATS1CUW, 0x1234_5678), "with the MMU on and an empty table: a fault");
    }

    @Test
    void withTheMmuOffAFetchFromNothingIsAnExternalPrefetchAbortAndTheFormatFollowsTtbcrEae() {
        MemoryAbort fetch = abort(() -> mmu.fetch32(0x5000_0000, 0));
        assertTrue(fetch.prefetch);
        assertEquals(0x008, fetch.fsr);
        assertEquals(0x5000_0000, fetch.address);
        mmu.setRegime(new TranslationRegime(0, TranslationRegime.TTBCR_EAE, 0, 0, 0, 0, 0, 0, 0, 0, true));
        assertEquals(0x210, abort(() -> mmu.read32(0x5000_0000, 0)).fsr);
        assertEquals(0x221, abort(() -> mmu.read32((int) RAM + 2, 0)).fsr);
    }

    @Test
    void atsForAnotherRegimeWalksItsTablesAndLeavesTheTlbAlone() {
        m.section(L1, 0x0010_0000, RAM + 0x30_0000, 0, ap(0b011));
        TranslationRegime nonSecure = shortRegime(L1, CLIENT_0);
        assertEquals(RAM + 0x30_0000, mmu.ats(AtsKind.ATS1CPR, 0x0010_0abc, nonSecure) & 0xffff_f000L);
        assertEquals(1 | 0b00101 << 1, mmu.ats(AtsKind.ATS1CPR, 0x0020_0000, nonSecure));
        assertEquals(0x0010_0abcL, mmu.translate(0x0010_0abc, false, 0), "the current regime (MMU off) is untouched");
    }
}
