package armvmm.devices.virtio.net;

import static armvmm.devices.virtio.VirtioTestDriver.Buf.*;
import static org.junit.jupiter.api.Assertions.*;

import armvmm.devices.virtio.VirtioFeatures;
import armvmm.devices.virtio.VirtioMmioRegister;
import armvmm.devices.virtio.VirtioMmioTransport;
import armvmm.devices.virtio.VirtioTestDriver;
import armvmm.error.VmmException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class VirtioNetTest {
    private static final MacAddress MAC = MacAddress.parse("52:54:00:12:34:56");

    /** A wire the test holds both ends of. */
    static final class FakeWire implements NetBackend {
        final List<byte[]> sent = new CopyOnWriteArrayList<>();
        Consumer<byte[]> receiver;

        @Override public void start(Consumer<byte[]> r) { receiver = r; }
        @Override public void send(byte[] f, int off, int len) { sent.add(Arrays.copyOfRange(f, off, off + len)); }
        @Override public String describe() { return "fake"; }
        @Override public void close() {}
    }

    private static byte[] frame(int n, int seed) {
        byte[] f = new byte[n];
        for (int i = 0; i < n; i++) f[i] = (byte) (seed + i);
        return f;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test
    void macAndLinkStatusInConfigSpace() {
        try (var d = new VirtioTestDriver(new VirtioNet(new FakeWire(), MAC))) {
            assertEquals(1, d.reg(VirtioMmioRegister.DEVICE_ID));
            byte[] mac = new byte[6];
            for (int i = 0; i < 6; i++) mac[i] = (byte) d.transport.read(VirtioMmioRegister.CONFIG + i, 1, 0);
            assertArrayEquals(MAC.bytes(), mac);
            assertEquals(VirtioNet.VIRTIO_NET_S_LINK_UP, d.transport.read(VirtioMmioRegister.CONFIG + 6, 2, 0));
            assertTrue(VirtioFeatures.has(d.deviceFeatures(), VirtioNet.VIRTIO_NET_F_MAC));
        }
    }

    @Test
    void modernTransmitStripsA12ByteHeaderAndReceivePrependsOne() {
        var wire = new FakeWire();
        try (var d = new VirtioTestDriver(new VirtioNet(wire, MAC)).start()) {
            byte[] f = frame(60, 1);
            d.chain(VirtioNet.TRANSMITQ, in(d.put(new byte[12]), 12), in(d.put(f), f.length));
            d.kick(VirtioNet.TRANSMITQ);
            assertEquals(1, wire.sent.size());
            assertArrayEquals(f, wire.sent.get(0));

            long rx = d.alloc(1600);
            d.chain(VirtioNet.RECEIVEQ, out(rx, 1600));
            d.kick(VirtioNet.RECEIVEQ);
            byte[] g = frame(98, 7);
            wire.receiver.accept(g);
            assertEquals(12 + 98, d.used(VirtioNet.RECEIVEQ, 0).len());
            byte[] hdr = new byte[12];
            hdr[10] = 1; // num_buffers
            assertArrayEquals(concat(hdr, g), d.get(rx, 12 + 98));
        }
    }

    @Test
    void legacyHeaderIs10Bytes() {
        var wire = new FakeWire();
        var net = new VirtioNet(wire, MAC);
        try (var d = new VirtioTestDriver(net, VirtioMmioTransport.Version.LEGACY).start(net.deviceFeatures(), 16)) {
            byte[] f = frame(60, 3);
            d.chain(VirtioNet.TRANSMITQ, in(d.put(concat(new byte[10], f)), 70));
            d.kick(VirtioNet.TRANSMITQ);
            assertArrayEquals(f, wire.sent.get(0));
            long rx = d.alloc(1600);
            d.chain(VirtioNet.RECEIVEQ, out(rx, 1600));
            d.kick(VirtioNet.RECEIVEQ);
            wire.receiver.accept(f);
            assertEquals(70, d.used(VirtioNet.RECEIVEQ, 0).len());
            assertArrayEquals(concat(new byte[10], f), d.get(rx, 70));
        }
    }

    @Test
    void pastTheLimitTheBackendWaitsForTheGuestsBuffersInsteadOfDropping() throws Exception {
        var wire = new FakeWire();
        var net = new VirtioNet(wire, MAC);
        try (var d = new VirtioTestDriver(net).start(net.deviceFeatures() | VirtioFeatures.bit(VirtioFeatures.VIRTIO_F_VERSION_1), 16)) {
            int n = VirtioNet.MAX_PENDING_FRAMES + 5;
            Thread backend = new Thread(() -> {
                for (int i = 0; i < n; i++) wire.receiver.accept(frame(60, i));
            });
            backend.start();
            backend.join(500);
            assertTrue(backend.isAlive(), "the backend's thread waits for room");
            assertEquals(0, net.droppedFrames());
            long[] rx = new long[16];
            for (int i = 0; i < 16; i++) {
                rx[i] = d.alloc(1600);
                d.chain(VirtioNet.RECEIVEQ, out(rx[i], 1600));
            }
            d.kick(VirtioNet.RECEIVEQ);
            backend.join(5000);
            assertFalse(backend.isAlive(), "room made, the backend went on");
            assertEquals(0, net.droppedFrames(), "nothing lost");
            for (int i = 0; i < 16; i++) {
                assertEquals(72, d.used(VirtioNet.RECEIVEQ, i).len());
                assertArrayEquals(frame(60, i), d.get(rx[i] + 12, 60), "frames in order: " + i);
            }
        }
    }

    @Test
    void withNoDriverUpFramesPastTheLimitAreDropped() {
        var wire = new FakeWire();
        var net = new VirtioNet(wire, MAC);
        try (var d = new VirtioTestDriver(net)) {
            for (int i = 0; i < VirtioNet.MAX_PENDING_FRAMES + 5; i++) wire.receiver.accept(frame(60, i));
            assertEquals(5, net.droppedFrames());
        }
    }

    @Test
    void framesWaitForBuffersAndATooSmallBufferIsHandedBackEmpty() {
        var wire = new FakeWire();
        var net = new VirtioNet(wire, MAC);
        try (var d = new VirtioTestDriver(net).start(net.deviceFeatures() | VirtioFeatures.bit(VirtioFeatures.VIRTIO_F_VERSION_1), 16)) {
            for (int i = 0; i < 5; i++) wire.receiver.accept(frame(60, i));
            assertEquals(0, net.droppedFrames());
            long rx = d.alloc(1600), tiny = d.alloc(20);
            d.chain(VirtioNet.RECEIVEQ, out(tiny, 20));
            d.chain(VirtioNet.RECEIVEQ, out(rx, 1600));
            d.kick(VirtioNet.RECEIVEQ);
            assertEquals(0, d.used(VirtioNet.RECEIVEQ, 0).len(), "too small a buffer is handed back empty");
            assertEquals(72, d.used(VirtioNet.RECEIVEQ, 1).len());
            assertArrayEquals(frame(60, 1), d.get(rx + 12, 60), "the first frame went with the tiny buffer, the second came next");
            assertFalse(d.needsReset());
        }
    }

    @Test
    void twoDevicesExchangeFramesOverTheSocketBackend() throws Exception {
        SocketNetBackend listening = SocketNetBackend.listen(new InetSocketAddress("127.0.0.1", 0));
        var a = new VirtioNet(listening, MAC);
        var b = new VirtioNet(SocketNetBackend.connect(new InetSocketAddress("127.0.0.1", listening.localPort())), MacAddress.random(new SecureRandom()));
        try (var da = new VirtioTestDriver(a).start(); var db = new VirtioTestDriver(b).start()) {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!listening.connected()) {
                assertTrue(System.nanoTime() < deadline, "the listener accepted the peer");
                Thread.sleep(5);
            }
            long rxb = db.alloc(1600), rxa = da.alloc(1600);
            db.chain(VirtioNet.RECEIVEQ, out(rxb, 1600));
            db.kick(VirtioNet.RECEIVEQ);
            da.chain(VirtioNet.RECEIVEQ, out(rxa, 1600));
            da.kick(VirtioNet.RECEIVEQ);

            byte[] ping = frame(98, 0x40);
            da.chain(VirtioNet.TRANSMITQ, in(da.put(new byte[12]), 12), in(da.put(ping), ping.length));
            da.kick(VirtioNet.TRANSMITQ);
            db.awaitUsed(VirtioNet.RECEIVEQ, 1);
            assertEquals(12 + 98, db.used(VirtioNet.RECEIVEQ, 0).len());
            assertArrayEquals(ping, db.get(rxb + 12, 98));

            byte[] pong = frame(1514, 0x11);
            db.chain(VirtioNet.TRANSMITQ, in(db.put(concat(new byte[12], pong)), 12 + 1514));
            db.kick(VirtioNet.TRANSMITQ);
            da.awaitUsed(VirtioNet.RECEIVEQ, 1);
            assertArrayEquals(pong, da.get(rxa + 12, 1514));
        }
    }

    @Test
    void aPeerThatStopsReadingCostsDroppedFramesNotAStalledSender() throws Exception {
        try (ServerSocket deaf = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            SocketNetBackend b = SocketNetBackend.connect(new InetSocketAddress("127.0.0.1", deaf.getLocalPort()));
            try (var accepted = deaf.accept()) {
                b.start(f -> {});
                byte[] big = new byte[60000];
                assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> {
                    for (int i = 0; i < 2000; i++) b.send(big, 0, big.length); // 120 MB nobody reads
                });
                assertTrue(b.droppedFrames() > 0);
            } finally {
                b.close();
            }
        }
    }

    @Test
    void socketBackendErrorsAreOneLine() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            var e = assertThrows(VmmException.class, () -> SocketNetBackend.listen(new InetSocketAddress("127.0.0.1", port)));
            assertTrue(e.getMessage().startsWith("--netdev socket,listen=127.0.0.1:" + port + ": cannot listen"), e.getMessage());
        }
        int free;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            free = s.getLocalPort();
        }
        var e = assertThrows(VmmException.class, () -> SocketNetBackend.connect(new InetSocketAddress("127.0.0.1", free)));
        assertTrue(e.getMessage().contains("cannot connect"), e.getMessage());
    }

    @Test
    void tapIsCreatedWhereTheHostAllowsItAndRefusedClearlyWhereNot() throws Exception {
        String name = "avmmt" + ProcessHandle.current().pid() % 100000;
        TapNetBackend tap;
        try {
            tap = TapNetBackend.open(name);
        } catch (VmmException e) {
            assertTrue(e.getMessage().startsWith("--netdev tap,ifname=" + name + ": "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
            assertFalse(Files.exists(Path.of("/sys/class/net", name)));
            return;
        }
        try (var d = new VirtioTestDriver(new VirtioNet(tap, MAC)).start()) {
            assertTrue(Files.exists(Path.of("/sys/class/net", name)), "the interface exists on the host");
            assertEquals(0, new ProcessBuilder("ip", "link", "set", name, "up").inheritIO().start().waitFor(), "ip link set up");
            long before = Long.parseLong(Files.readString(Path.of("/sys/class/net", name, "statistics", "rx_packets")).trim());
            byte[] f = frame(60, 0);
            System.arraycopy(new byte[] {-1, -1, -1, -1, -1, -1}, 0, f, 0, 6); // broadcast
            System.arraycopy(MAC.bytes(), 0, f, 6, 6);
            d.chain(VirtioNet.TRANSMITQ, in(d.put(concat(new byte[12], f)), 72));
            d.kick(VirtioNet.TRANSMITQ);
            long after = Long.parseLong(Files.readString(Path.of("/sys/class/net", name, "statistics", "rx_packets")).trim());
            assertEquals(before + 1, after, "the host kernel received the guest's frame");
        }
        assertFalse(Files.exists(Path.of("/sys/class/net", name)), "a non-persistent TAP goes away with its fd");
    }

    @Test
    void tapNameIsChecked() {
        assertThrows(VmmException.class, () -> TapNetBackend.open("a-name-much-too-long"));
        assertThrows(VmmException.class, () -> TapNetBackend.open("../x"));
    }

    @Test
    void macParsing() {
        assertEquals("52:54:00:12:34:56", MAC.toString());
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("52:54:00:12:34"));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("01:00:5e:00:00:01"), "multicast");
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("zz:54:00:12:34:56"));
        byte[] r = MacAddress.random(new SecureRandom()).bytes();
        assertEquals(0x02, r[0] & 0x03, "locally administered unicast");
    }
}
