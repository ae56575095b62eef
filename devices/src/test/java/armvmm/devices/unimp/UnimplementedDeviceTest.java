package armvmm.devices.unimp;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class UnimplementedDeviceTest {
    @Test
    void readsZeroEverywhereIncludingThePrimeCellIds() {
        UnimplementedDevice mmci = new UnimplementedDevice("mmci@1c050000");
        for (int off = 0xFE0; off < 0x1000; off += 4) assertEquals(0, mmci.read(off, 4, 0));
        mmci.write(0x0, 4, 0xFFFF_FFFFL, 0);
        assertEquals(0, mmci.read(0x0, 4, 0), "writes are not stored");
    }

    @Test
    void eachOffsetAndDirectionIsReportedOnce() {
        UnimplementedDevice kmi = new UnimplementedDevice("kmi@1c060000");
        for (int i = 0; i < 100; i++) kmi.read(0x04, 4, 0);
        assertEquals(1, kmi.reported());
        kmi.write(0x04, 4, 1, 0);
        kmi.read(0x08, 1, 0);
        kmi.read(0x08, 1, 0);
        assertEquals(3, kmi.reported());
    }

    @Test
    void theAmbaProbeOfAllEightIdRegistersIsOneReport() {
        UnimplementedDevice clcd = new UnimplementedDevice("clcd@1c1f0000");
        for (int off = 0xFE0; off < 0x1000; off += 4) clcd.read(off, 4, 0);
        assertEquals(1, clcd.reported());
        clcd.read(0xFDC, 4, 0); // just below the ID window: a register of its own
        assertEquals(2, clcd.reported());
    }
}
