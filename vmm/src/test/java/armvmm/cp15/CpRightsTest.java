package armvmm.cp15;

import armvmm.cpu.cortexa15.CortexA15;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpRightsTest {
    /** "RW" per level PL0, PL1, PL2 of one state, e.g. "-- RW RW". */
    private static String row(CpRights r, boolean secure) {
        StringBuilder sb = new StringBuilder();
        for (int pl = 0; pl <= 2; pl++) {
            if (pl > 0) sb.append(' ');
            sb.append(r.allows(false, pl, secure) ? 'R' : '-').append(r.allows(true, pl, secure) ? 'W' : '-');
        }
        return sb.toString();
    }

    @Test
    void aClauseGrantsAtItsLevelAndAboveInBothStates() {
        CpRights r = CpRights.parse("PL1 RW");
        assertEquals("-- RW --", row(r, true));
        assertEquals("-- RW RW", row(r, false));
    }

    @Test
    void clausesAddUp() {
        CpRights r = CpRights.parse("PL0 RO, PL1 RW");
        assertEquals("R- RW --", row(r, true));
        assertEquals("R- RW RW", row(r, false));
    }

    @Test
    void securityStatePrefixesLimitAClause() {
        CpRights r = CpRights.parse("S PL1 RW, NS PL1 RO");
        assertEquals("-- RW --", row(r, true));
        assertEquals("-- R- R-", row(r, false));
        CpRights hyp = CpRights.parse("PL2 RW");
        assertEquals("-- -- --", row(hyp, true));
        assertEquals("-- -- RW", row(hyp, false));
        assertEquals("-W -W --", row(CpRights.parse("PL0 WO"), true));
    }

    @Test
    void secureStateHasNoPl2() {
        assertFalse(CpRights.parse("PL0 RW").allows(false, 2, true));
        assertFalse(CpRights.parse("PL0 RW").allows(false, 3, false));
    }

    @Test
    void badSpecsAreRejectedSayingWhy() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CpRights.parse("PL3 RW")).getMessage().contains("PL3"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CpRights.parse("PL1 RX")).getMessage().contains("RX"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CpRights.parse("X PL1 RW")).getMessage().contains("X"));
    }

    @Test
    void everyRegisterOfTheTablePrintsRightsThatParseBackToThemselves() {
        for (CpReg r : CortexA15.definitions()) assertEquals(r.rights(), CpRights.parse(r.rights().toString()), r + ": " + r.rights());
        assertEquals("S PL1 RW, NS PL1 RO", CortexA15.NSACR.rights().toString());
        assertEquals("PL2 RW", CortexA15.HSCTLR.rights().toString());
        assertEquals("PL0 RO, PL1 RW", CortexA15.TPIDRURO.rights().toString());
    }
}
