package armvmm.cpu.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import armvmm.cpu.cortexa15.CortexA15;
import armvmm.cp15.CpState;
import armvmm.cp15.RecordingHost;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The timer against a virtual clock: 62.5 MHz is 16 ns a tick. */
class GenericTimerTest {
    private static final int PHYS_NS = 30, PHYS_S = 29, VIRT = 27, HYP = 26;
    private static final long ENABLE = 1, IMASK = 2, ISTATUS = 4;

    private final RecordingHost host = new RecordingHost();
    private final CpState state = CortexA15.registry(List.of()).newState(host);

    @Test
    void theCountersFollowTheMachineClock() {
        assertEquals(62_500_000L, state.read(CortexA15.CNTFRQ));
        host.clock.advance(1_000_000_000L);
        assertEquals(62_500_000L, state.read(CortexA15.CNTPCT));
        state.write(CortexA15.CNTVOFF, 500_000L);
        assertEquals(62_000_000L, state.read(CortexA15.CNTVCT));
        host.clock.advance(160);
        assertEquals(62_500_010L, state.read(CortexA15.CNTPCT));
    }

    @Test
    void thePhysicalTimerRaisesItsPpiAtTheDeadlineAndNotBefore() {
        state.write(CortexA15.CNTP_CVAL, 1000);
        state.write(CortexA15.CNTP_CTL, ENABLE);
        host.clock.advance(999 * 16);
        assertFalse(host.ppi(PHYS_NS));
        assertEquals(0, state.read(CortexA15.CNTP_CTL) & ISTATUS);
        assertEquals(1, state.read(CortexA15.CNTP_TVAL));
        host.clock.advance(15);
        assertFalse(host.ppi(PHYS_NS), "one nanosecond before the tick");
        host.clock.advance(1);
        assertTrue(host.ppi(PHYS_NS));
        assertEquals(ENABLE | ISTATUS, state.read(CortexA15.CNTP_CTL));
        assertFalse(host.ppi(PHYS_S) || host.ppi(VIRT) || host.ppi(HYP));
    }

    @Test
    void tvalCountsDownAndGoesNegativeAfterExpiry() {
        host.clock.advance(16 * 100);
        state.write(CortexA15.CNTP_TVAL, 50);
        assertEquals(150, state.read(CortexA15.CNTP_CVAL));
        state.write(CortexA15.CNTP_CTL, ENABLE);
        host.clock.advance(16 * 49);
        assertFalse(host.ppi(PHYS_NS));
        host.clock.advance(16 * 11);
        assertTrue(host.ppi(PHYS_NS));
        assertEquals(-10, (int) state.read(CortexA15.CNTP_TVAL));
        // A negative TVAL puts CVAL in the past: the condition holds at once.
        state.write(CortexA15.CNTP_TVAL, 0xffff_fff0L);
        assertEquals(160 - 16, state.read(CortexA15.CNTP_CVAL));
    }

    @Test
    void movingTheDeadlineForwardLowersThePpiAndRearms() {
        state.write(CortexA15.CNTP_TVAL, 10);
        state.write(CortexA15.CNTP_CTL, ENABLE);
        host.clock.advance(16 * 10);
        assertTrue(host.ppi(PHYS_NS));
        state.write(CortexA15.CNTP_TVAL, 10);
        assertFalse(host.ppi(PHYS_NS));
        host.clock.advance(16 * 10);
        assertTrue(host.ppi(PHYS_NS));
    }

    @Test
    void imaskAndDisableHoldThePpiLow() {
        state.write(CortexA15.CNTP_TVAL, 10);
        state.write(CortexA15.CNTP_CTL, ENABLE | IMASK);
        host.clock.advance(16 * 20);
        assertFalse(host.ppi(PHYS_NS));
        assertEquals(ENABLE | IMASK | ISTATUS, state.read(CortexA15.CNTP_CTL));
        state.write(CortexA15.CNTP_CTL, ENABLE);
        assertTrue(host.ppi(PHYS_NS));
        state.write(CortexA15.CNTP_CTL, 0);
        assertFalse(host.ppi(PHYS_NS));
        assertEquals(0, state.read(CortexA15.CNTP_CTL), "ISTATUS reads 0 when disabled");
    }

    @Test
    void theVirtualTimerComparesAgainstTheOffsetCounter() {
        host.clock.advance(16 * 1000);
        state.write(CortexA15.CNTVOFF, 1000);
        state.write(CortexA15.CNTV_CVAL, 500);
        state.write(CortexA15.CNTV_CTL, ENABLE);
        host.clock.advance(16 * 499);
        assertFalse(host.ppi(VIRT));
        host.clock.advance(16);
        assertTrue(host.ppi(VIRT));
        assertFalse(host.ppi(PHYS_NS));
        state.write(CortexA15.CNTVOFF, 1200);
        assertFalse(host.ppi(VIRT), "a larger offset moves the virtual deadline away");
        host.clock.advance(16 * 200);
        assertTrue(host.ppi(VIRT));
        // The virtual count is unsigned: an offset beyond the physical count wraps it to a huge value.
        state.write(CortexA15.CNTVOFF, 1L << 40);
        assertTrue(host.ppi(VIRT));
    }

