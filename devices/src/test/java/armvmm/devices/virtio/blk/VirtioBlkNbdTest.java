package armvmm.devices.virtio.blk;

import static armvmm.devices.virtio.blk.VirtioBlk.*;
import static armvmm.devices.virtio.blk.VirtioBlkTest.header;
import static armvmm.devices.virtio.blk.VirtioBlkTest.request;
import static armvmm.devices.virtio.blk.VirtioBlkTest.segment;
import static armvmm.devices.virtio.blk.VirtioBlkTest.transportFeatures;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import armvmm.devices.block.nbd.Nbd;
import armvmm.devices.block.nbd.NbdClient;
import armvmm.devices.block.nbd.QemuNbdServer;
import armvmm.devices.block.nbd.ScriptedNbdServer;
import armvmm.devices.block.nbd.QemuTools;
import armvmm.devices.virtio.VirtioFeatures;
import armvmm.devices.virtio.VirtioMmioRegister;
import armvmm.devices.virtio.VirtioTestDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** virtio-blk on a qcow2 image served by qemu-nbd: the guest's requests as NBD commands, checked with qemu-img. */
class VirtioBlkNbdTest {
    @TempDir Path dir;

    private static void needQemu() {
        assumeTrue(QemuTools.installed(), QemuTools.missing());
    }

    private static VirtioTestDriver driver(VirtioBlk blk) {
        return new VirtioTestDriver(blk).start(transportFeatures(blk), 16);
    }

    @Test
    void guestWritesFlushesAndDiscardsReachTheQcow2() throws Exception {
        needQemu();
        Path img = QemuTools.qcow2(dir.resolve("d.qcow2"), "1M", null);
        byte[] pattern = new byte[8 * SECTOR_SIZE];
        new Random(9).nextBytes(pattern);
        NbdBlockBackend backend = NbdBlockBackend.serve(new QemuNbdServer.Options(img, "qcow2", false, false));
        assertEquals(1 << 20, backend.client().export().size(), "the export is negotiated before the device exists");
        try (var d = driver(new VirtioBlk(backend, "qcow", BlkThreading.FLUSH_ON_WORKER))) {
            long f = d.transport.offeredFeatures();
            assertTrue(VirtioFeatures.has(f, VIRTIO_BLK_F_FLUSH) && VirtioFeatures.has(f, VIRTIO_BLK_F_DISCARD)
                    && VirtioFeatures.has(f, VIRTIO_BLK_F_WRITE_ZEROES) && !VirtioFeatures.has(f, VIRTIO_BLK_F_RO), Long.toHexString(f));
            assertEquals((1 << 20) / SECTOR_SIZE, d.transport.read(VirtioMmioRegister.CONFIG + CFG_CAPACITY, 4, 0));
            assertEquals(VIRTIO_BLK_S_OK, request(d, header(BlkRequestType.VIRTIO_BLK_T_OUT, 16), d.put(pattern), pattern.length, false));
            assertEquals(VIRTIO_BLK_S_OK, request(d, header(BlkRequestType.VIRTIO_BLK_T_OUT, 64), d.put(pattern), pattern.length, false));
            assertEquals(VIRTIO_BLK_S_OK, request(d, header(BlkRequestType.VIRTIO_BLK_T_FLUSH, 0), 0, 0, false));
            long buf = d.alloc(pattern.length);
            assertEquals(VIRTIO_BLK_S_OK, request(d, header(BlkRequestType.VIRTIO_BLK_T_IN, 16), buf, pattern.length, true));
            assertArrayEquals(pattern, d.get(buf, pattern.length), "read back through NBD");
            assertEquals(VIRTIO_BLK_S_OK, request(d, header(BlkRequestType.VIRTIO_BLK_T_WRITE_ZEROES, 0), d.put(segment(64, 2)), 16, false));
            assertEquals(VIRTIO_BLK_S_OK, request(d, header(BlkRequestType.VIRTIO_BLK_T_DISCARD, 0), d.put(segment(1024, 128)), 16, false));
            assertEquals(VIRTIO_BLK_S_IOERR, request(d, header(BlkRequestType.VIRTIO_BLK_T_IN, 2047), buf, 2 * SECTOR_SIZE, true), "past the end");
            assertEquals(VIRTIO_BLK_S_OK, request(d, header(BlkRequestType.VIRTIO_BLK_T_FLUSH, 0), 0, 0, false));
        }
        assertTrue(QemuTools.check(img).contains("No errors were found"), QemuTools.check(img));
        byte[] now = QemuTools.contents(img, "qcow2", dir);
        byte[] expect = new byte[1 << 20];
        System.arraycopy(pattern, 0, expect, 16 * SECTOR_SIZE, pattern.length);
        System.arraycopy(pattern, 2 * SECTOR_SIZE, expect, 66 * SECTOR_SIZE, pattern.length - 2 * SECTOR_SIZE);
        assertArrayEquals(expect, now, "the qcow2 holds exactly the guest's writes (write-zeroes applied)");
    }

