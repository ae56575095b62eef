package armvmm.isa.mem;

import static armvmm.isa.mem.MemoryFixture.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The software TLB keeps what it cached, as a hardware TLB does, until the TLB maintenance operation that
 * covers it (or a regime change that requires a flush), and no longer.
 */
class TlbTest {
    private final MemoryFixture m = new MemoryFixture();
    private final Mmu mmu = m.mmu;
    private static final long L1 = TABLES, L2 = TABLES + 0x4000;
    private static final long OLD = RAM + 0x10_0000, NEW = RAM + 0x20_0000;
    private static final int VA = 0x0040_3000;

    @AfterEach
    void close() { m.close(); }

    /** VA 0x00403000 through a page table to OLD, nG as asked; OLD holds 1, NEW holds 2. */
    private void mapPage(boolean nG) {
        m.pageTable(L1, VA, L2, 0, 0);
        m.smallPage(L2, VA, OLD, pageAp(0b011) | (nG ? NG_PAGE : 0));
        m.poke32(OLD, 1);
        m.poke32(NEW, 2);
    }

    private void remapPage(boolean nG) { m.smallPage(L2, VA, NEW, pageAp(0b011) | (nG ? NG_PAGE : 0)); }

    private TranslationRegime regime(int asid) {
        return new TranslationRegime(TranslationRegime.SCTLR_M, 0, L1, 0, 1, 0, 0, 0, 0, asid, false);
    }

    @Test
    void staleEntrySurvivesUntilTlbimvaOfItsPage() {
        mapPage(false);
        mmu.setRegime(regime(0));
        assertEquals(1, mmu.read32(VA, 0));
        remapPage(false);
        assertEquals(1, mmu.read32(VA, 0), "a page table write alone changes nothing");
        mmu.tlbInvalidateMva(VA + 0x1000);
        mmu.tlbInvalidateAsid(0);
        assertEquals(1, mmu.read32(VA, 0), "another page's TLBIMVA, and TLBIASID, leave a global entry");
        mmu.tlbInvalidateMva(VA | 0x7); // MVA[31:12] and an unrelated ASID: global entries of that MVA go
        assertEquals(2, mmu.read32(VA, 0));
    }

    @Test
    void staleEntriesOfEachKindAndPrivilegeGoTogether() {
        mapPage(false);
        m.poke32(OLD + 4, 0xe1a0_0000);
        mmu.setRegime(regime(0));
        mmu.read32(VA, MemoryAccess.UNPRIVILEGED);
        mmu.write32(VA + 8, 9, 0);
        mmu.fetch32(VA + 4, 0);
        remapPage(false);
        mmu.tlbInvalidateMvaAllAsid(VA);
        assertEquals(2, mmu.read32(VA, MemoryAccess.UNPRIVILEGED));
        mmu.write32(VA + 8, 10, 0);
        assertEquals(9, m.peek32(OLD + 8));
        assertEquals(10, m.peek32(NEW + 8));
        assertEquals(0, mmu.fetch32(VA + 4, 0));
    }

    @Test
    void nonGlobalEntriesBelongToTheirAsid() {
        mapPage(true);
        mmu.setRegime(regime(5));
        assertEquals(1, mmu.read32(VA, 0));
        remapPage(true);
        mmu.setRegime(regime(6));
        mmu.setRegime(regime(5));
        assertEquals(1, mmu.read32(VA, 0), "a change of ASID flushes nothing");
        mmu.tlbInvalidateAsid(6);
        mmu.tlbInvalidateMva(VA | 6);
        assertEquals(1, mmu.read32(VA, 0), "invalidations for ASID 6 leave ASID 5's entry");
        mmu.tlbInvalidateAsid(5);
        assertEquals(2, mmu.read32(VA, 0));
    }

    @Test
    void otherAsidsDoNotHitAnNgEntryButDoHitAGlobalOne() {
        mapPage(true);
        mmu.setRegime(regime(5));
        assertEquals(1, mmu.read32(VA, 0));
        remapPage(true);
        mmu.setRegime(regime(6));
        assertEquals(2, mmu.read32(VA, 0), "nG: ASID 6 walks for itself");

        m.smallPage(L2, VA, OLD, pageAp(0b011)); // global now
        mmu.tlbInvalidateAll();
        assertEquals(1, mmu.read32(VA, 0));
        remapPage(false);
        mmu.setRegime(regime(7));
        assertEquals(1, mmu.read32(VA, 0), "a global entry serves every ASID");
        mmu.tlbInvalidateMva(VA | 9);
        assertEquals(2, mmu.read32(VA, 0));
    }

