package armvmm.devices.virtio.blk;

import static armvmm.devices.virtio.VirtioTestDriver.Buf.*;
import static armvmm.devices.virtio.blk.VirtioBlk.*;
import static org.junit.jupiter.api.Assertions.*;

import armvmm.devices.virtio.VirtioFeatures;
import armvmm.devices.virtio.VirtioMmioRegister;
import armvmm.devices.virtio.VirtioMmioTransport;
import armvmm.devices.virtio.VirtioTestDriver;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VirtioBlkTest {
    private static final int SECTORS = 256;
    @TempDir Path dir;
    private Path image;
    private byte[] original;

    @BeforeEach
    void makeImage() throws IOException {
        image = dir.resolve("disk.img");
        original = new byte[SECTORS * SECTOR_SIZE];
        new Random(42).nextBytes(original);
        Files.write(image, original);
    }

    private ObservedFileChannel channel(boolean readOnly) throws IOException {
        return new ObservedFileChannel(readOnly ? FileChannel.open(image, StandardOpenOption.READ)
                : FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE));
    }

    static byte[] header(BlkRequestType type, long sector) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(type.code).putInt(0).putLong(sector).array();
    }

    static byte[] header(int type, long sector) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(type).putInt(0).putLong(sector).array();
    }

    /** Submits header + data + status as three descriptors, waits for completion, returns the status byte. */
    static int request(VirtioTestDriver d, byte[] header, long data, int len, boolean deviceWrites) {
        long st = d.alloc(1);
        d.ram.write8(st - VirtioTestDriver.RAM_BASE, 0xff);
        int before = d.usedIdx(0);
        if (len > 0) d.chain(0, in(d.put(header), 16), new VirtioTestDriver.Buf(data, len, deviceWrites), out(st, 1));
        else d.chain(0, in(d.put(header), 16), out(st, 1));
        d.kick(0);
        d.awaitUsed(0, before + 1);
        return d.read8(st);
    }

    private VirtioTestDriver driver(VirtioBlk blk) {
        return new VirtioTestDriver(blk).start(transportFeatures(blk), 16);
    }

    static long transportFeatures(VirtioBlk blk) {
        return blk.deviceFeatures() | VirtioFeatures.bit(VirtioFeatures.VIRTIO_F_VERSION_1);
    }

    @Test
    void capacityAndLimitsInConfigSpace() throws IOException {
        try (var d = driver(new VirtioBlk("t", channel(false), false, "", BlkThreading.INLINE))) {
            assertEquals(SECTORS, d.transport.read(VirtioMmioRegister.CONFIG + CFG_CAPACITY, 4, 0));
            assertEquals(0, d.transport.read(VirtioMmioRegister.CONFIG + CFG_CAPACITY + 4, 4, 0));
            assertEquals(SEG_MAX, d.transport.read(VirtioMmioRegister.CONFIG + CFG_SEG_MAX, 4, 0));
            assertEquals(SIZE_MAX, d.transport.read(VirtioMmioRegister.CONFIG + CFG_SIZE_MAX, 4, 0));
            assertEquals(2, d.reg(VirtioMmioRegister.DEVICE_ID));
        }
    }

    @Test
    void writeThenReadBackReachesTheFileByteForByte() throws IOException {
        try (var d = driver(new VirtioBlk("t", channel(false), false, "", BlkThreading.INLINE))) {
            byte[] pattern = new byte[4 * SECTOR_SIZE];
            new Random(7).nextBytes(pattern);
            assertEquals(VIRTIO_BLK_S_OK, request(d, header(BlkRequestType.VIRTIO_BLK_T_OUT, 10), d.put(pattern), pattern.length, false));
            assertEquals(1, d.used(0, 0).len(), "a write returns only the status byte");
            byte[] file = Files.readAllBytes(image);
            assertArrayEquals(pattern, Arrays.copyOfRange(file, 10 * SECTOR_SIZE, 14 * SECTOR_SIZE));
            assertArrayEquals(Arrays.copyOfRange(original, 0, 10 * SECTOR_SIZE), Arrays.copyOfRange(file, 0, 10 * SECTOR_SIZE));
            assertArrayEquals(Arrays.copyOfRange(original, 14 * SECTOR_SIZE, original.length), Arrays.copyOfRange(file, 14 * SECTOR_SIZE, file.length));

            long buf = d.alloc(pattern.length);
            assertEquals(VIRTIO_BLK_S_OK, request(d, header(BlkRequestType.VIRTIO_BLK_T_IN, 10), buf, pattern.length, true));
            assertArrayEquals(pattern, d.get(buf, pattern.length));
            assertEquals(pattern.length + 1, d.used(0, 1).len());
        }
    }

    @Test
    void headerDataAndStatusMayShareAndSplitDescriptors() throws IOException {
        try (var d = driver(new VirtioBlk("t", channel(false), false, "", BlkThreading.INLINE))) {
            // Header in two pieces, then one writable descriptor holding both the data and the status byte.
            byte[] h = header(BlkRequestType.VIRTIO_BLK_T_IN, SECTORS - 1);
            long dataAndStatus = d.alloc(SECTOR_SIZE + 1);
            d.chain(0, in(d.put(Arrays.copyOf(h, 5)), 5), in(d.put(Arrays.copyOfRange(h, 5, 16)), 11), out(dataAndStatus, SECTOR_SIZE + 1));
            d.kick(0);
            assertEquals(VIRTIO_BLK_S_OK, d.read8(dataAndStatus + SECTOR_SIZE));
            assertArrayEquals(Arrays.copyOfRange(original, (SECTORS - 1) * SECTOR_SIZE, SECTORS * SECTOR_SIZE), d.get(dataAndStatus, SECTOR_SIZE));
        }
    }

    @Test
    void requestsOutsideTheImageFailAloneWithIoerr() throws IOException {
        try (var d = driver(new VirtioBlk("t", channel(false), false, "", BlkThreading.INLINE))) {
            long buf = d.alloc(2 * SECTOR_SIZE);
            assertEquals(VIRTIO_BLK_S_IOERR, request(d, header(BlkRequestType.VIRTIO_BLK_T_IN, SECTORS - 1), buf, 2 * SECTOR_SIZE, true));
            assertEquals(VIRTIO_BLK_S_IOERR, request(d, header(BlkRequestType.VIRTIO_BLK_T_IN, -1L), buf, SECTOR_SIZE, true));
            assertEquals(VIRTIO_BLK_S_IOERR, request(d, header(BlkRequestType.VIRTIO_BLK_T_OUT, Long.MAX_VALUE / 256), buf, SECTOR_SIZE, false));
            assertEquals(VIRTIO_BLK_S_IOERR, request(d, header(BlkRequestType.VIRTIO_BLK_T_IN, 0), buf, 100, true), "not whole sectors");
            assertArrayEquals(new byte[2 * SECTOR_SIZE], d.get(buf, 2 * SECTOR_SIZE), "nothing was read into guest RAM");
            assertArrayEquals(original, Files.readAllBytes(image));
            assertFalse(d.needsReset(), "a bad request is not a broken queue");
            assertEquals(VIRTIO_BLK_S_OK, request(d, header(BlkRequestType.VIRTIO_BLK_T_IN, 0), buf, SECTOR_SIZE, true));
        }
    }

    @Test
    void dataReadIntoGuestRamIsReportedToTheBus() throws IOException {
        try (var d = driver(new VirtioBlk("t", channel(false), false, "", BlkThreading.INLINE))) {
            java.util.List<long[]> written = new java.util.concurrent.CopyOnWriteArrayList<>();
            d.bus.addRamWriteListener((pa, len) -> written.add(new long[] {pa, len}));
            long buf = d.alloc(2 * SECTOR_SIZE);
            assertEquals(VIRTIO_BLK_S_OK, request(d, header(BlkRequestType.VIRTIO_BLK_T_IN, 0), buf, 2 * SECTOR_SIZE, true));
            assertTrue(written.stream().anyMatch(w -> w[0] == buf && w[1] == 2 * SECTOR_SIZE), "cached code of those pages must be dropped");
        }
    }

    @Test
    void aHostileChainBreaksTheQueueWithoutTouchingTheImage() throws IOException {
        try (var d = driver(new VirtioBlk("t", channel(false), false, "", BlkThreading.WORKER))) {
            // Header and data readable, but the data after the writable status: the order 2.7.4 forbids.
            d.chain(0, in(d.put(header(BlkRequestType.VIRTIO_BLK_T_OUT, 0)), 16), out(d.alloc(1), 1), in(d.alloc(SECTOR_SIZE), SECTOR_SIZE));
            d.kick(0);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!d.needsReset()) assertTrue(System.nanoTime() < deadline, "DEVICE_NEEDS_RESET");
            assertEquals(armvmm.devices.virtio.VirtqError.READABLE_AFTER_WRITABLE, d.transport.needsResetReason());
            assertEquals(0, d.usedIdx(0));
            assertArrayEquals(original, Files.readAllBytes(image));
        }
    }

    @Test
    void resettingWhileTheWorkerIsBusyNeitherHangsNorThrows() throws IOException {
        try (var d = driver(new VirtioBlk("t", channel(false), false, "", BlkThreading.WORKER))) {
            assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> {
                for (int round = 0; round < 50; round++) {
                    d.start(transportFeatures((VirtioBlk) d.transport.device()), 16);
                    for (int k = 0; k < 5; k++)
                        d.chain(0, in(d.put(header(BlkRequestType.VIRTIO_BLK_T_IN, k)), 16), out(d.alloc(SECTOR_SIZE), SECTOR_SIZE), out(d.alloc(1), 1));
                    d.kick(0);
                    d.reg(VirtioMmioRegister.STATUS, 0);
                    assertEquals(0, d.reg(VirtioMmioRegister.STATUS));
                }
            });
            d.start(transportFeatures((VirtioBlk) d.transport.device()), 16);
            assertEquals(VIRTIO_BLK_S_OK, request(d, header(BlkRequestType.VIRTIO_BLK_T_IN, 0), d.alloc(SECTOR_SIZE), SECTOR_SIZE, true));
        }
    }

    @Test
    void unknownTypeIsUnsupported() throws IOException {
        try (var d = driver(new VirtioBlk("t", channel(false), false, "", BlkThreading.INLINE))) {
            assertEquals(VIRTIO_BLK_S_UNSUPP, request(d, header(99, 0), 0, 0, false));
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(BlkThreading.class)
    void acknowledgedFlushIsForcedBeforeTheStatusIsWritten(BlkThreading threading) throws IOException {
        ObservedFileChannel ch = channel(false);
        try (var d = driver(new VirtioBlk("t", ch, false, "", threading))) {
            AtomicInteger statusAtForce = new AtomicInteger(-1), forces = new AtomicInteger();
            long st = d.alloc(1);
            d.ram.write8(st - VirtioTestDriver.RAM_BASE, 0xff);
            ch.onForce = () -> {
                forces.incrementAndGet();
                statusAtForce.set(d.read8(st));
            };
            d.chain(0, in(d.put(header(BlkRequestType.VIRTIO_BLK_T_FLUSH, 0)), 16), out(st, 1));
            d.kick(0);
            d.awaitUsed(0, 1);
            assertEquals(1, forces.get(), "FileChannel.force ran once");
            assertEquals(0xff, statusAtForce.get(), "the status was still unwritten when force ran");
            assertEquals(VIRTIO_BLK_S_OK, d.read8(st));
        }
    }

    @Test
    void flushOnWorkerKeepsReadsOnTheKickingThreadAndFsyncOffIt() throws IOException {
        ObservedFileChannel ch = channel(false);
        try (var d = driver(new VirtioBlk("t", ch, false, "", BlkThreading.FLUSH_ON_WORKER))) {
            java.util.concurrent.atomic.AtomicReference<Thread> forcedOn = new java.util.concurrent.atomic.AtomicReference<>();
            ch.onForce = () -> forcedOn.set(Thread.currentThread());
            assertEquals(VIRTIO_BLK_S_OK, request(d, header(BlkRequestType.VIRTIO_BLK_T_IN, 1), d.alloc(SECTOR_SIZE), SECTOR_SIZE, true));
            assertSame(Thread.currentThread(), ch.lastIoThread, "a read is served inline");
            assertEquals(VIRTIO_BLK_S_OK, request(d, header(BlkRequestType.VIRTIO_BLK_T_FLUSH, 0), 0, 0, false));
            assertNotNull(forcedOn.get());
            assertNotSame(Thread.currentThread(), forcedOn.get(), "the fsync ran on the worker");
            assertEquals(2, d.usedIdx(0));
        }
    }

    @Test
    void flushesQueuedBehindAForceShareTheNextOne() throws Exception {
        ObservedFileChannel ch = channel(false);
        try (var d = driver(new VirtioBlk("t", ch, false, "", BlkThreading.FLUSH_ON_WORKER))) {
            var firstForceMayEnd = new java.util.concurrent.CountDownLatch(1);
            AtomicInteger forces = new AtomicInteger();
            ch.onForce = () -> {
                if (forces.incrementAndGet() == 1) {
                    try {
                        firstForceMayEnd.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            long[] st = new long[8];
            for (int i = 0; i < 8; i++) {
                st[i] = d.alloc(1);
                d.ram.write8(st[i] - VirtioTestDriver.RAM_BASE, 0xff);
                d.chain(0, in(d.put(header(BlkRequestType.VIRTIO_BLK_T_FLUSH, 0)), 16), out(st[i], 1));
            }
            d.kick(0); // hands all eight to the worker, which is stuck in the first force
            firstForceMayEnd.countDown();
            d.awaitUsed(0, 8);
            for (long s : st) assertEquals(VIRTIO_BLK_S_OK, d.read8(s));
            // Two when the worker began the first force before the other seven were handed over, one when after.
            assertTrue(forces.get() >= 1 && forces.get() <= 2, forces.get() + " forces for eight flushes");
        }
    }

    @Test
    void withoutTheFlushFeatureEveryWriteIsForced() throws IOException {
        ObservedFileChannel ch = channel(false);
        VirtioBlk blk = new VirtioBlk("t", ch, false, "", BlkThreading.INLINE);
        try (var d = new VirtioTestDriver(blk).start(transportFeatures(blk) & ~VirtioFeatures.bit(VIRTIO_BLK_F_FLUSH), 16)) {
            AtomicInteger forces = new AtomicInteger();
            ch.onForce = forces::incrementAndGet;
            assertEquals(VIRTIO_BLK_S_OK, request(d, header(BlkRequestType.VIRTIO_BLK_T_OUT, 0), d.alloc(SECTOR_SIZE), SECTOR_SIZE, false));
            assertEquals(1, forces.get());
        }
    }

    @Test
    void readOnlyDriveReadsButFailsEveryWrite() throws IOException {
        VirtioBlk blk = new VirtioBlk("t", channel(true), true, "", BlkThreading.INLINE);
        assertTrue(VirtioFeatures.has(blk.deviceFeatures(), VIRTIO_BLK_F_RO));
        assertFalse(VirtioFeatures.has(blk.deviceFeatures(), VIRTIO_BLK_F_DISCARD));
        try (var d = driver(blk)) {
            long buf = d.put(new byte[SECTOR_SIZE]);
            assertEquals(VIRTIO_BLK_S_IOERR, request(d, header(BlkRequestType.VIRTIO_BLK_T_OUT, 0), buf, SECTOR_SIZE, false));
            assertEquals(VIRTIO_BLK_S_IOERR, request(d, header(BlkRequestType.VIRTIO_BLK_T_WRITE_ZEROES, 0), d.put(segment(0, 4)), 16, false));
            assertEquals(VIRTIO_BLK_S_OK, request(d, header(BlkRequestType.VIRTIO_BLK_T_IN, 1), buf, SECTOR_SIZE, true));
            assertArrayEquals(Arrays.copyOfRange(original, SECTOR_SIZE, 2 * SECTOR_SIZE), d.get(buf, SECTOR_SIZE));
            assertArrayEquals(original, Files.readAllBytes(image));
        }
    }

    @Test
    void getIdReturnsTheSerialPadded() throws IOException {
        try (var d = driver(new VirtioBlk("t", channel(false), false, "SN-0042", BlkThreading.INLINE))) {
            long id = d.alloc(VIRTIO_BLK_ID_BYTES);
            d.ram.write(id - VirtioTestDriver.RAM_BASE, new byte[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 0, 20);
            assertEquals(VIRTIO_BLK_S_OK, request(d, header(BlkRequestType.VIRTIO_BLK_T_GET_ID, 0), id, VIRTIO_BLK_ID_BYTES, true));
            assertArrayEquals(Arrays.copyOf("SN-0042".getBytes(), VIRTIO_BLK_ID_BYTES), d.get(id, VIRTIO_BLK_ID_BYTES));
        }
    }

    static byte[] segment(long sector, int count) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(sector).putInt(count).putInt(0).array();
    }

    @Test
    void discardAndWriteZeroesZeroExactlyTheirRanges() throws IOException {
        try (var d = driver(new VirtioBlk("t", channel(false), false, "", BlkThreading.INLINE))) {
            byte[] two = new byte[32];
            System.arraycopy(segment(3, 2), 0, two, 0, 16);
            System.arraycopy(segment(100, 1), 0, two, 16, 16);
            assertEquals(VIRTIO_BLK_S_OK, request(d, header(BlkRequestType.VIRTIO_BLK_T_DISCARD, 0), d.put(two), 32, false));
            assertEquals(VIRTIO_BLK_S_OK, request(d, header(BlkRequestType.VIRTIO_BLK_T_WRITE_ZEROES, 0), d.put(segment(200, 56)), 16, false));
            byte[] expect = original.clone();
            Arrays.fill(expect, 3 * SECTOR_SIZE, 5 * SECTOR_SIZE, (byte) 0);
            Arrays.fill(expect, 100 * SECTOR_SIZE, 101 * SECTOR_SIZE, (byte) 0);
            Arrays.fill(expect, 200 * SECTOR_SIZE, 256 * SECTOR_SIZE, (byte) 0);
            assertArrayEquals(expect, Files.readAllBytes(image));
            // One bad segment fails the request before any segment is applied.
            System.arraycopy(segment(0, 1), 0, two, 0, 16);
            System.arraycopy(segment(SECTORS, 1), 0, two, 16, 16);
            assertEquals(VIRTIO_BLK_S_IOERR, request(d, header(BlkRequestType.VIRTIO_BLK_T_DISCARD, 0), d.put(two), 32, false));
            assertArrayEquals(expect, Files.readAllBytes(image));
        }
    }

    private long allocatedBlocks() throws Exception {
        Process p = new ProcessBuilder("stat", "-c", "%b", image.toString()).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertEquals(0, p.waitFor());
        return Long.parseLong(out);
    }

    @Test
    void discardOfAnImageOpenedByPathPunchesAHole() throws Exception {
        try (var d = driver(VirtioBlk.open(image, false, "", BlkThreading.INLINE))) {
            long before = allocatedBlocks();
            assertEquals(VIRTIO_BLK_S_OK, request(d, header(BlkRequestType.VIRTIO_BLK_T_DISCARD, 0), d.put(segment(64, 128)), 16, false));
            assertTrue(allocatedBlocks() < before, "the file system got the 64 KiB back: " + before + " -> " + allocatedBlocks() + " blocks");
            assertEquals(VIRTIO_BLK_S_OK, request(d, header(BlkRequestType.VIRTIO_BLK_T_WRITE_ZEROES, 0), d.put(segment(0, 8)), 16, false));
            byte[] expect = original.clone();
            Arrays.fill(expect, 0, 8 * SECTOR_SIZE, (byte) 0);
            Arrays.fill(expect, 64 * SECTOR_SIZE, 192 * SECTOR_SIZE, (byte) 0);
            assertArrayEquals(expect, Files.readAllBytes(image));
            long buf = d.alloc(SECTOR_SIZE);
            assertEquals(VIRTIO_BLK_S_OK, request(d, header(BlkRequestType.VIRTIO_BLK_T_IN, 100), buf, SECTOR_SIZE, true));
            assertArrayEquals(new byte[SECTOR_SIZE], d.get(buf, SECTOR_SIZE), "the guest reads the hole as zeros");
        }
    }

    @Test
    void onAWorkerRequestsRunOffTheKickingThread() throws IOException {
        ObservedFileChannel ch = channel(false);
        try (var d = driver(new VirtioBlk("t", ch, false, "", BlkThreading.WORKER))) {
            long buf = d.alloc(SECTOR_SIZE);
            assertEquals(VIRTIO_BLK_S_OK, request(d, header(BlkRequestType.VIRTIO_BLK_T_IN, 2), buf, SECTOR_SIZE, true));
            assertNotSame(Thread.currentThread(), ch.lastIoThread);
            assertTrue(ch.lastIoThread.getName().startsWith("virtio-blk"));
            assertArrayEquals(Arrays.copyOfRange(original, 2 * SECTOR_SIZE, 3 * SECTOR_SIZE), d.get(buf, SECTOR_SIZE));
            assertTrue(d.irq.level());
        }
    }

    @Test
    void legacyTransportServesTheSameRequests() throws IOException {
        VirtioBlk blk = new VirtioBlk("t", channel(false), false, "", BlkThreading.INLINE);
        try (var d = new VirtioTestDriver(blk, VirtioMmioTransport.Version.LEGACY).start(blk.deviceFeatures() & 0xffffffffL, 16)) {
            long buf = d.alloc(SECTOR_SIZE);
            assertEquals(VIRTIO_BLK_S_OK, request(d, header(BlkRequestType.VIRTIO_BLK_T_IN, 5), buf, SECTOR_SIZE, true));
            assertArrayEquals(Arrays.copyOfRange(original, 5 * SECTOR_SIZE, 6 * SECTOR_SIZE), d.get(buf, SECTOR_SIZE));
        }
    }
}
