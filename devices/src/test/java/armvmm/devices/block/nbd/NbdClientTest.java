package armvmm.devices.block.nbd;

import static armvmm.devices.block.nbd.Nbd.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The NBD client against the real qemu-nbd (Debian's qemu-utils), on raw and qcow2 images. */
class NbdClientTest {
    @TempDir Path dir;

    @BeforeEach
    void needQemu() {
        assumeTrue(QemuTools.installed(), QemuTools.missing());
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** {@code data} as buffers of awkward sizes (a virtio chain's descriptors need not be sector-sized). */
    private static List<ByteBuffer> scattered(byte[] data, int... cuts) {
        List<ByteBuffer> out = new ArrayList<>();
        int pos = 0;
        for (int c : cuts) {
            out.add(ByteBuffer.allocateDirect(c - pos).put(Arrays.copyOfRange(data, pos, c)).flip());
            pos = c;
        }
        out.add(ByteBuffer.allocateDirect(data.length - pos).put(Arrays.copyOfRange(data, pos, data.length)).flip());
        return out;
    }

    private static byte[] gather(List<ByteBuffer> bufs) {
        int n = bufs.stream().mapToInt(ByteBuffer::capacity).sum();
        byte[] out = new byte[n];
        int pos = 0;
        for (ByteBuffer b : bufs) {
            b.duplicate().clear().get(out, pos, b.capacity());
            pos += b.capacity();
        }
        return out;
    }

    @Test
    void goNegotiatesTheExportAndReadsWritesFlushOnARawImage() throws Exception {
        Path img = dir.resolve("disk.raw");
        byte[] original = random(1 << 20, 1);
        Files.write(img, original);
        try (QemuNbdServer server = QemuNbdServer.start(new QemuNbdServer.Options(img, "raw", false, false))) {
            try (NbdClient c = server.connect()) {
                NbdExport e = c.export();
                assertEquals(1 << 20, e.size());
                assertTrue(e.has(NBD_FLAG_HAS_FLAGS) && e.canFlush() && e.canFua() && e.canTrim() && e.canWriteZeroes() && !e.readOnly(), e.toString());
                assertTrue(e.minBlock() >= 1 && e.minBlock() <= 512 && e.maxPayload() >= 1 << 20, "size constraints: " + e);

                List<ByteBuffer> read = scattered(new byte[8192], 1, 512, 4097);
                c.read(4096, read);
                assertArrayEquals(Arrays.copyOfRange(original, 4096, 4096 + 8192), gather(read), "a scattered read");

                byte[] pattern = random(12288, 2);
                c.write(65536, scattered(pattern, 3, 4000, 8192), false);
                c.flush();
                byte[] onDisk = Files.readAllBytes(img);
                assertArrayEquals(pattern, Arrays.copyOfRange(onDisk, 65536, 65536 + pattern.length), "the flushed write is in the file");
                assertArrayEquals(Arrays.copyOfRange(original, 0, 65536), Arrays.copyOfRange(onDisk, 0, 65536), "nothing before it changed");

                c.write(0, List.of(ByteBuffer.wrap(pattern, 0, 512)), true);
                assertArrayEquals(Arrays.copyOfRange(pattern, 0, 512), Arrays.copyOfRange(Files.readAllBytes(img), 0, 512), "a FUA write");

                c.writeZeroes(131072, 8192, false);
                List<ByteBuffer> z = List.of(ByteBuffer.allocate(8192));
                c.read(131072, z);
                assertArrayEquals(new byte[8192], z.get(0).array(), "NBD_CMD_WRITE_ZEROES");
            }
            server.close();
            assertFalse(server.isAlive(), "qemu-nbd ends after its client's NBD_CMD_DISC");
        }
    }

    @Test
    void requestsOutsideTheExportOrToAReadOnlyOneFailAloneAndTheSessionGoesOn() throws Exception {
        Path img = dir.resolve("ro.raw");
        byte[] original = random(64 << 10, 3);
        Files.write(img, original);
        try (QemuNbdServer server = QemuNbdServer.start(new QemuNbdServer.Options(img, "raw", true, false));
             NbdClient c = server.connect()) {
            assertTrue(c.export().readOnly(), "--read-only is NBD_FLAG_READ_ONLY");
            NbdException w = assertThrows(NbdException.class, () -> c.write(0, List.of(ByteBuffer.allocate(512)), false));
            assertFalse(w.fatal());
            assertTrue(w.getMessage().contains("read-only"), w.getMessage());
            NbdException r = assertThrows(NbdException.class, () -> c.read((64 << 10) - 512, List.of(ByteBuffer.allocate(1024))));
            assertTrue(r.getMessage().contains("outside the export"), r.getMessage());
            assertThrows(NbdException.class, () -> c.read(-512, List.of(ByteBuffer.allocate(512))));
            List<ByteBuffer> b = List.of(ByteBuffer.allocate(512));
            c.read((64 << 10) - 512, b);
            assertArrayEquals(Arrays.copyOfRange(original, (64 << 10) - 512, 64 << 10), b.get(0).array(), "the last sector, after the refusals");
        }
        assertArrayEquals(original, Files.readAllBytes(img));
    }

    @Test
    void aReadLongerThanTheMaximumPayloadIsSplit() throws Exception {
        Path img = dir.resolve("big.raw");
        int size = 40 << 20;
        byte[] original = random(size, 4);
        Files.write(img, original);
        try (QemuNbdServer server = QemuNbdServer.start(new QemuNbdServer.Options(img, "raw", true, false));
             NbdClient c = server.connect()) {
            assertTrue(c.export().maxPayload() < size, "qemu-nbd's maximum payload " + c.export().maxPayload() + " is below the read");
            ByteBuffer all = ByteBuffer.allocateDirect(size);
            c.read(0, List.of(all));
            byte[] got = new byte[size];
            all.clear().get(got);
            assertArrayEquals(original, got);
        }
    }

    @Test
    void aQcow2ImageOnABackingFileIsWrittenTrimmedAndLeftClean() throws Exception {
        Path base = dir.resolve("base.raw");
        byte[] baseData = random(4 << 20, 5);
        Files.write(base, baseData);
        Path top = QemuTools.qcow2(dir.resolve("top.qcow2"), null, base);
        byte[] pattern = random(256 << 10, 6);
        try (QemuNbdServer server = QemuNbdServer.start(new QemuNbdServer.Options(top, "qcow2", false, false))) {
            try (NbdClient c = server.connect()) {
                assertEquals(4 << 20, c.export().size(), "the qcow2's virtual size, from its backing file");
                List<ByteBuffer> b = List.of(ByteBuffer.allocate(4096));
                c.read(1 << 20, b);
                assertArrayEquals(Arrays.copyOfRange(baseData, 1 << 20, (1 << 20) + 4096), b.get(0).array(), "reads fall through to the backing file");
                c.write(2 << 20, List.of(ByteBuffer.wrap(pattern)), false);
                c.trim(3 << 20, 1 << 20);
                c.flush();
            }
            server.close();
        }
        assertTrue(QemuTools.check(top).contains("No errors were found"), QemuTools.check(top));
        byte[] now = QemuTools.contents(top, "qcow2", dir);
        assertArrayEquals(pattern, Arrays.copyOfRange(now, 2 << 20, (2 << 20) + pattern.length), "the write is in the qcow2");
        assertArrayEquals(Arrays.copyOfRange(baseData, 0, 2 << 20), Arrays.copyOfRange(now, 0, 2 << 20), "the rest is the backing file's");
        assertArrayEquals(baseData, Files.readAllBytes(base), "the backing file is never written");
    }

    @Test
    void snapshotDiscardsWritesWhenTheServerExits() throws Exception {
        Path img = QemuTools.qcow2(dir.resolve("s.qcow2"), "1M", null);
        byte[] before = QemuTools.contents(img, "qcow2", dir);
        try (QemuNbdServer server = QemuNbdServer.start(new QemuNbdServer.Options(img, "qcow2", false, true));
             NbdClient c = server.connect()) {
            byte[] pattern = random(65536, 7);
            c.write(0, List.of(ByteBuffer.wrap(pattern)), false);
            c.flush();
            ByteBuffer back = ByteBuffer.allocate(65536);
            c.read(0, List.of(back));
            assertArrayEquals(pattern, back.array(), "the session sees its own writes");
        }
        assertArrayEquals(before, QemuTools.contents(img, "qcow2", dir), "the image is unchanged");
    }
}
