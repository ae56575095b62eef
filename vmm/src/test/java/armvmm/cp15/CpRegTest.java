package armvmm.cp15;

import armvmm.cpu.cortexa15.Cp14Registers;
import armvmm.cpu.cortexa15.CortexA15;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CpRegTest {
    @Test
    void rightsDefaultByKindAndAnExplicitOneWinsInAnyOrder() {
        assertEquals(CpRights.parse("PL1 RW"), CpReg.cp15("A", 0, 15, 0, 0).build().rights());
        assertEquals(CpRights.parse("PL1 RO"), CpReg.cp15("B", 0, 15, 0, 1).constant(1).build().rights());
        assertEquals(CpRights.parse("PL1 WO"), CpReg.cp15("C", 0, 15, 0, 2).operation((s, r, v) -> {}).build().rights());
        assertEquals(CpRights.parse("PL0 RO"), CpReg.cp15("D", 0, 15, 0, 3).rights("PL0 RO").constant(1).build().rights());
        assertEquals(CpRights.parse("PL0 WO"), CpReg.cp15("E", 0, 15, 0, 4).rights("PL0 WO").operation((s, r, v) -> {}).build().rights());
    }

    @Test
    void aViewTakesItsRegistersRightsAndBanking() {
        CpReg view = CpReg.cp15("TTBR0", 0, 2, 0, 0).lowHalfOf(CortexA15.TTBR0).build();
        assertEquals(CortexA15.TTBR0.rights(), view.rights());
        assertEquals(true, view.banked());
        assertThrows(IllegalArgumentException.class, () -> CpReg.cp15("X", 0, 2, 0, 0).lowHalfOf(CortexA15.SCTLR).build());
    }

    @Test
    void malformedDeclarationsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> CpReg.cp15("OP", 0, 7, 5, 0).operation(null).build(), "an operation needs a hook");
        assertThrows(IllegalArgumentException.class, () -> CpEncoding.of(15, 8, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> CpEncoding.of(16, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new CpEncoding(15, 0, 1, 2, 0, true));
    }

    @Test
    void encodingsPrintAsTheAssemblerWritesThem() {
        assertEquals("MRC p15,0,c1,c0,0", CortexA15.SCTLR.encoding().instruction(false));
        assertEquals("MCRR p15,1,c2", CortexA15.TTBR1.encoding().instruction(true));
        assertEquals("MCR p14,6,c1,c0,0", Cp14Registers.TEEHBR.encoding().instruction(true));
    }
}