    @Test
    void theSecureBankIsTheSecurePhysicalTimer() {
        state.setSecure(true);
        state.write(CortexA15.CNTP_TVAL, 5);
        state.write(CortexA15.CNTP_CTL, ENABLE);
        state.setSecure(false);
        assertEquals(0, state.read(CortexA15.CNTP_CTL));
        host.clock.advance(16 * 5);
        assertTrue(host.ppi(PHYS_S));
        assertFalse(host.ppi(PHYS_NS));
    }

    @Test
    void theHypTimerDrivesPpi26() {
        state.write(CortexA15.CNTHP_TVAL, 3);
        state.write(CortexA15.CNTHP_CTL, ENABLE);
        host.clock.advance(16 * 3);
        assertTrue(host.ppi(HYP));
    }

    @Test
    void aDeadlineBeyondTheClockNeverFires() {
        state.write(CortexA15.CNTP_CVAL, -1L);
        state.write(CortexA15.CNTP_CTL, ENABLE);
        assertEquals(Long.MAX_VALUE, host.clock.nextDeadline());
        host.clock.advance(1_000_000_000_000L);
        assertFalse(host.ppi(PHYS_NS));
    }

    @Test
    void resetLowersThePpiAndDisarms() {
        state.write(CortexA15.CNTV_TVAL, 1);
        state.write(CortexA15.CNTV_CTL, ENABLE);
        host.clock.advance(16);
        assertTrue(host.ppi(VIRT));
        state.write(CortexA15.CNTP_TVAL, 100);
        state.write(CortexA15.CNTP_CTL, ENABLE);
        state.reset();
        assertFalse(host.ppi(VIRT));
        assertEquals(Long.MAX_VALUE, host.clock.nextDeadline());
    }

    @Test
    void aRestoredSnapshotRearmsTheTimers() {
        state.write(CortexA15.CNTV_TVAL, 40);
        state.write(CortexA15.CNTV_CTL, ENABLE);
        long[] saved = state.saveValues();
        state.write(CortexA15.CNTV_CTL, 0);
        host.clock.advance(16 * 40);
        assertFalse(host.ppi(VIRT));
        state.restoreValues(saved);
        assertTrue(host.ppi(VIRT), "CVAL has passed while the timer was off: the restored timer fires at once");
    }

    @Test
    void resyncFollowsPokedRegisters() {
        state.poke(CortexA15.CNTV_CVAL, 10);
        state.poke(CortexA15.CNTV_CTL, ENABLE);
        GenericTimer.of(state).resync();
        host.clock.advance(16 * 10);
        assertTrue(host.ppi(VIRT));
    }

    /**
     * Time keeps moving while the timer looks at it (as host time does): each read of the clock is one tick
     * later. A CVAL one tick ahead is reached between two reads; the timer must then either raise its PPI
     * or arm a deadline, never neither (that lost a Linux tick and hung the guest in WFI).
     */
    @Test
    void aDeadlineReachedWhileBeingProgrammedIsNeverLost() {
        armvmm.time.VirtualClock base = new armvmm.time.VirtualClock(0);
        armvmm.time.MachineClock moving = new armvmm.time.MachineClock() {
            public long nanos() {
                base.advance(16);
                return base.nanos();
            }
            public DeadlineTimer newTimer(String name, Runnable callback) { return base.newTimer(name, callback); }
            public long wallClockMillis() { return 0; }
        };
        armvmm.irq.LevelLatch virt = new armvmm.irq.LevelLatch();
        armvmm.cp15.CpHost h = new armvmm.cp15.CpHost() {
            public int cpuIndex() { return 0; }
            public int cpuCount() { return 1; }
            public armvmm.time.MachineClock clock() { return moving; }
            public void tlbMaintenance(armvmm.cp15.TlbOp op, int arg) {}
            public long addressTranslation(armvmm.cp15.AtsOp op, int va) { return 0; }
            public void translationRegimeChanged() {}
            public void instructionCacheInvalidated() {}
            public armvmm.irq.IrqLine timerIrq(int intid) { return intid == VIRT ? virt : armvmm.irq.IrqLine.NONE; }
            public void vfpControlChanged() {}
        };
        CpState st = CortexA15.registry(List.of()).newState(h);
        for (int i = 0; i < 200; i++) {
            st.write(CortexA15.CNTV_CTL, ENABLE | IMASK);
            st.write(CortexA15.CNTV_CVAL, st.read(CortexA15.CNTVCT) + 1 + i % 8);
            st.write(CortexA15.CNTV_CTL, ENABLE);
            base.advance(1000); // fires whatever deadline is armed
            assertTrue(virt.level(), "tick " + i + ": CVAL passed but the PPI is low");
        }
    }
}
