package armvmm.devices.virtio;

import static org.junit.jupiter.api.Assertions.*;

import armvmm.devices.unimp.UnimplementedDevice;
import armvmm.devices.virtio.blk.BlkThreading;
import armvmm.devices.virtio.blk.VirtioBlk;
import armvmm.devices.virtio.console.RecordingCharBackend;
import armvmm.devices.virtio.console.VirtioConsole;
import armvmm.devices.virtio.net.MacAddress;
import armvmm.devices.virtio.net.NetBackend;
import armvmm.devices.virtio.net.VirtioNet;
import armvmm.devices.virtio.rng.VirtioRng;
import armvmm.fuzz.FuzzCampaign;
import armvmm.fuzz.FuzzInput;
import armvmm.memory.RamBlock;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Fuzz targets for the virtqueue walker and each virtio device's request parser: a driver whose every
 * step the input chooses (descriptors anywhere, into ROM and MMIO, off the end of RAM and wrapping around;
 * indirect tables; heads and avail.idx of any value; shaped request headers; transport registers written
 * at random, queue sizes included; resets; frames and console input arriving from the host) over a 16 MiB
 * guest RAM, on the modern or the legacy transport.
 *
 * <p>Invariants: no MMIO write (a kick included) throws; the device never gives DEVICE_NEEDS_RESET for a
 * fault of its own ({@link VirtqError#DEVICE_FAULT}); the ROM is never written; and after a reset the
 * device serves a well-formed request as it should.
 */
public class VirtioFuzzTest {
    private static final long RAM_END = VirtioTestDriver.RAM_BASE + VirtioTestDriver.RAM_SIZE;
    private static final long ROM_BASE = 0x1000_0000L, MMIO_BASE = 0x1c00_0000L;
    /** Where the fuzzer's buffers and indirect tables go: above the rings VirtioTestDriver places per queue. */
    private static final long SCRATCH = VirtioTestDriver.RAM_BASE + 0x20_0000;
    private static final int ROM_SIZE = 1 << 16;
    /** Used-ring entries the fuzzed drivers got back, and devices they drove into DEVICE_NEEDS_RESET: the suite's runs must reach both. */
    static final java.util.concurrent.atomic.AtomicLong SERVED = new java.util.concurrent.atomic.AtomicLong(), REFUSED = new java.util.concurrent.atomic.AtomicLong();
    private static final Path IMAGE = image();

    enum Kind { RECORDING, BLK, NET, CONSOLE, RNG }

    private static Path image() {
        try {
            Path p = Files.createTempFile("virtio-fuzz", ".img");
            p.toFile().deleteOnExit();
            Files.write(p, new byte[64 * 1024]);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A network backend that keeps what the guest sent and lets the fuzzer deliver frames. */
    static final class Wire implements NetBackend {
        final List<byte[]> sent = new CopyOnWriteArrayList<>();
        volatile Consumer<byte[]> receiver;
        @Override public void start(Consumer<byte[]> r) { receiver = r; }
        @Override public void send(byte[] f, int off, int len) { sent.add(java.util.Arrays.copyOfRange(f, off, off + len)); }
        @Override public String describe() { return "fuzz wire"; }
        @Override public void close() {}
    }

    private static long address(FuzzInput in) {
        return switch (in.below(8)) {
            case 0 -> in.u64();
            case 1 -> RAM_END - in.below(64);
            case 2 -> VirtioTestDriver.RAM_BASE - in.below(64);
            case 3 -> ROM_BASE + in.below(ROM_SIZE);
            case 4 -> MMIO_BASE + in.below(0x1000);
            case 5 -> -1L - in.below(64);
            default -> SCRATCH + in.below(0x1_0000);
        };
    }

    private static long length(FuzzInput in) {
        return switch (in.below(5)) {
            case 0 -> in.u32() & 0xffffffffL;
            case 1 -> 16L * in.below(8);
            default -> in.below(4096);
        };
    }

    private static boolean start(VirtioTestDriver d, long features, int size) {
        try {
            d.start(features, size);
            return true;
        } catch (IllegalStateException featuresRefused) {
            return false;
        }
    }

    /** One input's driver, device and host-side ends. */
    static final class Session {
    private final Kind kind;
    private final Wire wire = new Wire();
    private final RecordingCharBackend chars = new RecordingCharBackend();
    private final RecordingDevice recording = new RecordingDevice();

    Session(Kind kind) { this.kind = kind; }

    private VirtioDevice device() {
        return switch (kind) {
            case RECORDING -> recording;
            case BLK -> {
                try {
                    yield new VirtioBlk("fuzz", FileChannel.open(IMAGE, StandardOpenOption.READ, StandardOpenOption.WRITE), false, "fuzz", BlkThreading.INLINE);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            case NET -> new VirtioNet(wire, MacAddress.parse("52:54:00:12:34:56"));
            case CONSOLE -> new VirtioConsole(chars);
            case RNG -> new VirtioRng(new SecureRandom(new byte[1]));
        };
    }

    /**
     * A chain by the rules (readable buffers, then writable ones, inside RAM), carrying a request header
     * whose fields the input picks (virtio-blk's type and sector; the same bytes are a frame or console
     * output to the others), then a kick: without these, nearly every input breaks the ring at once and the
     * request parsers behind the walker are never reached.
     */
    private void lawfulChain(VirtioTestDriver d, FuzzInput in, int q) {
        long hdr = SCRATCH + 0x100 + 32L * in.below(0x400);
        int type = in.pick(0, 1, 4, 8, 11, 13, in.u32());
        long sector = in.pick(0L, (long) in.below(160), in.u64());
        d.ram.write32(hdr - VirtioTestDriver.RAM_BASE, type);
        d.ram.write32(hdr - VirtioTestDriver.RAM_BASE + 4, 0);
        d.ram.write64(hdr - VirtioTestDriver.RAM_BASE + 8, sector);
        int n = 1 + in.below(4);
        var bufs = new VirtioTestDriver.Buf[n];
        bufs[0] = VirtioTestDriver.Buf.in(hdr, in.bool() ? 16 : in.below(40));
        int readable = 1 + in.below(n);
        for (int k = 1; k < n; k++) {
            long at = SCRATCH + 0x8000 + 0x1000L * in.below(16);
            long len = in.pick(1L, 16L, 512L, 4096L, (long) in.below(8192));
            bufs[k] = k < readable ? VirtioTestDriver.Buf.in(at, len) : VirtioTestDriver.Buf.out(in.below(8) == 0 ? address(in) : at, len);
        }
        d.chain(q, bufs);
        kick(d, q);
    }

    private void kick(VirtioTestDriver d, int q) {
        assertDoesNotThrow(() -> d.kick(q));
        assertNotEquals(VirtqError.DEVICE_FAULT, d.transport.needsResetReason(), "a device fault, not a driver error");
    }

    void run(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        var version = in.bool() ? VirtioMmioTransport.Version.MODERN : VirtioMmioTransport.Version.LEGACY;
        try (RamBlock rom = new RamBlock("rom", ROM_SIZE); var d = new VirtioTestDriver(device(), version)) {
            byte[] romImage = new byte[ROM_SIZE];
            java.util.Arrays.fill(romImage, (byte) 0x5a);
            rom.write(0, romImage, 0, ROM_SIZE);
            d.bus.mapRom("rom", ROM_BASE, rom);
            d.bus.mapMmio(MMIO_BASE, 0x1000, new UnimplementedDevice("unimp"));
            int queues = d.transport.device().queueCount();
            int size = in.pick(1, 2, 4, 8, 16);
            boolean started = start(d, in.bool() ? d.transport.offeredFeatures() : d.transport.offeredFeatures() & in.u64(), size);
            for (int op = 0; op < 64 && !in.exhausted() && started; op++) {
                int q = in.below(queues);
                switch (in.below(10)) {
                    case 1 -> lawfulChain(d, in, q);
                    case 0 -> d.desc(d.descTable(q), in.below(size), address(in), length(in), in.u8() & 7, in.bool() ? in.below(size) : in.u16());
                    case 2 -> d.desc(SCRATCH, in.below(16), address(in), length(in), in.u8() & 7, in.below(20));
                    case 3 -> d.desc(d.descTable(q), in.below(size), SCRATCH, in.bool() ? 16L * in.below(17) : length(in),
                            Virtqueue.VIRTQ_DESC_F_INDIRECT | (in.below(4) == 0 ? Virtqueue.VIRTQ_DESC_F_NEXT : 0), in.below(size));
                    case 4 -> d.publish(q, in.below(8) == 0 ? in.u16() : in.below(size));
                    case 5 -> d.setAvailIdx(q, in.u16());
                    case 6 -> kick(d, in.below(8) == 0 ? in.u16() : q);
                    case 7 -> {
                        // Request headers and payloads: the fuzzer's bytes in the buffer area.
                        byte[] b = in.bytes(1 + in.below(32));
                        d.ram.write(SCRATCH - VirtioTestDriver.RAM_BASE + 0x100 + in.below(0xff00), b, 0, b.length);
                    }
                    case 8 -> assertDoesNotThrow(() -> d.transport.write(in.below(0x140) & ~3, 4, in.u32() & 0xffffffffL, 0));
                    default -> {
                        if (in.bool()) {
                            Consumer<byte[]> r = wire.receiver;
                            if (kind == Kind.NET && r != null) r.accept(in.bytes(in.below(1600)));
                            if (kind == Kind.CONSOLE) chars.offer(new String(in.bytes(in.below(64)), java.nio.charset.StandardCharsets.ISO_8859_1));
                        } else {
                            size = in.pick(1, 2, 4, 8, 16);
                            started = start(d, d.transport.offeredFeatures(), size);
                        }
                    }
                }
                assertNotEquals(VirtqError.DEVICE_FAULT, d.transport.needsResetReason());
            }
            byte[] romNow = new byte[ROM_SIZE];
            rom.read(0, romNow, 0, ROM_SIZE);
            assertArrayEquals(romImage, romNow, "the ROM is not written");
            if (started) for (int q = 0; q < queues; q++) SERVED.addAndGet(d.usedIdx(q));
            if (d.needsReset()) REFUSED.incrementAndGet();
            wellFormedAfterReset(d);
        }
    }

    private void wellFormedAfterReset(VirtioTestDriver d) {
        d.reg(VirtioMmioRegister.STATUS, 0);
        assertTrue(start(d, d.transport.offeredFeatures(), 16), "FEATURES_OK after a reset");
        assertFalse(d.needsReset(), "a reset clears DEVICE_NEEDS_RESET");
        switch (kind) {
            case RECORDING -> {
                int before = recording.received.size();
                d.chain(0, VirtioTestDriver.Buf.in(d.put(new byte[] {1, 2, 3}), 3), VirtioTestDriver.Buf.out(d.alloc(8), 8));
                d.kick(0);
                d.awaitUsed(0, 1);
                assertEquals(before + 1, recording.received.size());
            }
            case BLK -> {
                long hdr = d.put(new byte[16]); // VIRTIO_BLK_T_IN, sector 0
                long status = d.alloc(1);
                d.ram.write8(status - VirtioTestDriver.RAM_BASE, 0xff);
                d.chain(0, VirtioTestDriver.Buf.in(hdr, 16), VirtioTestDriver.Buf.out(d.alloc(512), 512), VirtioTestDriver.Buf.out(status, 1));
                d.kick(0);
                d.awaitUsed(0, 1);
                assertEquals(0, d.read8(status), "VIRTIO_BLK_S_OK");
            }
            case NET -> {
                int before = wire.sent.size();
                d.chain(VirtioNet.TRANSMITQ, VirtioTestDriver.Buf.in(d.put(new byte[12 + 60]), 72));
                d.kick(VirtioNet.TRANSMITQ);
                d.awaitUsed(VirtioNet.TRANSMITQ, 1);
                assertEquals(before + 1, wire.sent.size());
            }
            case CONSOLE -> {
                d.chain(VirtioConsole.TRANSMITQ, VirtioTestDriver.Buf.in(d.put("ok".getBytes()), 2));
                d.kick(VirtioConsole.TRANSMITQ);
                d.awaitUsed(VirtioConsole.TRANSMITQ, 1);
                assertTrue(chars.output().endsWith("ok"), chars.output());
            }
            case RNG -> {
                d.chain(0, VirtioTestDriver.Buf.out(d.alloc(16), 16));
                d.kick(0);
                d.awaitUsed(0, 1);
                assertEquals(16, d.used(0, 0).len());
            }
        }
    }

    }

    public static void virtqueue(byte[] data) { new Session(Kind.RECORDING).run(data); }
    public static void blk(byte[] data) { new Session(Kind.BLK).run(data); }
    public static void net(byte[] data) { new Session(Kind.NET).run(data); }
    public static void console(byte[] data) { new Session(Kind.CONSOLE).run(data); }
    public static void rng(byte[] data) { new Session(Kind.RNG).run(data); }

    @FuzzTest(maxDuration = "10m") void virtqueueFuzz(byte[] data) { virtqueue(data); }
    @FuzzTest(maxDuration = "10m") void blkFuzz(byte[] data) { blk(data); }
    @FuzzTest(maxDuration = "10m") void netFuzz(byte[] data) { net(data); }
    @FuzzTest(maxDuration = "10m") void consoleFuzz(byte[] data) { console(data); }
    @FuzzTest(maxDuration = "10m") void rngFuzz(byte[] data) { rng(data); }

    private static final int SUITE_INPUTS = 1500, MAX_LENGTH = 1024;
    private static final Duration SUITE_CAP = Duration.ofSeconds(4);

    private static void random(String name, FuzzCampaign.Target target) {
        SERVED.set(0);
        REFUSED.set(0);
        FuzzCampaign.run(name, SUITE_INPUTS, MAX_LENGTH, SUITE_CAP, target);
        System.out.printf("fuzz %s: %d used entries returned, %d devices refused a driver%n", name, SERVED.get(), REFUSED.get());
        assertTrue(SERVED.get() > 0 && REFUSED.get() > 0, "the inputs reach both outcomes");
    }

    @Test void virtqueueRandom() { random("virtqueue", VirtioFuzzTest::virtqueue); }
    @Test void blkRandom() { random("virtio-blk", VirtioFuzzTest::blk); }
    @Test void netRandom() { random("virtio-net", VirtioFuzzTest::net); }
    @Test void consoleRandom() { random("virtio-console", VirtioFuzzTest::console); }
    @Test void rngRandom() { random("virtio-rng", VirtioFuzzTest::rng); }
}
