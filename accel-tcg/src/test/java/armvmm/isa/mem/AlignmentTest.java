package armvmm.isa.mem;

import static armvmm.isa.mem.MemoryAccess.*;
import static armvmm.isa.mem.MemoryFixture.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** ARMv7 alignment rules (ARM ARM A3.2.1) and unaligned accesses that cross a page boundary. */
class AlignmentTest {
    private final MemoryFixture m = new MemoryFixture();
    private final Mmu mmu = m.mmu;
    private static final long L1 = TABLES, L2 = TABLES + 0x4000;
    /** Two virtually adjacent pages on physically distant frames, then an unmapped page. */
    private static final int P0 = 0x0040_0000, P1 = 0x0040_1000, HOLE = 0x0040_2000;
    private static final long F0 = RAM + 0x30_0000, F1 = RAM + 0x10_0000;

    @BeforeEach
    void map() {
        m.pageTable(L1, P0, L2, 0, 0);
        m.smallPage(L2, P0, F0, pageAp(0b011) | 0b1100); // Normal write-back
        m.smallPage(L2, P1, F1, pageAp(0b011) | 0b1100);
        m.poke32(F0 + 0xffc, 0x4433_2211);
        m.poke32(F1, 0x8877_6655);
        m.poke32(F1 + 4, 0xccbb_aa99);
        regime(0);
    }

    private void regime(int sctlrExtra) {
        mmu.setRegime(new TranslationRegime(TranslationRegime.SCTLR_M | sctlrExtra, 0, L1, 0, 1, 0, 0, 0, 0, 0, false));
    }

    @AfterEach
    void close() { m.close(); }

    private static int fsr(Executable e) { return assertThrows(MemoryAbort.class, e).fsr; }

    @Test
    void unalignedAccessesToNormalMemoryWorkWhenSctlrAIsClear() {
        assertEquals(0x6655_4433, mmu.read32(P0 + 0xffe, 0), "across the page boundary, from two frames");
        assertEquals(0x5544_3322, mmu.read32(P0 + 0xffd, 0));
        assertEquals(0x8877, mmu.read16(P1 + 2, 0));
        assertEquals(0x99_8877_6655_4433L, mmu.read64(P0 + 0xffe, 0) & 0xff_ffff_ffff_ffffL);
        mmu.write32(P0 + 0xfff, 0xa1b2_c3d4, 0);
        assertEquals(0xd433_2211, m.peek32(F0 + 0xffc));
        assertEquals(0x88a1_b2c3, m.peek32(F1));
        mmu.write16(P1 + 5, 0xeeff, 0);
        assertEquals(0xcceeff99, m.peek32(F1 + 4));
    }

    @Test
    void sctlrAMakesEveryUnalignedAccessFault() {
        regime(TranslationRegime.SCTLR_A);
        assertEquals(0x001, fsr(() -> mmu.read16(P1 + 1, 0)));
        assertEquals(0x801, fsr(() -> mmu.write32(P1 + 2, 0, 0)));
        MemoryAbort a = assertThrows(MemoryAbort.class, () -> mmu.read32(P0 + 0xffe, 0));
        assertEquals(P0 + 0xffe, a.address);
        assertEquals(0x99, mmu.read8(P1 + 4, 0));
        assertEquals(0x8877_6655, mmu.read32(P1, 0));
        assertEquals(0x6655, mmu.fetch16(P1, 0), "instruction fetches are not data accesses");
    }

    @Test
    void ldrdLdmAndVldrNeedWordAlignmentWhateverSctlrASays() {
        int ldrd = ALIGNED | WORD_ALIGNED;
        assertEquals(0xccbb_aa99_8877_6655L, mmu.read64(P1, ldrd));
        assertEquals(0x8877_6655_4433_2211L, mmu.read64(P0 + 0xffc, ldrd), "word-aligned doubleword across the page boundary");
        assertEquals(0x001, fsr(() -> mmu.read64(P1 + 2, ldrd)));
        assertEquals(0x801, fsr(() -> mmu.write32(P1 + 1, 0, ALIGNED)));
        mmu.write64(P0 + 0xffc, 0x1_0000_0002L, ldrd);
        assertEquals(2, m.peek32(F0 + 0xffc));
        assertEquals(1, m.peek32(F1));
        regime(TranslationRegime.SCTLR_A);
        assertEquals(0xccbb_aa99_0000_0001L, mmu.read64(P1, ldrd));
        assertEquals(0xccbb_aa99L, mmu.read64(P1 + 4, ldrd) & 0xffff_ffffL, "LDRD needs a word, not a doubleword, even with SCTLR.A");
    }

    @Test
    void exclusivesNeedNaturalAlignment() {
        assertEquals(0x001, fsr(() -> mmu.read32(P1 + 2, EXCLUSIVE)));
        assertEquals(0x001, fsr(() -> mmu.read16(P1 + 1, EXCLUSIVE)));
        assertEquals(0x001, fsr(() -> mmu.read64(P1 + 4, EXCLUSIVE | ALIGNED | WORD_ALIGNED)), "LDREXD needs 8");
        assertEquals(0x801, fsr(() -> mmu.write32(P1 + 2, 0, EXCLUSIVE)));
        assertEquals(0xccbb_aa99_8877_6655L, mmu.read64(P1, EXCLUSIVE));
        assertEquals(F1 + 4, mmu.translate(P1 + 4, true, EXCLUSIVE));
    }

    @Test
    void aCrossingAccessFaultingInTheSecondPageReportsThatPageAndWritesNothing() {
        MemoryAbort read = assertThrows(MemoryAbort.class, () -> mmu.read32(P1 + 0xffe, 0));
        assertEquals(HOLE, read.address, "the first byte in the faulting page");
        assertEquals(0x007, read.fsr);
        MemoryAbort write = assertThrows(MemoryAbort.class, () -> mmu.write32(P1 + 0xffd, 0xffff_ffff, 0));
        assertEquals(HOLE, write.address);
        assertEquals(0x807, write.fsr);
        assertEquals(0, m.peek32(F1 + 0xffc), "no byte of the first page written");
        assertThrows(MemoryAbort.class, () -> mmu.write64(P1 + 0xffc, -1L, ALIGNED | WORD_ALIGNED));
        assertEquals(0, m.peek32(F1 + 0xffc), "STRD: neither word written");
    }

    @Test
    void thumbInstructionAcrossAPageBoundary() {
        assertEquals(0x6655_4433, mmu.fetch32(P0 + 0xffe, 0));
    }

    @Test
    void withTheMmuOffDataIsStronglyOrderedSoUnalignedAccessesFault() {
        mmu.setRegime(TranslationRegime.RESET);
        assertEquals(0x001, fsr(() -> mmu.read32((int) F1 + 2, 0)));
        assertEquals(0x8877_6655, mmu.read32((int) F1, 0));
        assertEquals(0x8877, mmu.fetch16((int) F1 + 2, 0));
    }
}
