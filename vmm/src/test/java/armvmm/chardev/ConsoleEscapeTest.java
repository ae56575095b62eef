package armvmm.chardev;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConsoleEscapeTest {
    private final AtomicInteger quits = new AtomicInteger();
    private final AtomicInteger helps = new AtomicInteger();
    private final ConsoleEscape escape = new ConsoleEscape(quits::incrementAndGet, helps::incrementAndGet);

    private byte[] type(int... keys) {
        byte[] b = new byte[keys.length];
        for (int i = 0; i < keys.length; i++) b[i] = (byte) keys[i];
        return escape.filter(b, 0, b.length);
    }

    @Test
    void ordinaryKeysPassIncludingCtrlC() {
        assertArrayEquals(new byte[] {'l', 's', '\r', 0x03}, type('l', 's', '\r', 0x03));
        assertEquals(0, quits.get());
    }

    @Test
    void ctrlAxQuitsAndReachesNoGuest() {
        assertArrayEquals(new byte[] {'a'}, type('a', 0x01, 'x'));
        assertEquals(1, quits.get());
    }

    @Test
    void escapeSplitAcrossReadsStillQuits() {
        assertArrayEquals(new byte[0], type(0x01));
        assertEquals(0, quits.get());
        assertArrayEquals(new byte[0], type('x'));
        assertEquals(1, quits.get());
    }

    @Test
    void ctrlACtrlASendsOneCtrlA() {
        assertArrayEquals(new byte[] {0x01, 'b'}, type(0x01, 0x01, 'b'));
        assertEquals(0, quits.get());
    }

    @Test
    void helpAndUnknownEscapesAreSwallowed() {
        assertArrayEquals(new byte[] {'z'}, type(0x01, 'h', 0x01, 'q', 'z'));
        assertEquals(1, helps.get());
        assertEquals(0, quits.get());
    }
}
