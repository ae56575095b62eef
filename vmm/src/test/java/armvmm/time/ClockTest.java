package armvmm.time;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ClockTest {
    @Test
    void virtualTimersFireInDeadlineOrderAtTheirOwnTime() {
        VirtualClock c = new VirtualClock(0);
        List<String> fired = new ArrayList<>();
        var a = c.newTimer("a", () -> fired.add("a@" + c.nanos()));
        var b = c.newTimer("b", () -> fired.add("b@" + c.nanos()));
        a.setDeadline(300);
        b.setDeadline(100);
        c.advance(99);
        assertTrue(fired.isEmpty());
        assertEquals(100, c.nextDeadline());
        c.advance(1000);
        assertEquals(List.of("b@100", "a@300"), fired);
        assertEquals(1099, c.nanos());
        assertFalse(a.armed());
    }

    @Test
    void virtualTimerCanBeRearmedFromItsCallbackAndCancelled() {
        VirtualClock c = new VirtualClock(0);
        List<Long> ticks = new ArrayList<>();
        MachineClock.DeadlineTimer[] t = new MachineClock.DeadlineTimer[1];
        t[0] = c.newTimer("periodic", () -> {
            ticks.add(c.nanos());
            t[0].setDeadline(c.nanos() + 10);
        });
        t[0].setDeadline(10);
        c.advance(35);
        assertEquals(List.of(10L, 20L, 30L), ticks);
        t[0].cancel();
        c.advance(100);
        assertEquals(3, ticks.size());
        assertThrows(IllegalArgumentException.class, () -> c.advance(-1));
    }

    @Test
    void virtualWallClockFollowsVirtualTime() {
        VirtualClock c = new VirtualClock(1_700_000_000_000L);
        c.advance(2_500_000_000L);
        assertEquals(1_700_000_002_500L, c.wallClockMillis());
    }

    @Test
    void hostTimerFiresAfterItsDeadline() throws Exception {
        try (HostClock c = new HostClock()) {
            CountDownLatch l = new CountDownLatch(1);
            long[] at = new long[1];
            var t = c.newTimer("t", () -> {
                at[0] = c.nanos();
                l.countDown();
            });
            long deadline = c.nanos() + 5_000_000;
            t.setDeadline(deadline);
            assertTrue(l.await(5, TimeUnit.SECONDS));
            assertTrue(at[0] >= deadline, "fired at " + at[0] + " before deadline " + deadline);
        }
    }
}
