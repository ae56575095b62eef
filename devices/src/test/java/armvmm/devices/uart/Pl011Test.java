package armvmm.devices.uart;

import static org.junit.jupiter.api.Assertions.*;

import armvmm.chardev.CharBackend;
import armvmm.chardev.CharReceiver;
import armvmm.irq.LevelLatch;
import armvmm.time.VirtualClock;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Pl011Test {
    static final int UARTDR = 0x00, UARTRSR = 0x04, UARTFR = 0x18, UARTIBRD = 0x24, UARTFBRD = 0x28, UARTLCR_H = 0x2C,
            UARTCR = 0x30, UARTIFLS = 0x34, UARTIMSC = 0x38, UARTRIS = 0x3C, UARTMIS = 0x40, UARTICR = 0x44;
    static final int FEN = 1 << 4, RXIM = 1 << 4, TXIM = 1 << 5, RTIM = 1 << 6;

    /** The console side: records what the guest sent, counts the UART's calls for more input. */
    static final class Console implements CharBackend {
        final ByteArrayOutputStream sent = new ByteArrayOutputStream();
        CharReceiver receiver;
        int readyCalls;

        @Override public void write(byte[] data, int offset, int length) { sent.write(data, offset, length); }
        @Override public void connect(CharReceiver r) { receiver = r; }
        @Override public void inputReady() { readyCalls++; }
        @Override public void close() {}

        int type(String s) {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            return receiver.receive(b, 0, b.length);
        }
    }

    final VirtualClock clock = new VirtualClock(0);
    final LevelLatch irq = new LevelLatch();
    final Console console = new Console();
    Pl011 uart;

    @BeforeEach
    void setUp() {
        uart = new Pl011("pl011@1c090000", clock, irq);
        uart.attach(console);
    }

    long r(int off) { return uart.read(off, 4, 0); }
    void w(int off, long v) { uart.write(off, 4, v, 0); }

    @Test
    void primeCellIdsAreThoseOfAPl011() {
        long[] ids = new long[8];
        for (int i = 0; i < 8; i++) ids[i] = r(0xFE0 + 4 * i);
        assertArrayEquals(new long[] {0x11, 0x10, 0x14, 0x00, 0x0D, 0xF0, 0x05, 0xB1}, ids);
        assertEquals("UARTPeriphID0", uart.registerName(0xFE0));
        assertEquals("UARTLCR_H", uart.registerName(0x2C));
    }

    @Test
    void resetStateAsTheTrmGivesIt() {
        assertEquals(0x90, r(UARTFR), "TXFE and RXFE");
        assertEquals(0x300, r(UARTCR), "TXE and RXE");
        assertEquals(0x12, r(UARTIFLS), "half-full triggers");
        assertEquals(0, r(UARTRIS));
    }

    @Test
    void transmittedCharactersReachTheBackendAndRaiseTx() {
        w(UARTIMSC, TXIM);
        for (char c : "hi\r\n".toCharArray()) w(UARTDR, c);
        assertEquals("hi\r\n", console.sent.toString(StandardCharsets.US_ASCII));
        assertTrue(irq.level(), "the FIFO drained: TX interrupt");
        assertEquals(TXIM, r(UARTMIS));
        w(UARTICR, TXIM);
        assertFalse(irq.level());
        assertEquals(0x90, r(UARTFR), "never full, never busy");
    }

    @Test
    void sixteenBitAccessesWorkAsLinuxMakesThem() {
        uart.write(UARTDR, 2, 'x', 0);
        assertEquals("x", console.sent.toString(StandardCharsets.US_ASCII));
        assertEquals(0x90, uart.read(UARTFR, 2, 0));
    }

    @Test
    void receiveFifoHoldsThirtyTwoInOrderThenPushesBack() {
        w(UARTLCR_H, FEN | 0x60);
        String forty = "abcdefghijklmnopqrstuvwxyz0123456789ABCD";
        assertEquals(32, console.type(forty));
        assertEquals(0x40 | 0x80, r(UARTFR), "RXFF and TXFE");
        assertEquals(0, console.type("E"), "full: nothing taken");
        int before = console.readyCalls;
        assertEquals('a', r(UARTDR));
        assertEquals(before + 1, console.readyCalls, "room again: the backend is told");
        StringBuilder rest = new StringBuilder();
        while ((r(UARTFR) & 0x10) == 0) rest.append((char) r(UARTDR));
        assertEquals(forty.substring(1, 32), rest.toString());
    }

    @Test
    void withoutFifosOneCharacterFillsTheHoldingRegister() {
        assertEquals(1, console.type("ab"));
        assertEquals(0x40 | 0x80, r(UARTFR));
        assertEquals('a', r(UARTDR));
        assertEquals(0x10 | 0x80, r(UARTFR));
    }

    @Test
    void rxInterruptAtTheTriggerLevel() {
        w(UARTLCR_H, FEN);
        w(UARTIMSC, RXIM);
        console.type("0123456789abcde");
        assertFalse(irq.level(), "15 < half of 32");
        console.type("f");
        assertTrue(irq.level());
        assertEquals(RXIM, r(UARTMIS));
        r(UARTDR);
        assertFalse(irq.level(), "below the trigger again");
        w(UARTIFLS, 0);  // RX trigger 1/8: 4 characters
        assertTrue(irq.level());
    }

    @Test
    void fewCharactersAreReportedByTheReceiveTimeout() {
        w(UARTLCR_H, FEN);
        w(UARTIBRD, 13);
        w(UARTFBRD, 1);  // 115200 baud from 24 MHz
        w(UARTIMSC, RXIM | RTIM);
        console.type("ls\r");
        assertFalse(irq.level());
        long period = uart.bitPeriodNanos();
        assertEquals(8680, period, 10, "one bit at 115200 baud");
        clock.advance(31 * period);
        assertFalse(irq.level(), "not before 32 bit periods");
        clock.advance(period);
        assertTrue(irq.level());
        assertEquals(RTIM, r(UARTRIS) & RTIM);
        for (int i = 0; i < 3; i++) r(UARTDR);
        assertFalse(irq.level(), "an emptied FIFO clears the timeout");
    }

    @Test
    void loopbackFeedsTransmitIntoReceive() {
        w(UARTCR, 0x301 | 1 << 7);
        w(UARTDR, 'Z');
        assertEquals(0, console.sent.size(), "nothing leaves in loopback");
        assertEquals('Z', r(UARTDR));
    }

    @Test
    void unknownOffsetReadsZero() {
        assertEquals(0, r(0x100));
        assertNull(uart.registerName(0x100));
    }

    @Test
    void resetEmptiesTheFifoAndLowersTheLine() {
        w(UARTIMSC, RXIM);
        console.type("q");
        assertTrue(irq.level());
        uart.reset();
        assertFalse(irq.level());
        assertEquals(0x90, r(UARTFR));
    }
}
