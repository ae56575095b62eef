package armvmm.isa.mem;

import static armvmm.isa.mem.MemoryFixture.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stores into pages holding decoded code reach {@link CodePages#written}, however the TLB was filled. */
class CodePageStoreTest {
    private final MemoryFixture m = new MemoryFixture();
    private final Mmu mmu = m.mmu;
    private final List<Long> dropped = new ArrayList<>();
    private static final long L1 = TABLES;
    private static final int VA = 0x0050_0000;
    private static final long PA = RAM + 0x20_0000;

    @BeforeEach
    void map() {
        m.section(L1, VA, PA, 0, ap(0b011) | 0b1100); // Normal write-back
        mmu.setRegime(shortRegime(L1, 1));
        m.code.addListener(dropped::add);
    }

    @AfterEach
    void close() { m.close(); }

    @Test
    void aStoreToAMarkedPageDropsItsCodeOnce() {
        m.code.mark(PA + 0x3000);
        mmu.write32(VA + 0x3010, 0xe1a0_0000, 0);
        assertEquals(List.of(PA + 0x3000), dropped);
        assertFalse(m.code.isCode(PA + 0x3000));
        mmu.write8(VA + 0x3011, 1, 0);
        assertEquals(1, dropped.size(), "the page is no longer code");
        assertEquals(0xe1a0_0100, m.peek32(PA + 0x3010), "the store itself happened");
    }

    @Test
    void aPageMarkedAfterItsWriteEntryWasCachedStillDropsItsCode() {
        mmu.write32(VA + 0x4000, 1, 0); // the TLB now holds a write entry for the page
        assertTrue(dropped.isEmpty());
        m.code.mark(PA + 0x4000);
        mmu.write16(VA + 0x4002, 2, 0);
        assertEquals(List.of(PA + 0x4000), dropped);
        m.code.mark(PA + 0x4000);
        mmu.write64(VA + 0x4008, 3, 0);
        assertEquals(List.of(PA + 0x4000, PA + 0x4000), dropped, "marked again, dropped again");
    }

    @Test
    void aStoreStraddlingIntoACodePageDropsIt() {
        m.code.mark(PA + 0x6000);
        mmu.write32(VA + 0x5ffe, 0xffff_ffff, 0);
        assertEquals(List.of(PA + 0x6000), dropped);
    }

    @Test
    void fetchTranslationGivesTheDecoderThePhysicalPage() {
        assertEquals(PA + 0x7ff0, mmu.translateFetch(VA + 0x7ff0, 0));
    }
}
