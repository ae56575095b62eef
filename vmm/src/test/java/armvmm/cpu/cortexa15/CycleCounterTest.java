package armvmm.cpu.cortexa15;

import static org.junit.jupiter.api.Assertions.assertEquals;

import armvmm.cp15.CpState;
import armvmm.cp15.RecordingHost;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PMCCNTR against a virtual clock: a cycle is a nanosecond. */
class CycleCounterTest {
    private static final long E = 1, C_RESET = 1 << 2, D = 1 << 3, C = 1L << 31, SEL_CYCLE = 31;

    private final RecordingHost host = new RecordingHost();
    private final CpState state = CortexA15.registry(List.of()).newState(host);

    private void enable(long pmcr) {
        state.write(CortexA15.PMCNTENSET, C);
        state.write(CortexA15.PMCR, pmcr);
    }

    @Test
    void countsOnlyWhilePmcrEAndPmcntensetCAreBothSet() {
        host.clock.advance(1000);
        assertEquals(0, state.read(CortexA15.PMCCNTR), "reset: disabled");
        state.write(CortexA15.PMCR, E);
        host.clock.advance(1000);
        assertEquals(0, state.read(CortexA15.PMCCNTR), "PMCR.E without PMCNTENSET.C");
        state.write(CortexA15.PMCNTENSET, C);
        host.clock.advance(250);
        assertEquals(250, state.read(CortexA15.PMCCNTR));
        state.write(CortexA15.PMCNTENCLR, C);
        host.clock.advance(1000);
        assertEquals(250, state.read(CortexA15.PMCCNTR), "PMCNTENCLR stops it");
        state.write(CortexA15.PMCNTENSET, C);
        host.clock.advance(50);
        state.write(CortexA15.PMCR, 0);
        host.clock.advance(1000);
        assertEquals(300, state.read(CortexA15.PMCCNTR), "PMCR.E clear stops it");
    }

    @Test
    void pmcrCResetsTheCountAndReadsAsZero() {
        enable(E);
        host.clock.advance(777);
        state.write(CortexA15.PMCR, E | C_RESET);
        assertEquals(E, state.read(CortexA15.PMCR) & 0xff);
        host.clock.advance(5);
        assertEquals(5, state.read(CortexA15.PMCCNTR));
    }

    @Test
    void pmcrDCountsEvery64thCycleAndKeepsTheRemainderAcrossReads() {
        enable(E | D);
        host.clock.advance(63);
        assertEquals(0, state.read(CortexA15.PMCCNTR));
        host.clock.advance(1);
        assertEquals(1, state.read(CortexA15.PMCCNTR), "the 64th cycle");
        host.clock.advance(64 * 10 + 30);
        assertEquals(11, state.read(CortexA15.PMCCNTR));
        host.clock.advance(34);
        assertEquals(12, state.read(CortexA15.PMCCNTR));
        state.write(CortexA15.PMCR, E);
        host.clock.advance(3);
        assertEquals(15, state.read(CortexA15.PMCCNTR), "D clear: every cycle again");
    }

    @Test
    void theCounterIs32BitsAndItsWrapSetsPmovsrC() {
        state.write(CortexA15.PMCCNTR, 0xffff_fff0L);
        enable(E);
        host.clock.advance(0x0f);
        assertEquals(0xffff_ffffL, state.read(CortexA15.PMCCNTR));
        assertEquals(0, state.read(CortexA15.PMOVSR));
        host.clock.advance(0x11);
        assertEquals(0, state.read(CortexA15.PMOVSR) & ~C, "only C can be set");
        assertEquals(C, state.read(CortexA15.PMOVSR), "the wrap is seen without reading PMCCNTR first");
        assertEquals(0x10, state.read(CortexA15.PMCCNTR));
        assertEquals(C, state.read(CortexA15.PMOVSSET));
        state.write(CortexA15.PMOVSR, C);
        assertEquals(0, state.read(CortexA15.PMOVSR), "writing 1 clears");
        state.write(CortexA15.PMOVSSET, C);
        assertEquals(C, state.read(CortexA15.PMOVSR));
    }

    @Test
    void aWriteSetsTheCountWhichRunsOnFromThere() {
        enable(E);
        host.clock.advance(100);
        state.write(CortexA15.PMCCNTR, 0x1_0000_1234L);
        assertEquals(0x1234, state.read(CortexA15.PMCCNTR), "bits[63:32] of the write are dropped");
        host.clock.advance(6);
        assertEquals(0x123a, state.read(CortexA15.PMCCNTR));
    }

    @Test
    void pmxevtyperIsTheCycleFilterOnlyWithPmselr31() {
        state.write(CortexA15.PMSELR, SEL_CYCLE);
        state.write(CortexA15.PMXEVTYPER, 0xffff_ffffL);
        assertEquals(0xf800_0000L, state.read(CortexA15.PMXEVTYPER), "P, U, NSK, NSU, NSH");
        state.write(CortexA15.PMSELR, 0);
        assertEquals(0, state.read(CortexA15.PMXEVTYPER), "no event counter 0");
        state.write(CortexA15.PMXEVTYPER, 0);
        state.write(CortexA15.PMSELR, SEL_CYCLE);
        assertEquals(0xf800_0000L, state.read(CortexA15.PMXEVTYPER), "a write with another selection is ignored");
    }

    @Test
    void pmccfiltrStopsTheCountInTheModesItFiltersOut() {
        long p = 1L << 31, u = 1L << 30, nsk = 1L << 29;
        enable(E);
        state.write(CortexA15.PMSELR, SEL_CYCLE);
        state.write(CortexA15.PMXEVTYPER, u); // not in PL0
        state.executionStateChanged(1, true);
        host.clock.advance(10);
        state.executionStateChanged(0, true);
        host.clock.advance(1000);
        state.executionStateChanged(1, true);
        host.clock.advance(5);
        assertEquals(15, state.read(CortexA15.PMCCNTR), "the PL0 time is left out");
        state.write(CortexA15.PMXEVTYPER, p); // not in PL1; Non-secure PL1 counts only where NSK equals P
        host.clock.advance(100);
        state.executionStateChanged(1, false);
        host.clock.advance(7);
        assertEquals(15, state.read(CortexA15.PMCCNTR), "P set, NSK clear: neither Secure nor Non-secure PL1 counts");
        state.write(CortexA15.PMXEVTYPER, p | nsk);
        host.clock.advance(100);
        assertEquals(115, state.read(CortexA15.PMCCNTR), "NSK like P: Non-secure PL1 counts");
        state.executionStateChanged(0, false);
        host.clock.advance(3);
        assertEquals(118, state.read(CortexA15.PMCCNTR), "Non-secure PL0: U and NSU both clear");
    }

    @Test
    void settleStoresTheRunningCountAndARestoreContinuesFromTheSavedOne() {
        enable(E);
        host.clock.advance(400);
        state.settle();
        assertEquals(400, state.peek(CortexA15.PMCCNTR), "the raw storage a snapshot reads");
        long[] saved = state.saveValues();

        RecordingHost other = new RecordingHost();
        other.clock.advance(1_000_000);
        CpState restored = CortexA15.registry(List.of()).newState(other);
        restored.read(CortexA15.PMCCNTR); // the part exists before the restore, as in a running vCPU
        restored.restoreValues(saved);
        other.clock.advance(20);
        assertEquals(420, restored.read(CortexA15.PMCCNTR), "no cycles from before the restore's clock time");
    }
}