    @Test
    void tlbimvaOfAnyPageOfASectionDropsTheWholeSection() {
        m.section(L1, 0x0050_0000, OLD, 0, ap(0b011));
        m.poke32(OLD + 0x8_0000, 1);
        m.poke32(NEW + 0x8_0000, 2);
        mmu.setRegime(regime(0));
        assertEquals(1, mmu.read32(0x0058_0000, 0));
        m.section(L1, 0x0050_0000, NEW, 0, ap(0b011));
        mmu.tlbInvalidateMvaAllAsid(0x0060_0000);
        assertEquals(1, mmu.read32(0x0058_0000, 0), "another section");
        mmu.tlbInvalidateMvaAllAsid(0x0050_1000);
        assertEquals(2, mmu.read32(0x0058_0000, 0), "same section, other 4 KB page");
    }

    @Test
    void regimeChangesThatRequireItFlush() {
        mapPage(false);
        mmu.setRegime(regime(0));
        assertEquals(1, mmu.read32(VA, 0));
        remapPage(false);
        mmu.setRegime(new TranslationRegime(TranslationRegime.SCTLR_M, 0, L1 + 0x8000, 0, 1, 0, 0, 0, 0, 0, false));
        assertEquals(1, mmu.read32(VA, 0), "TTBR0 written alone: the guest invalidates");
        mmu.setRegime(regime(0));
        mmu.setRegime(new TranslationRegime(TranslationRegime.SCTLR_M | TranslationRegime.SCTLR_A, 0, L1, 0, 1, 0, 0, 0, 0, 0, false));
        assertEquals(1, mmu.read32(VA, 0), "SCTLR.A does not change translations");
        mmu.setRegime(new TranslationRegime(0, 0, L1, 0, 1, 0, 0, 0, 0, 0, false));
        assertEquals(2, mmu.read32((int) NEW, 0), "MMU off: VA = PA");
        mmu.setRegime(regime(0));
        assertEquals(2, mmu.read32(VA, 0), "SCTLR.M flushed");
    }

    @Test
    void dacrChangesDropTheEntriesOfTheChangedDomainsOnly() {
        m.section(L1, 0x0050_0000, OLD, 3, ap(0b011));
        m.section(L1, 0x0060_0000, OLD, 4, ap(0b011));
        m.poke32(OLD, 1);
        m.poke32(NEW, 2);
        int client3and4 = 0b01 << 6 | 0b01 << 8;
        mmu.setRegime(new TranslationRegime(TranslationRegime.SCTLR_M, 0, L1, 0, client3and4, 0, 0, 0, 0, 0, false));
        assertEquals(1, mmu.read32(0x0050_0000, 0));
        assertEquals(1, mmu.read32(0x0060_0000, 0));
        m.section(L1, 0x0060_0000, NEW, 4, ap(0b011)); // a stale entry to watch
        mmu.setRegime(new TranslationRegime(TranslationRegime.SCTLR_M, 0, L1, 0, 0b01 << 8, 0, 0, 0, 0, 0, false));
        assertEquals(0x009 | 3 << 4, assertThrows(MemoryAbort.class, () -> mmu.read32(0x0050_0000, 0)).fsr);
        assertEquals(1, mmu.read32(0x0060_0000, 0), "domain 4 unchanged: its entry stays");
        mmu.setRegime(new TranslationRegime(TranslationRegime.SCTLR_M, 0, L1, 0, 0b11 << 8, 0, 0, 0, 0, 0, false));
        assertEquals(2, mmu.read32(0x0060_0000, 0), "domain 4 now Manager: walked again");
    }

    @Test
    void privilegedAndUnprivilegedEntriesAreSeparate() {
        m.section(L1, 0x0050_0000, OLD, 0, ap(0b001)); // PL1 only
        mmu.setRegime(regime(0));
        mmu.read32(0x0050_0000, 0);
        assertThrows(MemoryAbort.class, () -> mmu.read32(0x0050_0000, MemoryAccess.UNPRIVILEGED));
        mmu.setPrivileged(false);
        assertThrows(MemoryAbort.class, () -> mmu.read32(0x0050_0000, 0));
        mmu.setPrivileged(true);
        mmu.read32(0x0050_0000, 0);
    }

