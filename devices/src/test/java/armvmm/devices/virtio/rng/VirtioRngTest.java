package armvmm.devices.virtio.rng;

import static armvmm.devices.virtio.VirtioTestDriver.Buf.*;
import static org.junit.jupiter.api.Assertions.*;

import armvmm.devices.virtio.VirtioMmioRegister;
import armvmm.devices.virtio.VirtioTestDriver;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class VirtioRngTest {
    @Test
    void fillsWritableBuffersWithFreshBytes() {
        try (var d = new VirtioTestDriver(new VirtioRng()).start()) {
            assertEquals(4, d.reg(VirtioMmioRegister.DEVICE_ID));
            long a = d.alloc(64), b = d.alloc(64);
            d.chain(0, out(a, 32), out(a + 32, 32));
            d.chain(0, out(b, 64));
            d.kick(0);
            assertEquals(2, d.usedIdx(0));
            assertEquals(64, d.used(0, 0).len());
            assertEquals(64, d.used(0, 1).len());
            byte[] x = d.get(a, 64), y = d.get(b, 64);
            assertFalse(Arrays.equals(x, new byte[64]), "bytes were written");
            assertFalse(Arrays.equals(x, y), "two requests get different bytes");
            assertTrue(d.irq.level());
        }
    }

    @Test
    void oneRequestIsCappedAndReportsWhatItFilled() {
        try (var d = new VirtioTestDriver(new VirtioRng()).start()) {
            long big = d.alloc(1 << 20);
            d.chain(0, out(big, 1 << 20));
            d.kick(0);
            assertEquals(VirtioRng.MAX_BYTES_PER_REQUEST, d.used(0, 0).len());
            assertArrayEquals(new byte[16], d.get(big + VirtioRng.MAX_BYTES_PER_REQUEST, 16), "nothing past the reported length");
        }
    }
}