    @Test
    void aReadOnlyDriveRefusesWritesAndLeavesTheImageAlone() throws Exception {
        needQemu();
        Path img = QemuTools.qcow2(dir.resolve("ro.qcow2"), "1M", null);
        QemuTools.run("qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 0 4k", img.toString());
        byte[] before = Files.readAllBytes(img);
        try (var d = driver(new VirtioBlk(NbdBlockBackend.serve(new QemuNbdServer.Options(img, "qcow2", true, false)), "", BlkThreading.WORKER))) {
            long f = d.transport.offeredFeatures();
            assertTrue(VirtioFeatures.has(f, VIRTIO_BLK_F_RO) && !VirtioFeatures.has(f, VIRTIO_BLK_F_DISCARD), Long.toHexString(f));
            long buf = d.alloc(SECTOR_SIZE);
            assertEquals(VIRTIO_BLK_S_OK, request(d, header(BlkRequestType.VIRTIO_BLK_T_IN, 0), buf, SECTOR_SIZE, true));
            byte[] fives = new byte[SECTOR_SIZE];
            Arrays.fill(fives, (byte) 0x5a);
            assertArrayEquals(fives, d.get(buf, SECTOR_SIZE));
            assertEquals(VIRTIO_BLK_S_IOERR, request(d, header(BlkRequestType.VIRTIO_BLK_T_OUT, 0), d.put(new byte[SECTOR_SIZE]), SECTOR_SIZE, false));
        }
        assertArrayEquals(before, Files.readAllBytes(img));
    }

    /** virtio-blk's requests as the server sees them, and a flush acknowledged only after the server's. */
    @Test
    void aGuestFlushIsAnNbdFlushAndIsAcknowledgedOnlyAfterIt() throws Exception {
        Path sock = dir.resolve("scripted.sock");
        int flags = Nbd.NBD_FLAG_HAS_FLAGS | Nbd.NBD_FLAG_SEND_FLUSH | Nbd.NBD_FLAG_SEND_TRIM | Nbd.NBD_FLAG_SEND_WRITE_ZEROES;
        try (ScriptedNbdServer server = new ScriptedNbdServer(sock, 1 << 20, flags)) {
            NbdBlockBackend backend = new NbdBlockBackend("scripted", NbdClient.connect(sock, ""), false, null);
            try (var d = driver(new VirtioBlk(backend, "", BlkThreading.FLUSH_ON_WORKER))) {
                assertEquals(VIRTIO_BLK_S_OK, request(d, header(BlkRequestType.VIRTIO_BLK_T_OUT, 8), d.put(new byte[2 * SECTOR_SIZE]), 2 * SECTOR_SIZE, false));
                assertEquals(VIRTIO_BLK_S_OK, request(d, header(BlkRequestType.VIRTIO_BLK_T_DISCARD, 0), d.put(segment(100, 4)), 16, false));
                assertEquals(VIRTIO_BLK_S_OK, request(d, header(BlkRequestType.VIRTIO_BLK_T_WRITE_ZEROES, 0), d.put(segment(200, 2)), 16, false));
                assertEquals(List.of(new ScriptedNbdServer.Request(Nbd.NBD_CMD_WRITE, 0, 8 * SECTOR_SIZE, 2 * SECTOR_SIZE),
                        new ScriptedNbdServer.Request(Nbd.NBD_CMD_TRIM, 0, 100 * SECTOR_SIZE, 4 * SECTOR_SIZE),
                        new ScriptedNbdServer.Request(Nbd.NBD_CMD_WRITE_ZEROES, Nbd.NBD_CMD_FLAG_NO_HOLE, 200 * SECTOR_SIZE, 2 * SECTOR_SIZE)),
                        server.requests);

                long st = d.alloc(1);
                d.ram.write8(st - VirtioTestDriver.RAM_BASE, 0xff);
                int before = d.usedIdx(0);
                d.chain(0, VirtioTestDriver.Buf.in(d.put(header(BlkRequestType.VIRTIO_BLK_T_FLUSH, 0)), 16), VirtioTestDriver.Buf.out(st, 1));
                d.kick(0);
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (server.requests.size() < 4 && System.nanoTime() < deadline) Thread.sleep(5);
                assertTrue(server.requests.size() == 4 && server.requests.get(3).type() == Nbd.NBD_CMD_FLUSH,
                        "VIRTIO_BLK_T_FLUSH is NBD_CMD_FLUSH: " + server.requests);
                Thread.sleep(200);
                assertEquals(before, d.usedIdx(0), "not acknowledged while the server's flush is outstanding");
                assertEquals(0xff, d.read8(st));
                server.releaseFlushes();
                d.awaitUsed(0, before + 1);
                assertEquals(VIRTIO_BLK_S_OK, d.read8(st));

                server.failFlushesWith(5);
                assertEquals(VIRTIO_BLK_S_IOERR, request(d, header(BlkRequestType.VIRTIO_BLK_T_FLUSH, 0), 0, 0, false), "a failed NBD flush fails the guest's");
            }
        }
    }
}
