package armvmm.devices.vexpress;

import static org.junit.jupiter.api.Assertions.*;

import armvmm.time.VirtualClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VexpressSysRegsTest {
    static final int SYS_ID = 0x00, SYS_100HZ = 0x24, SYS_FLAGSSET = 0x30, SYS_FLAGSCLR = 0x34, SYS_NVFLAGSSET = 0x38,
            SYS_24MHZ = 0x5C, SYS_PROCID0 = 0x84, SYS_PROCID1 = 0x88, SYS_CFGDATA = 0xA0, SYS_CFGCTRL = 0xA4, SYS_CFGSTAT = 0xA8;
    static final int START = 1 << 31, WRITE = 1 << 30;
    static final int OSC = 1, VOLT = 2, TEMP = 4, SHUTDOWN = 8, REBOOT = 9;

    final List<String> powerEvents = new ArrayList<>();
    final VirtualClock clock = new VirtualClock(0);
    final VexpressSysRegs regs = new VexpressSysRegs("sysregs@1c010000", clock, new PowerControl() {
        @Override public void powerOff(String why) { powerEvents.add("off"); }
        @Override public void reset(String why) { powerEvents.add("reset"); }
    });

    long r(int off) { return regs.read(off, 4, 0); }
    void w(int off, long v) { regs.write(off, 4, v, 0); }

    static int ctrl(boolean write, int function, int site, int device) {
        return START | (write ? WRITE : 0) | function << 20 | site << 16 | device;
    }

    /** A transfer as Linux's vexpress-syscfg makes it: clear status, (data), control, then status and data. */
    long[] transfer(boolean write, int function, int site, int device, int data) {
        w(SYS_CFGSTAT, 0);
        if (write) w(SYS_CFGDATA, data);
        w(SYS_CFGCTRL, ctrl(write, function, site, device));
        return new long[] {r(SYS_CFGSTAT), r(SYS_CFGDATA)};
    }

    @Test
    void identifiesAsV2mP1WithACa15Tile() {
        assertEquals(0x1190F500L, r(SYS_ID));
        assertEquals(0x14000237L, r(SYS_PROCID0));
        assertEquals(0xFF000000L, r(SYS_PROCID1));
    }

    @Test
    void countersFollowTheMachineClock() {
        clock.advance(1_000_000_000L);
        assertEquals(100, r(SYS_100HZ));
        assertEquals(24_000_000, r(SYS_24MHZ));
    }

    @Test
    void flagsAreSetAndClearedBitwiseAndNvFlagsSurviveReset() {
        w(SYS_FLAGSSET, 0x8000_0000L);
        w(SYS_FLAGSSET, 0x10);
        w(SYS_FLAGSCLR, 0x10);
        assertEquals(0x8000_0000L, r(SYS_FLAGSSET));
        assertEquals(0x8000_0000, regs.flags());
        w(SYS_NVFLAGSSET, 5);
        regs.reset();
        assertEquals(0, r(SYS_FLAGSSET));
        assertEquals(5, r(SYS_NVFLAGSSET));
    }

    @Test
    void oscillatorsReadAsLinuxExpectsThem() {
        assertArrayEquals(new long[] {1, 24_000_000}, transfer(false, OSC, 0, 2, 0), "motherboard OSC2 feeds the UARTs");
        assertArrayEquals(new long[] {1, 60_000_000}, transfer(false, OSC, 1, 0, 0), "tile OSCCLK0");
        assertArrayEquals(new long[] {1, 900_000}, transfer(false, VOLT, 1, 0, 0), "tile VCORE in microvolts");
        assertEquals(0, r(SYS_CFGCTRL) & START, "START reads as zero: never busy");
    }

    @Test
    void oscillatorCanBeReprogrammedUntilReset() {
        assertArrayEquals(new long[] {1, 25_175_000}, transfer(true, OSC, 0, 1, 25_175_000));
        assertEquals(25_175_000, transfer(false, OSC, 0, 1, 0)[1]);
        regs.reset();
        assertEquals(23_750_000, transfer(false, OSC, 0, 1, 0)[1]);
    }

    @Test
    void missingConfigRegisterCompletesWithError() {
        assertEquals(3, transfer(false, TEMP, 1, 0, 0)[0]);
        assertEquals(3, transfer(false, OSC, 0, 9, 0)[0]);
        assertEquals(3, transfer(true, VOLT, 1, 0, 1)[0], "sensors are read-only");
        w(SYS_CFGSTAT, 0);
        w(SYS_CFGCTRL, ctrl(false, OSC, 0, 2) | 1 << 26);  // DCC 1: no such controller
        assertEquals(3, r(SYS_CFGSTAT));
    }

    @Test
    void shutdownPowersOff() {
        assertEquals(1, transfer(true, SHUTDOWN, 0, 0, 0)[0]);
        assertEquals(List.of("off"), powerEvents);
    }

    @Test
    void rebootResets() {
        assertEquals(1, transfer(true, REBOOT, 0, 0, 0)[0]);
        assertEquals(List.of("reset"), powerEvents);
    }

    @Test
    void shutdownNeedsAWriteToTheMotherboard() {
        assertEquals(3, transfer(false, SHUTDOWN, 0, 0, 0)[0]);
        assertEquals(3, transfer(true, SHUTDOWN, 1, 0, 0)[0]);
        assertEquals(List.of(), powerEvents);
    }

    @Test
    void controlWithoutStartDoesNothing() {
        w(SYS_CFGCTRL, ctrl(true, SHUTDOWN, 0, 0) & ~START);
        assertEquals(List.of(), powerEvents);
        assertEquals(0, r(SYS_CFGSTAT));
    }
}
