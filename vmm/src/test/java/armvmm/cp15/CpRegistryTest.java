package armvmm.cp15;

import armvmm.cpu.cortexa15.CortexA15;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CpRegistryTest {
    private final CpRegistry registry = CortexA15.registry(List.of(CortexA15.cbar(0x2c00_0000L)));

    @Test
    void keysAreTheInstructionFieldsInHex() {
        assertEquals(0xf0100, CpRegistry.key(15, 0, 1, 0, 0));
        assertEquals(0xf4f00, CpRegistry.key(15, 4, 15, 0, 0));
        assertEquals(0x1f0020, CpRegistry.key64(15, 0, 2));
        assertEquals(CpEncoding.of(15, 0, 13, 0, 3), CpEncoding.ofKey(CpRegistry.key(15, 0, 13, 0, 3)));
        assertEquals(CpEncoding.of64(15, 3, 14), CpEncoding.ofKey(CpRegistry.key64(15, 3, 14)));
    }

    @Test
    void everyRegisterIsFoundByItsOwnEncodingAndNothingElse() {
        for (CpReg r : registry.registers()) assertSame(r, registry.lookup(r.key()), r.toString());
        int found = 0;
        for (int cp = 14; cp <= 15; cp++)
        for (int opc1 = 0; opc1 < 8; opc1++)
            for (int crn = 0; crn < 16; crn++)
                for (int crm = 0; crm < 16; crm++)
                    for (int opc2 = 0; opc2 < 8; opc2++) {
                        CpReg r = registry.lookup(CpRegistry.key(cp, opc1, crn, crm, opc2));
                        if (r != null) {
                            found++;
                            assertEquals(CpEncoding.of(cp, opc1, crn, crm, opc2), r.encoding());
                        }
                    }
        long wide = registry.registers().stream().filter(r -> r.encoding().wide()).count();
        assertEquals(registry.registers().size() - wide, found);
    }

    @Test
    void theSixtyFourBitFormIsADifferentEncodingFromTheThirtyTwoBitOne() {
        assertSame(CortexA15.TTBR0, registry.lookup(CpRegistry.key64(15, 0, 2)));
        assertSame(CortexA15.TTBR0_32, registry.lookup(CpRegistry.key(15, 0, 2, 0, 0)));
        assertEquals(64, CortexA15.TTBR0.width());
        assertEquals(32, CortexA15.TTBR0_32.width());
    }

    @Test
    void unknownEncodingsAreNullAndReportedOncePerEncoding() {
        int key = CpRegistry.key(15, 7, 15, 15, 7);
        assertNull(registry.lookup(key));
        assertNull(registry.lookup(CpRegistry.key(10, 7, 1, 0, 0)), "cp10/cp11 (VFP) are not registry registers");
        assertTrue(registry.reportUnknown(key, false));
        assertFalse(registry.reportUnknown(key, true));
        assertTrue(registry.reportUnknown(CpRegistry.key64(15, 7, 15), false));
    }

    @Test
    void aSecondDefinitionForAnEncodingIsRejectedNamingBoth() {
        CpReg mine = CpReg.cp15("MYCTLR", 0, 1, 0, 0).build();
        var e = assertThrows(IllegalArgumentException.class,
                () -> CpRegistry.builder().addAll(CortexA15.definitions()).add(mine));
        assertTrue(e.getMessage().contains("SCTLR") && e.getMessage().contains("MYCTLR") && e.getMessage().contains("p15,0,c1,c0,0"),
                e.getMessage());
        var twice = assertThrows(IllegalArgumentException.class,
                () -> CortexA15.registry(List.of(CortexA15.cbar(0x2c00_0000L), CortexA15.cbar(0x1000_0000L))));
        assertTrue(twice.getMessage().contains("CBAR and CBAR"), twice.getMessage());
    }

    @Test
    void aViewWithoutItsRegisterIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> CpRegistry.builder().add(CortexA15.TTBR0_32).build());
        assertTrue(e.getMessage().contains("TTBR0"), e.getMessage());
    }

    @Test
    void aStateRejectsARegisterFromAnotherRegistry() {
        CpState s = registry.newState(new RecordingHost());
        CpReg stranger = CpReg.cp15("OTHER", 0, 15, 15, 7).build();
        assertThrows(IllegalArgumentException.class, () -> s.peek(stranger));
    }

    @Test
    void cbarHoldsThePeripheralBaseInTheTrmLayout() {
        assertEquals(0x2c00_0000L, CortexA15.cbar(0x2c00_0000L).resetValue());
        assertEquals(0x2c00_8000L | 0x12, CortexA15.cbar(0x12_2c00_8000L).resetValue());
        assertThrows(IllegalArgumentException.class, () -> CortexA15.cbar(0x2c00_0100L));
        assertEquals(CpEncoding.of(15, 4, 15, 0, 0), CortexA15.cbar(0).encoding());
    }
}
