package armvmm.devices.sysctl;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class Sp810Test {
    static final int SCCTRL = 0x000, SCPEREN = 0x024, SCPERDIS = 0x028, SCPERCLKEN = 0x02C;
    final Sp810 sc = new Sp810("sp810@1c020000");

    @Test
    void timerClockSelectBitsAreKept() {
        long v = sc.read(SCCTRL, 4, 0);
        assertEquals(0b0100 << 3, v & (0xF << 3), "ModeStatus NORMAL");
        sc.write(SCCTRL, 4, v | 1 << 15 | 1 << 17, 0);
        assertTrue(sc.timerClockSelect(0));
        assertTrue(sc.timerClockSelect(1));
        assertFalse(sc.timerClockSelect(2));
        assertEquals(1 << 15 | 1 << 17, sc.read(SCCTRL, 4, 0) & (1 << 15 | 1 << 17));
    }

    @Test
    void modeStatusIsReadOnly() {
        sc.write(SCCTRL, 4, 0x78, 0);
        assertEquals(0b0100 << 3, sc.read(SCCTRL, 4, 0) & (0xF << 3));
    }

    @Test
    void peripheralClockEnableAndDisable() {
        sc.write(SCPERDIS, 4, 0xF0, 0);
        assertEquals(0xFFFFFF0FL, sc.read(SCPERCLKEN, 4, 0));
        sc.write(SCPEREN, 4, 0x10, 0);
        assertEquals(0xFFFFFF1FL, sc.read(SCPERCLKEN, 4, 0));
    }

    @Test
    void idsAndReset() {
        assertEquals(0x10, sc.read(0xFE0, 4, 0));
        assertEquals(0x18, sc.read(0xFE4, 4, 0));
        sc.write(SCCTRL, 4, 1 << 15, 0);
        sc.reset();
        assertFalse(sc.timerClockSelect(0));
    }
}
