package armvmm.devices.virtio;

import static org.junit.jupiter.api.Assertions.*;

import armvmm.devices.virtio.blk.BlkThreading;
import armvmm.devices.virtio.blk.VirtioBlk;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random rings and chains, seeded: whatever a driver writes, the kick returns normally, and the device
 * either serves the chains or goes to DEVICE_NEEDS_RESET for a driver error, never for a fault of its own.
 */
class VirtqueueFuzzTest {
    private static final long RAM_END = VirtioTestDriver.RAM_BASE + VirtioTestDriver.RAM_SIZE;
    @TempDir Path dir;

    private static long address(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> r.nextLong();
            case 1 -> RAM_END - r.nextInt(64);
            case 2 -> VirtioTestDriver.RAM_BASE - r.nextInt(64);
            default -> VirtioTestDriver.RAM_BASE + 0x10_0000 + r.nextInt(0x40_0000);
        };
    }

    private static long length(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> r.nextInt() & 0xffffffffL;
            case 1 -> 16L * r.nextInt(8);
            default -> r.nextInt(4096);
        };
    }

    private static void scribble(VirtioTestDriver d, Random r, int q) {
        int entries = 16 + r.nextInt(8);
        for (int i = 0; i < entries; i++)
            d.desc(d.descTable(q), i % 16, address(r), length(r), r.nextInt(8), r.nextInt(20));
        long table = VirtioTestDriver.RAM_BASE + 0x20_0000;
        for (int i = 0; i < 8; i++) d.desc(table, i, address(r), length(r), r.nextInt(8), r.nextInt(10));
        if (r.nextBoolean()) d.desc(d.descTable(q), r.nextInt(16), table, 16L * (1 + r.nextInt(8)), Virtqueue.VIRTQ_DESC_F_INDIRECT, 0);
        int heads = 1 + r.nextInt(4);
        for (int i = 0; i < heads; i++) d.publish(q, r.nextInt(10) == 0 ? r.nextInt(0x10000) : r.nextInt(16));
        if (r.nextInt(10) == 0) d.setAvailIdx(q, r.nextInt(0x10000));
    }

    private void fuzz(Supplier<VirtioDevice> devices, int rounds) {
        Random r = new Random(0x5eed);
        int served = 0, broken = 0;
        for (int round = 0; round < rounds; round++) {
            try (var d = new VirtioTestDriver(devices.get()).start()) {
                for (int kick = 0; kick < 4; kick++) {
                    int q = r.nextInt(d.transport.device().queueCount());
                    scribble(d, r, q);
                    int round0 = round;
                    assertDoesNotThrow(() -> d.kick(q), "round " + round0);
                }
                assertNotEquals(VirtqError.DEVICE_FAULT, d.transport.needsResetReason(), "round " + round);
                for (int q = 0; q < d.transport.device().queueCount(); q++) served += d.usedIdx(q);
                if (d.needsReset()) broken++;
            }
        }
        assertTrue(served > 0 && broken > 0, "the inputs reach both outcomes: " + served + " chains served, " + broken + " devices broken");
    }

    @Test
    void recordingDevice() { fuzz(RecordingDevice::new, 200); }

    @Test
    void blockDevice() throws IOException {
        Path img = dir.resolve("fuzz.img");
        Files.write(img, new byte[64 * 1024]);
        fuzz(() -> {
            try {
                return new VirtioBlk("fuzz", FileChannel.open(img, StandardOpenOption.READ, StandardOpenOption.WRITE), false, "f", BlkThreading.INLINE);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, 200);
    }
}
