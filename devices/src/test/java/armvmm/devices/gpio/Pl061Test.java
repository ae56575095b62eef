package armvmm.devices.gpio;

import static org.junit.jupiter.api.Assertions.*;

import armvmm.irq.LevelLatch;
import org.junit.jupiter.api.Test;

class Pl061Test {
    static final int GPIODIR = 0x400, GPIOIS = 0x404, GPIOIBE = 0x408, GPIOIEV = 0x40C, GPIOIE = 0x410, GPIORIS = 0x414,
            GPIOMIS = 0x418, GPIOIC = 0x41C;

    final LevelLatch irq = new LevelLatch();
    final Pl061 gpio = new Pl061("pl061@9030000", irq);

    long r(int off) { return gpio.read(off, 4, 0); }
    void w(int off, long v) { gpio.write(off, 4, v, 0); }

    /** The address of GPIODATA that reads and writes exactly the pins of {@code mask}. */
    static int data(int mask) { return mask << 2; }

    @Test
    void dataIsMaskedByTheAddressBits() {
        w(GPIODIR, 0xff);
        w(data(0xff), 0xa5);
        assertEquals(0xa5, r(data(0xff)));
        assertEquals(0x05, r(data(0x0f)));
        w(data(0x01), 0x00);       // only pin 0 changes
        assertEquals(0xa4, r(data(0xff)));
        w(data(0x00), 0xff);       // an all-zero mask writes nothing
        assertEquals(0xa4, r(data(0xff)));
    }

    @Test
    void inputsReadTheOutsideLevelAndOutputsTheirOwn() {
        gpio.setInput(3, true);
        assertEquals(0x08, r(data(0xff)));
        w(GPIODIR, 0x08);          // pin 3 now an output driving 0
        assertEquals(0x00, r(data(0xff)));
    }

    @Test
    void aRisingEdgeRaisesTheLineUntilCleared() {
        w(GPIOIEV, 0x08);          // pin 3: rising edge
        w(GPIOIE, 0x08);
        assertFalse(irq.level());
        gpio.setInput(3, true);
        assertEquals(0x08, r(GPIORIS));
        assertEquals(0x08, r(GPIOMIS));
        assertTrue(irq.level());
        gpio.setInput(3, false);   // the falling edge is not the one asked for: still latched
        assertTrue(irq.level());
        w(GPIOIC, 0x08);
        assertEquals(0, r(GPIORIS));
        assertFalse(irq.level());
    }

    @Test
    void aMaskedEdgeIsLatchedButNotSignalled() {
        w(GPIOIEV, 0x08);
        gpio.setInput(3, true);
        assertEquals(0x08, r(GPIORIS));
        assertEquals(0, r(GPIOMIS));
        assertFalse(irq.level());
        w(GPIOIE, 0x08);
        assertTrue(irq.level());
    }

    @Test
    void bothEdgesWithIbe() {
        w(GPIOIBE, 0x01);
        w(GPIOIE, 0x01);
        gpio.setInput(0, true);
        assertTrue(irq.level());
        w(GPIOIC, 0x01);
        gpio.setInput(0, false);
        assertTrue(irq.level());
    }

    @Test
    void aLevelInterruptFollowsThePinAndSurvivesAClear() {
        w(GPIOIS, 0x02);
        w(GPIOIEV, 0x02);          // high level
        w(GPIOIE, 0x02);
        gpio.setInput(1, true);
        assertTrue(irq.level());
        w(GPIOIC, 0x02);           // still high: still raised
        assertTrue(irq.level());
        gpio.setInput(1, false);
        assertFalse(irq.level());
    }

    /** Linux's driver writes and reads the 8-bit registers with byte accesses. */
    @Test
    void byteAccessesReachTheRegisters() {
        gpio.write(GPIODIR, 1, 0x0f, 0);
        assertEquals(0x0f, gpio.read(GPIODIR, 1, 0));
        gpio.write(data(0xff), 1, 0x05, 0);
        assertEquals(0x05, gpio.read(data(0x0f), 1, 0));
        assertTrue(gpio.accessSizes().allows(GPIOIE, 1));
    }

    @Test
    void primeCellIdIsThePl061s() {
        assertEquals(0x61, r(0xfe0));
        assertEquals(0x10, r(0xfe4));
        assertEquals(0x04, r(0xfe8));
        assertEquals(0x0d, r(0xff0));
        assertEquals(0xb1, r(0xffc));
    }

    @Test
    void resetClearsTheRegisters() {
        w(GPIODIR, 0xff);
        w(GPIOIE, 0xff);
        gpio.reset();
        assertEquals(0, r(GPIODIR));
        assertEquals(0, r(GPIOIE));
    }
}
