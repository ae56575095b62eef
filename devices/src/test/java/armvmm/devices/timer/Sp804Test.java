package armvmm.devices.timer;

import static org.junit.jupiter.api.Assertions.*;

import armvmm.irq.LevelLatch;
import armvmm.time.VirtualClock;
import org.junit.jupiter.api.Test;

class Sp804Test {
    static final int LOAD = 0x00, VALUE = 0x04, CONTROL = 0x08, INTCLR = 0x0C, RIS = 0x10, MIS = 0x14, BGLOAD = 0x18, T2 = 0x20;
    static final int ONESHOT = 1, SIZE32 = 2, PRE16 = 1 << 2, INTEN = 1 << 5, PERIODIC = 1 << 6, ENABLE = 1 << 7;
    static final long US = 1000;

    final VirtualClock clock = new VirtualClock(0);
    final LevelLatch irq = new LevelLatch();
    final Sp804 timer = new Sp804("sp804@1c110000", clock, irq);

    long r(int off) { return timer.read(off, 4, 0); }
    void w(int off, long v) { timer.write(off, 4, v, 0); }

    @Test
    void resetValuesAndIds() {
        assertEquals(0xFFFFFFFFL, r(VALUE));
        assertEquals(INTEN, r(CONTROL));
        assertEquals(0x04, r(0xFE0));
        assertEquals(0x18, r(0xFE4));
        assertEquals(0xB1, r(0xFFC));
        assertEquals("Timer2BGLoad", timer.registerName(T2 + BGLOAD));
    }

    @Test
    void periodicTimerInterruptsEveryPeriodAndCountsDownAtOneMegahertz() {
        w(LOAD, 999);
        w(CONTROL, ENABLE | PERIODIC | SIZE32 | INTEN);
        clock.advance(250 * US);
        assertEquals(749, r(VALUE));
        assertFalse(irq.level());
        clock.advance(749 * US);
        assertTrue(irq.level(), "zero after Load ticks");
        assertEquals(1, r(MIS));
        w(INTCLR, 1);
        assertFalse(irq.level());
        clock.advance(1000 * US - 1);
        assertFalse(irq.level());
        clock.advance(1);
        assertTrue(irq.level(), "one period of Load + 1 ticks later");
        w(INTCLR, 1);
        clock.advance(10 * 1000 * US);
        assertTrue(irq.level());
    }

    @Test
    void oneShotStopsAtZero() {
        w(LOAD, 100);
        w(CONTROL, ENABLE | ONESHOT | SIZE32 | INTEN);
        clock.advance(100 * US);
        assertTrue(irq.level());
        w(INTCLR, 1);
        clock.advance(1_000_000 * US);
        assertFalse(irq.level(), "no second interrupt");
        assertEquals(0, r(VALUE));
        assertEquals(Long.MAX_VALUE, clock.nextDeadline(), "no timer left armed");
    }

    @Test
    void freeRunningSixteenBitWrapsToFfff() {
        w(LOAD, 0x12345);
        assertEquals(0x2345, r(VALUE) & 0xFFFF);
        w(CONTROL, ENABLE | INTEN);
        w(LOAD, 10);
        clock.advance(10 * US);
        assertTrue(irq.level());
        clock.advance(1 * US);
        assertEquals(0xFFFF, r(VALUE));
    }

    @Test
    void prescalerDividesBySixteen() {
        w(LOAD, 10);
        w(CONTROL, ENABLE | PERIODIC | SIZE32 | PRE16 | INTEN);
        clock.advance(16 * US);
        assertEquals(9, r(VALUE));
        clock.advance(144 * US);
        assertTrue(irq.level());
    }

    @Test
    void rawStatusIsSetWithInterruptsDisabledButTheLineStaysLow() {
        w(LOAD, 5);
        w(CONTROL, ENABLE | PERIODIC | SIZE32);
        clock.advance(5 * US);
        assertEquals(1, r(RIS));
        assertEquals(0, r(MIS));
        assertFalse(irq.level());
    }

    @Test
    void disablingFreezesTheCount() {
        w(LOAD, 1000);
        w(CONTROL, ENABLE | PERIODIC | SIZE32 | INTEN);
        clock.advance(300 * US);
        w(CONTROL, PERIODIC | SIZE32 | INTEN);
        clock.advance(5000 * US);
        assertEquals(700, r(VALUE));
        assertFalse(irq.level());
    }

    @Test
    void backgroundLoadAppliesAtTheNextReload() {
        w(LOAD, 100);
        w(CONTROL, ENABLE | PERIODIC | SIZE32 | INTEN);
        clock.advance(50 * US);
        w(BGLOAD, 10);
        assertEquals(50, r(VALUE), "the current count runs on");
        clock.advance(50 * US);
        assertTrue(irq.level());
        w(INTCLR, 1);
        clock.advance(11 * US);
        assertTrue(irq.level(), "the new period is 10 + 1 ticks");
    }

    @Test
    void bothTimersShareTheOutputLine() {
        w(T2 + LOAD, 20);
        w(T2 + CONTROL, ENABLE | ONESHOT | SIZE32 | INTEN);
        w(LOAD, 40);
        w(CONTROL, ENABLE | ONESHOT | SIZE32 | INTEN);
        clock.advance(20 * US);
        assertTrue(irq.level());
        assertEquals(0, r(RIS));
        assertEquals(1, r(T2 + RIS));
        w(T2 + INTCLR, 1);
        assertFalse(irq.level());
        clock.advance(20 * US);
        assertTrue(irq.level());
    }
}