    @Test
    void aPermissionFaultAfterACachedReadStillFaultsOnWrite() {
        m.section(L1, 0x0050_0000, OLD, 0, ap(0b111));
        mmu.setRegime(regime(0));
        mmu.read32(0x0050_0000, 0);
        assertEquals(0x80d, assertThrows(MemoryAbort.class, () -> mmu.write32(0x0050_0000, 0, 0)).fsr);
        assertEquals(0x80d, assertThrows(MemoryAbort.class, () -> mmu.write32(0x0050_0000, 0, 0)).fsr);
    }

    @Test
    void maintenancePostedByAnotherVcpuAppliesAtTheOwnersSafePoint() throws InterruptedException {
        mapPage(false);
        mmu.setRegime(regime(0));
        assertEquals(1, mmu.read32(VA, 0));
        remapPage(false);
        Thread other = new Thread(() -> mmu.post(x -> x.tlbInvalidateMvaAllAsid(VA)));
        other.start();
        other.join();
        assertEquals(1, mmu.read32(VA, 0), "not applied before the safe point");
        assertTrue(mmu.applyPosted());
        assertEquals(2, mmu.read32(VA, 0));
        assertFalse(mmu.applyPosted(), "nothing left");
    }

    @Test
    void theTranslationGenerationMovesWhenACachedTranslationMayHaveChanged() {
        mapPage(false);
        mmu.setRegime(regime(0));
        mmu.translateFetch(VA, 0);
        long g = mmu.translationGeneration();
        mmu.read32(VA, 0);
        mmu.fetch32(VA, 0);
        mmu.tlbInvalidateMva(VA + 0x1000);
        mmu.setRegime(regime(0));
        assertEquals(g, mmu.translationGeneration(), "hits, an unrelated invalidation and the same regime change nothing");
        mmu.tlbInvalidateMva(VA);
        assertNotEquals(g, g = mmu.translationGeneration(), "the entry dropped");
        mmu.translateFetch(VA, 0);
        mmu.setRegime(regime(3));
        assertNotEquals(g, g = mmu.translationGeneration(), "a new ASID");
        m.smallPage(L2, VA + 0x1000, NEW, pageAp(0b011));
        mmu.translateFetch(VA + 0x1000, 0);
        assertEquals(g, mmu.translationGeneration(), "filling an empty slot");
        // pages sharing VA's slot: the first conflict moves VA's entry to the victim entries, where it is
        // found again; more conflicts than victim entries discard a translation
        for (int k = 1; k <= Mmu.VICTIMS + 1; k++) m.section(L1, VA + k * TLB_SIZE_BYTES, NEW, 0, ap(0b011));
        remapPage(false);
        mmu.translateFetch(VA + TLB_SIZE_BYTES, 0);
        assertEquals(OLD, mmu.translateFetch(VA, 0), "the stale entry of VA, found among the victims");
        assertEquals(g, mmu.translationGeneration(), "a conflict evicts to a victim entry: nothing lost");
        for (int k = 1; k <= Mmu.VICTIMS + 1; k++) mmu.translateFetch(VA + k * TLB_SIZE_BYTES, 0);
        assertNotEquals(g, g = mmu.translationGeneration(), "a translation discarded");
        // pages only data accesses used (executable ones too) pushing each other out: no fetch translation is lost
        for (int k = 1; k <= Mmu.VICTIMS + 2; k++) m.section(L1, VA + (k + 16) * TLB_SIZE_BYTES, NEW, 0, ap(0b011) | (k % 2 == 0 ? MemoryFixture.XN_SECTION : 0));
        mmu.tlbInvalidateAll();
        g = mmu.translationGeneration();
        for (int k = 1; k <= Mmu.VICTIMS + 2; k++) mmu.read32(VA + (k + 16) * TLB_SIZE_BYTES, 0);
        assertEquals(g, mmu.translationGeneration(), "data-only entries replaced by data-only entries");
    }

    /** Two virtual pages this far apart share a TLB slot. */
    private static final int TLB_SIZE_BYTES = Mmu.TLB_SIZE << 12;
}
