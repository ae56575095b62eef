package armvmm.devices.amba;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class PrimeCellIdTest {
    private static int[] all(PrimeCellId id) {
        int[] v = new int[8];
        for (int i = 0; i < 8; i++) v[i] = id.read(0xFE0 + 4 * i);
        return v;
    }

    @Test
    void pl011RevisionOneMatchesItsTrm() {
        assertArrayEquals(new int[] {0x11, 0x10, 0x14, 0x00, 0x0D, 0xF0, 0x05, 0xB1}, all(new PrimeCellId(0x011, 1, 0)));
    }

    @Test
    void sp804MatchesItsTrm() {
        assertArrayEquals(new int[] {0x04, 0x18, 0x14, 0x00, 0x0D, 0xF0, 0x05, 0xB1}, all(new PrimeCellId(0x804, 1, 0)));
    }

    @Test
    void coversOnlyTheTopSixteenWordsAndNamesThem() {
        assertFalse(PrimeCellId.covers(0xFDC));
        assertTrue(PrimeCellId.covers(0xFE0));
        assertTrue(PrimeCellId.covers(0xFFC));
        assertEquals("PeriphID2", PrimeCellId.registerName(0xFE8));
        assertEquals("PCellID3", PrimeCellId.registerName(0xFFC));
    }
}
