package armvmm.bench;

import armvmm.bus.AddressSpace;
import armvmm.devices.virtio.DeviceStatus;
import armvmm.devices.virtio.VirtioFeatures;
import armvmm.devices.virtio.VirtioMmioRegister;
import armvmm.devices.virtio.VirtioMmioTransport;
import armvmm.devices.virtio.Virtqueue;
import armvmm.devices.virtio.blk.BlkThreading;
import armvmm.devices.virtio.blk.VirtioBlk;
import armvmm.irq.IrqLine;
import armvmm.memory.RamBlock;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * virtio-blk at the device level: a driver written straight into guest RAM posts a batch of sequential
 * requests (header, one data buffer, status) and kicks once, as Linux does with a plugged queue.
 * {@code batch} measures requests per second to completion (MB/s = ops/s * requestBytes);
 * {@code kick} measures how long the QueueNotify write holds the kicking (vCPU) thread.
 * The image lives in the page cache, so this is the device's own cost, not the disk's.
 */
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class VirtioBlkBench {
    static final long RAM_BASE = 0x8000_0000L;
    static final int QUEUE = 64, DEPTH = 16;
    static final long IMAGE_BYTES = 64L << 20;

    /** The device and the driver's side of its queue; one per thread, shared by the states below. */
    @State(Scope.Thread)
    public static class Device {
        @Param({"INLINE", "WORKER", "FLUSH_ON_WORKER"}) BlkThreading mode;
        @Param({"4096", "65536"}) int requestBytes;
        @Param({"read", "write", "flush"}) String op;

        private Path image;
        private RamBlock ram;
        private VirtioMmioTransport t;
        private int availIdx, usedSeen, nextDesc;
        private long sector;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            image = Files.createTempFile("virtio-blk-bench", ".img");
            try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
                byte[] chunk = new byte[1 << 20];
                for (long i = 0; i < IMAGE_BYTES; i += chunk.length) f.write(chunk);
            }
            AddressSpace bus = new AddressSpace();
            ram = new RamBlock("ram", 64L << 20);
            bus.mapRam("ram", RAM_BASE, ram);
            VirtioBlk blk = VirtioBlk.open(image, false, "bench", mode);
            t = new VirtioMmioTransport("virtio-blk", blk, bus, IrqLine.NONE, VirtioMmioTransport.Version.MODERN);
            reg(VirtioMmioRegister.STATUS, DeviceStatus.ACKNOWLEDGE | DeviceStatus.DRIVER);
            long f = blk.deviceFeatures() | VirtioFeatures.bit(VirtioFeatures.VIRTIO_F_VERSION_1);
            reg(VirtioMmioRegister.DRIVER_FEATURES_SEL, 0);
            reg(VirtioMmioRegister.DRIVER_FEATURES, (int) f);
            reg(VirtioMmioRegister.DRIVER_FEATURES_SEL, 1);
            reg(VirtioMmioRegister.DRIVER_FEATURES, (int) (f >>> 32));
            reg(VirtioMmioRegister.STATUS, DeviceStatus.ACKNOWLEDGE | DeviceStatus.DRIVER | DeviceStatus.FEATURES_OK);
            reg(VirtioMmioRegister.QUEUE_SEL, 0);
            reg(VirtioMmioRegister.QUEUE_NUM, QUEUE);
            reg(VirtioMmioRegister.QUEUE_DESC_LOW, (int) RAM_BASE);
            reg(VirtioMmioRegister.QUEUE_DRIVER_LOW, (int) RAM_BASE + 0x4000);
            reg(VirtioMmioRegister.QUEUE_DEVICE_LOW, (int) RAM_BASE + 0x8000);
            reg(VirtioMmioRegister.QUEUE_READY, 1);
            reg(VirtioMmioRegister.STATUS, DeviceStatus.ACKNOWLEDGE | DeviceStatus.DRIVER | DeviceStatus.FEATURES_OK | DeviceStatus.DRIVER_OK);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            t.reset();
            t.close();
            ram.close();
            Files.deleteIfExists(image);
        }

        private void reg(VirtioMmioRegister r, int v) { t.write(r.offset, 4, v & 0xffffffffL, 0); }

        /** Request k of a batch: header at 0x10000 + 32k, status at +16, data at 1 MiB + k * requestBytes. */
        void post(int k) {
            long hdr = 0x10000 + 32L * k, data = (1L << 20) + (long) k * requestBytes;
            ram.write32(hdr, switch (op) {
                case "read" -> 0;
                case "write" -> 1;
                default -> 4; // VIRTIO_BLK_T_FLUSH: header and status only
            });
            ram.write32(hdr + 4, 0);
            ram.write64(hdr + 8, sector);
            sector = (sector + requestBytes / 512) % (IMAGE_BYTES / 512 - requestBytes / 512);
            int d0 = nextDesc, d1 = (d0 + 1) % QUEUE, d2 = (d0 + 2) % QUEUE;
            nextDesc = (d0 + 3) % QUEUE;
            if (op.equals("flush")) {
                desc(d0, RAM_BASE + hdr, 16, Virtqueue.VIRTQ_DESC_F_NEXT, d2);
            } else {
                desc(d0, RAM_BASE + hdr, 16, Virtqueue.VIRTQ_DESC_F_NEXT, d1);
                desc(d1, RAM_BASE + data, requestBytes, Virtqueue.VIRTQ_DESC_F_NEXT | (op.equals("read") ? Virtqueue.VIRTQ_DESC_F_WRITE : 0), d2);
            }
            desc(d2, RAM_BASE + hdr + 16, 1, Virtqueue.VIRTQ_DESC_F_WRITE, 0);
            ram.write16(0x4000 + 4 + 2L * (availIdx % QUEUE), d0);
            availIdx = (availIdx + 1) & 0xffff;
            ram.write16(0x4002, availIdx);
        }

        private void desc(int i, long addr, int len, int flags, int next) {
            long at = 16L * i;
            ram.write64(at, addr);
            ram.write32(at + 8, len);
            ram.write16(at + 12, flags);
            ram.write16(at + 14, next);
        }

        void awaitCompletion() {
            while (ram.read16(0x8002) != availIdx) Thread.onSpinWait();
            usedSeen = availIdx;
        }

        void kick() { reg(VirtioMmioRegister.QUEUE_NOTIFY, 0); }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(DEPTH)
    public int batch(Device d) {
        for (int k = 0; k < DEPTH; k++) d.post(k);
        d.kick();
        d.awaitCompletion();
        return d.usedSeen;
    }

    /**
     * The same device with a batch posted before each invocation of {@link #kick} and completed after it,
     * outside the measurement. One class rather than a state injected into another: JMH would give each
     * injection site its own Device.
     */
    @State(Scope.Thread)
    public static class PostedDevice extends Device {
        @Setup(Level.Invocation)
        public void postBatch() {
            for (int k = 0; k < DEPTH; k++) post(k);
        }

        @TearDown(Level.Invocation)
        public void completeBatch() { awaitCompletion(); }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void kick(PostedDevice d) {
        d.kick();
    }
}
