package armvmm.cp15;

import armvmm.cpu.cortexa15.Cp14Registers;
import armvmm.cpu.cortexa15.CortexA15;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What Linux's hw_breakpoint, DCC and ThumbEE code expects of cp14 on a Cortex-A15. */
class Cp14RegistersTest {
    private final CpState state = CortexA15.registry(List.of()).newState(new RecordingHost());

    private CpReg at(int opc1, int crn, int crm, int opc2) { return state.registry().lookup(CpRegistry.key(14, opc1, crn, crm, opc2)); }

    @Test
    void dbgdidrSaysV71DebugWithSixBreakpointsAndFourWatchpoints() {
        long didr = state.read(at(0, 0, 0, 0));
        assertEquals(5, didr >> 16 & 0xf, "version: v7.1");
        assertEquals(5, didr >> 24 & 0xf, "BRPs - 1");
        assertEquals(3, didr >> 28 & 0xf, "WRPs - 1");
        assertEquals(CpAccess.OK, state.check(Cp14Registers.DBGDIDR, false, 0, false));
    }

    @Test
    void theOsLockIsSetAtResetAndClearedByAnyValueButTheKey() {
        assertEquals(0b1010, state.read(at(0, 1, 1, 4)));
        state.write(at(0, 1, 0, 4), ~Cp14Registers.OSLAR_KEY & 0xffff_ffffL);
        assertEquals(0b1000, state.read(Cp14Registers.DBGOSLSR));
        state.write(Cp14Registers.DBGOSLAR, Cp14Registers.OSLAR_KEY);
        assertEquals(0b1010, state.read(Cp14Registers.DBGOSLSR));
        assertEquals(0, state.read(at(0, 1, 3, 4)) & 1, "no OS double lock");
        assertEquals(1, state.read(at(0, 1, 5, 4)) & 1, "powered up");
    }

    @Test
    void monitorDebugModeEnableReadsBackThroughTheInternalView() {
        CpReg ext = at(0, 0, 2, 2), internal = at(0, 0, 1, 0);
        state.write(ext, 1 << 15);
        assertEquals(1 << 15, state.read(internal));
        assertEquals(CpAccess.UNDEFINED, state.check(internal, true, 1, false), "DBGDSCRint is read-only");
    }

    @Test
    void breakpointAndWatchpointRegistersHoldTheirValues() {
        for (int n = 0; n < 6; n++) {
            state.write(at(0, 0, n, 5), 0x1e5 + n);
            assertEquals(0x1e5 + n, state.read(at(0, 0, n, 5)), "DBGBCR" + n);
        }
        state.write(at(0, 0, 3, 7), 0xff << 5);
        assertEquals(0xff << 5, state.read(at(0, 0, 3, 7)), "DBGWCR3 keeps an 8-byte BAS");
        assertEquals(null, at(0, 0, 6, 4), "no seventh breakpoint");
    }

    @Test
    void pl0AccessFollowsUdccdisAndTeecr() {
        CpReg dtr = at(0, 0, 5, 0);
        assertEquals(CpAccess.OK, state.check(dtr, true, 0, false));
        state.write(Cp14Registers.DBGDSCREXT, 1 << 12);
        assertEquals(CpAccess.UNDEFINED, state.check(dtr, true, 0, false));
        assertEquals(CpAccess.OK, state.check(dtr, true, 1, false));
        assertEquals(CpAccess.OK, state.check(Cp14Registers.TEEHBR, true, 0, false));
        state.write(Cp14Registers.TEECR, 1);
        assertEquals(CpAccess.UNDEFINED, state.check(Cp14Registers.TEEHBR, true, 0, false));
        state.write(Cp14Registers.TEEHBR, 0x8000_1237L);
        assertEquals(0x8000_1234L, state.read(at(6, 1, 0, 0)));
    }
}
