package armvmm.devices.rtc;

import static org.junit.jupiter.api.Assertions.*;

import armvmm.irq.LevelLatch;
import armvmm.time.HostClock;
import armvmm.time.VirtualClock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class Pl031Test {
    static final int RTCDR = 0x00, RTCMR = 0x04, RTCLR = 0x08, RTCCR = 0x0C, RTCIMSC = 0x10, RTCRIS = 0x14, RTCMIS = 0x18, RTCICR = 0x1C;
    static final long SECOND = 1_000_000_000L;
    static final long ORIGIN_MS = 1_700_000_000_500L;  // half a second into a second

    final VirtualClock clock = new VirtualClock(ORIGIN_MS);
    final LevelLatch irq = new LevelLatch();
    final Pl031 rtc = new Pl031("pl031@1c170000", clock, irq);

    long r(int off) { return rtc.read(off, 4, 0); }
    void w(int off, long v) { rtc.write(off, 4, v, 0); }

    @Test
    void countsSecondsOfTheHostClock() {
        try (HostClock host = new HostClock()) {
            Pl031 real = new Pl031("pl031", host, new LevelLatch());
            long now = System.currentTimeMillis() / 1000;
            long dr = real.read(RTCDR, 4, 0);
            assertTrue(Math.abs(dr - now) <= 1, dr + " vs " + now);
            assertEquals(Instant.now().atZone(ZoneOffset.UTC).getYear(), Instant.ofEpochSecond(dr).atZone(ZoneOffset.UTC).getYear());
        }
    }

    @Test
    void runsFromStartAndTicksWithTheMachineClock() {
        assertEquals(1, r(RTCCR));
        assertEquals(1_700_000_000L, r(RTCDR));
        clock.advance(5 * SECOND);
        assertEquals(1_700_000_005L, r(RTCDR));
    }

    @Test
    void loadSetsTheTime() {
        w(RTCLR, 1000);
        assertEquals(1000, r(RTCDR));
        clock.advance(2 * SECOND);
        assertEquals(1002, r(RTCDR));
    }

    @Test
    void matchRaisesTheInterruptOnTheSecondBoundary() {
        w(RTCMR, 1_700_000_003L);
        w(RTCIMSC, 1);
        clock.advance(2 * SECOND + SECOND / 2 - 1);
        assertFalse(irq.level());
        clock.advance(1);
        assertEquals(1_700_000_003L, r(RTCDR));
        assertTrue(irq.level());
        assertEquals(1, r(RTCRIS));
        assertEquals(1, r(RTCMIS));
        w(RTCICR, 1);
        assertFalse(irq.level());
        assertEquals(0, r(RTCRIS));
    }

    @Test
    void maskedMatchSetsOnlyTheRawStatus() {
        w(RTCMR, 1_700_000_001L);
        clock.advance(SECOND);
        assertEquals(1, r(RTCRIS));
        assertEquals(0, r(RTCMIS));
        assertFalse(irq.level());
    }

    @Test
    void primeCellIds() {
        assertEquals(0x31, r(0xFE0));
        assertEquals(0x10, r(0xFE4));
        assertEquals(0x14, r(0xFE8));
        assertEquals(0x0D, r(0xFF0));
    }
}
