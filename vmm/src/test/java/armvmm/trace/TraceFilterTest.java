package armvmm.trace;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class TraceFilterTest {
    @Test
    void filtersByDeviceNameAndAddressRange() {
        TraceFilter f = TraceFilter.parse("dev=PL011");
        assertTrue(f.accepts("pl011@1c090000", 0x1c090000L));
        assertFalse(f.accepts("sp804@1c110000", 0x1c110000L));
        TraceFilter r = TraceFilter.parse("addr=0x1c090000-0x1c090fff");
        assertTrue(r.accepts("anything", 0x1c090ffcL));
        assertFalse(r.accepts("anything", 0x1c091000L));
        TraceFilter both = TraceFilter.parse("dev=pl011,addr=0x1c0a0000-0x1c0a0fff");
        assertFalse(both.accepts("pl011@1c090000", 0x1c090000L));
        assertTrue(both.accepts("pl011@1c0a0000", 0x1c0a0000L));
        assertTrue(TraceFilter.parse("").accepts("x", 0));
    }

    @Test
    void badFiltersSayWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TraceFilter.parse("foo=1")).getMessage().contains("unknown trace filter key"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TraceFilter.parse("addr=0x20-0x10")).getMessage().contains("LO-HI"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TraceFilter.parse("pl011")).getMessage().contains("key=value"));
    }
}
