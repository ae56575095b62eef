package armvmm.devices.virtio;


import static org.junit.jupiter.api.Assertions.*;

import armvmm.bus.AddressSpace;
import armvmm.devices.virtio.VirtioDeviceSpec.NetBackendSpec;
import armvmm.devices.virtio.net.PasstNetBackend;
import armvmm.irq.IrqLine;
import armvmm.irq.LevelLatch;
import armvmm.machine.MachineConfig;
import armvmm.error.VmmException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VirtioOptionsTest {
    @TempDir Path dir;

    private static MachineConfig config(List<Map<String, String>> drives, List<Map<String, String>> netdevs, List<Map<String, String>> devices, String console) {
        return new MachineConfig("vexpress-a15", 1, 256 << 20, null, null, null, null, "none", true, drives, netdevs, devices, console);
    }

    private Path image() throws IOException {
        Path p = dir.resolve("disk.img");
        Files.write(p, new byte[4096]);
        return p;
    }

    private static String error(Runnable r) {
        String m = assertThrows(VmmException.class, r::run).getMessage();
        assertFalse(m.contains("\n"), m);
        return m;
    }

    @Test
    void userNetdevTakesQemusHostfwd() {
        var n = VirtioOptions.netdev(Map.of("type", "user", "hostfwd", "tcp:127.0.0.1:2222-:22,::8080-:80,udp::5353-:53"), new SecureRandom());
        var u = (VirtioDeviceSpec.NetBackendSpec.User) n.backend();
        assertEquals(List.of(new PasstNetBackend.HostForward("tcp", "127.0.0.1", 2222, 22), new PasstNetBackend.HostForward("tcp", "", 8080, 80),
                new PasstNetBackend.HostForward("udp", "", 5353, 53)), u.forwards());
        assertEquals(List.of(), ((VirtioDeviceSpec.NetBackendSpec.User) VirtioOptions.netdev(Map.of("type", "user"), new SecureRandom()).backend()).forwards());
        assertEquals("--netdev user,hostfwd=tcp::2222-10.0.2.15:22: a guest address is not supported (the port is forwarded to the guest's own address; write -:22)",
                error(() -> VirtioOptions.netdev(Map.of("type", "user", "hostfwd", "tcp::2222-10.0.2.15:22"), new SecureRandom())));
        assertTrue(error(() -> VirtioOptions.netdev(Map.of("type", "user", "hostfwd", "sctp::1-:2"), new SecureRandom())).contains("protocol sctp"));
        assertTrue(error(() -> VirtioOptions.netdev(Map.of("type", "user", "hostfwd", "tcp::0-:22"), new SecureRandom())).contains("port 0 is out of range"));
        assertTrue(error(() -> VirtioOptions.netdev(Map.of("type", "user", "hostfwd", "tcp:localhost:2222-:22"), new SecureRandom()))
                .contains("'localhost' is not an IPv4 address"));
        assertTrue(error(() -> VirtioOptions.netdev(Map.of("type", "user", "hostfwd", "2222:22"), new SecureRandom())).contains("expected tcp:"));
        assertTrue(error(() -> VirtioOptions.netdev(Map.of("type", "user", "hostfwd", ""), new SecureRandom())).contains("expected tcp:"));
        assertTrue(error(() -> VirtioOptions.netdev(Map.of("type", "user", "ifname", "x"), new SecureRandom())).contains("unknown option ifname"));
    }

    @Test
    void driveOptions() throws IOException {
        String img = image().toString();
        var blk = VirtioOptions.drive(Map.of("file", img, "format", "raw", "readonly", "on", "serial", "disk-1", "legacy", "on"));
        assertEquals(Path.of(img), blk.file());
        assertTrue(blk.readOnly());
        assertEquals("disk-1", blk.serial());
        assertEquals(VirtioMmioTransport.Version.LEGACY, blk.version());
        assertFalse(VirtioOptions.drive(Map.of("file", img)).readOnly(), "format defaults to raw, readonly to off");

        assertEquals("--drive file=/nonexistent.img: no such file", error(() -> VirtioOptions.drive(Map.of("file", "/nonexistent.img"))));
        assertEquals("--drive file=" + img + ": format vmdk is not supported (use raw or qcow2)",
                error(() -> VirtioOptions.drive(Map.of("file", img, "format", "vmdk"))));
        var qcow = VirtioOptions.drive(Map.of("file", img, "format", "qcow2", "snapshot", "on"));
        assertTrue(qcow.snapshot() && !qcow.direct() && qcow.format().equals("qcow2"), "qcow2 goes through qemu-nbd: " + qcow);
        assertTrue(VirtioOptions.drive(Map.of("file", img)).direct(), "a raw drive is opened by the VMM");
        assertFalse(VirtioOptions.drive(Map.of("file", img, "snapshot", "on")).direct(), "snapshot=on needs qemu-nbd's overlay");
        assertFalse(VirtioOptions.drive(Map.of("file", img, "readonly", "on", "snapshot", "on")).snapshot(), "read-only has nothing to discard");
        assertTrue(error(() -> VirtioOptions.drive(Map.of("file", img, "cache", "none"))).contains("unknown option cache"));
        assertTrue(error(() -> VirtioOptions.drive(Map.of("file", img, "readonly", "maybe"))).contains("readonly=maybe (use on or off)"));
        assertTrue(error(() -> VirtioOptions.drive(Map.of("file", img, "serial", "x".repeat(21)))).contains("at most 20"));
        assertTrue(error(() -> VirtioOptions.drive(Map.of("format", "raw"))).contains("file=PATH is required"));
        assertTrue(error(() -> VirtioOptions.drive(Map.of("file", dir.toString()))).contains("not a regular file"));
    }

    @Test
    void netdevOptions() {
        var rnd = new SecureRandom();
        var tap = VirtioOptions.netdev(Map.of("type", "tap", "ifname", "tap0", "mac", "52:54:00:00:00:01"), rnd);
        assertEquals(new NetBackendSpec.Tap("tap0"), tap.backend());
        assertEquals("52:54:00:00:00:01", tap.mac().toString());
        var sock = VirtioOptions.netdev(Map.of("type", "socket", "connect", "127.0.0.1:5555"), rnd);
        var c = (NetBackendSpec.SocketConnect) sock.backend();
        assertEquals("127.0.0.1", c.address().getHostString());
        assertEquals(5555, c.address().getPort());
        assertEquals(0x02, sock.mac().bytes()[0] & 0x03, "a generated MAC is locally administered unicast");

        assertTrue(error(() -> VirtioOptions.netdev(Map.of("type", "socket"), rnd)).contains("exactly one of listen"));
        assertTrue(error(() -> VirtioOptions.netdev(Map.of("type", "socket", "listen", ":1", "connect", "h:2"), rnd)).contains("exactly one"));
        assertTrue(error(() -> VirtioOptions.netdev(Map.of("type", "socket", "listen", "localhost:99999"), rnd)).contains("out of range"));
        assertTrue(error(() -> VirtioOptions.netdev(Map.of("type", "socket", "listen", "localhost"), rnd)).contains("HOST:PORT"));
        assertTrue(error(() -> VirtioOptions.netdev(Map.of("type", "tap"), rnd)).contains("ifname=NAME is required"));
        assertTrue(error(() -> VirtioOptions.netdev(Map.of("type", "vde"), rnd)).contains("unknown network backend (use user, tap or socket)"));
        assertTrue(error(() -> VirtioOptions.netdev(Map.of("type", "tap", "ifname", "t", "mac", "1:2"), rnd)).startsWith("--netdev tap: mac "));
        assertTrue(error(() -> VirtioOptions.netdev(Map.of("type", "tap", "ifname", "t", "vhost", "on"), rnd)).contains("unknown option vhost"));
    }

    @Test
    void deviceAndConsoleOptions() {
        assertEquals(new VirtioDeviceSpec.Rng(VirtioMmioTransport.Version.MODERN), VirtioOptions.device(Map.of("type", "virtio-rng")));
        assertEquals(new VirtioDeviceSpec.Console(VirtioMmioTransport.Version.LEGACY), VirtioOptions.device(Map.of("type", "virtio-console", "legacy", "on")));
        assertTrue(error(() -> VirtioOptions.device(Map.of("type", "e1000"))).contains("unknown device"));
        assertTrue(error(() -> VirtioOptions.device(Map.of("type", "virtio-rng", "max-bytes", "1"))).contains("unknown option max-bytes"));
        var specs = VirtioOptions.parse(config(List.of(), List.of(), List.of(), "virtio"), new SecureRandom());
        assertEquals(List.of(new VirtioDeviceSpec.Console(VirtioMmioTransport.Version.MODERN)), specs);
        assertEquals(List.of(), VirtioOptions.parse(config(List.of(), List.of(), List.of(), "serial"), new SecureRandom()));
    }

    @Test
    void buildsOneTransportPerSlotWithItsInterrupt() throws IOException {
        String img = image().toString();
        var cfg = config(List.of(Map.of("file", img, "serial", "s1")), List.of(), List.of(Map.of("type", "virtio-rng", "legacy", "on")), "serial");
        List<LevelLatch> lines = new ArrayList<>();
        var ts = VirtioBoardDevices.build(cfg, new AddressSpace(), 0x1c13_0000L, 4, i -> {
            var l = new LevelLatch();
            lines.add(l);
            return l;
        }, null);
        try {
            assertEquals(2, ts.size());
            assertEquals("virtio-blk@1c130000", ts.get(0).name());
            assertEquals("virtio-rng@1c130200", ts.get(1).name());
            assertEquals(2, ts.get(0).read(VirtioMmioRegister.DEVICE_ID.offset, 4, 0));
            assertEquals(1, ts.get(1).read(VirtioMmioRegister.VERSION.offset, 4, 0));
            assertEquals(8, ts.get(0).read(VirtioMmioRegister.CONFIG, 4, 0), "capacity of a 4 KiB image in sectors");
            assertEquals(2, lines.size());
        } finally {
            ts.forEach(VirtioMmioTransport::close);
        }
    }

    @Test
    void slotOrderIsDrivesNetdevsConsoleDevices() throws IOException {
        String img = image().toString();
        var cfg = config(List.of(Map.of("file", img)), List.of(Map.of("type", "tap", "ifname", "t0")), List.of(Map.of("type", "virtio-rng")), "virtio");
        var kinds = VirtioOptions.parse(cfg, new SecureRandom()).stream().map(s -> s.getClass().getSimpleName()).toList();
        assertEquals(List.of("Blk", "Net", "Console", "Rng"), kinds);
    }

    @Test
    void oneTransportForABoardThatAssignsSlots() throws IOException {
        var be = new armvmm.devices.virtio.console.RecordingCharBackend();
        var t = VirtioBoardDevices.transport("virtio-console", Map.of(), "virtio-console@1c130400", new AddressSpace(), IrqLine.NONE, be);
        assertEquals(3, t.read(VirtioMmioRegister.DEVICE_ID.offset, 4, 0));
        assertEquals("virtio-console@1c130400", t.name());
        t.close();
        var r = VirtioBoardDevices.transport("virtio-blk", Map.of("file", image().toString(), "readonly", "on"), "b", new AddressSpace(), IrqLine.NONE, null);
        r.write(VirtioMmioRegister.DEVICE_FEATURES_SEL.offset, 4, 0, 0);
        assertEquals(1L << 5, r.read(VirtioMmioRegister.DEVICE_FEATURES.offset, 4, 0) & (1L << 5), "VIRTIO_BLK_F_RO");
        r.close();
        assertTrue(error(() -> VirtioBoardDevices.transport("virtio-blk", Map.of("file", "/nope"), "b", new AddressSpace(), IrqLine.NONE, null))
                .contains("no such file"));
    }

    @Test
    void moreDevicesThanSlotsIsAUserError() {
        var cfg = config(List.of(), List.of(), List.of(Map.of("type", "virtio-rng"), Map.of("type", "virtio-rng")), "virtio");
        assertTrue(error(() -> VirtioBoardDevices.build(cfg, new AddressSpace(), 0x1c13_0000L, 2, i -> IrqLine.NONE, null))
                .contains("3 virtio devices requested"));
    }

    @Test
    void aBackendThatCannotStartIsAUserError() throws IOException {
        int free;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            free = s.getLocalPort();
        }
        var cfg = config(List.of(), List.of(Map.of("type", "socket", "connect", "127.0.0.1:" + free)), List.of(), "serial");
        assertTrue(error(() -> VirtioBoardDevices.build(cfg, new AddressSpace(), 0x1c13_0000L, 4, i -> IrqLine.NONE, null))
                .startsWith("--netdev socket,connect=127.0.0.1:" + free + ": cannot connect"));
    }
}
