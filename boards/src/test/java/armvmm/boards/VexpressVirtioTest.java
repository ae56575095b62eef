package armvmm.boards;

import static org.junit.jupiter.api.Assertions.*;

import armvmm.boards.vexpress.VexpressMap;
import armvmm.bus.BusMaster;
import armvmm.machine.Machine;
import armvmm.machine.MachineConfig;
import armvmm.error.VmmException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The virtio-mmio transports of vexpress-a15 as the board wires them (no guest: the registers and host resources). */
class VexpressVirtioTest {
    static final long MAGIC_VALUE = 0x000, VERSION = 0x004, DEVICE_ID = 0x008;
    static final int VIRT = 0x74726976;

    @TempDir Path tmp;

    private MachineConfig config(String serial, List<Map<String, String>> drives, List<Map<String, String>> netdevs,
            List<Map<String, String>> devices, String console) {
        MachineConfig m = MachineConfig.minimal("vexpress-a15", 1, 64 << 20);
        return new MachineConfig(m.board(), m.cpus(), m.memoryBytes(), null, null, null, null, serial, true, drives, netdevs, devices, console);
    }

    private static int read(Machine m, long addr) { return (int) m.bus().read(addr, 4, BusMaster.DMA_MASTER); }

    @Test
    void eachSlotHoldsItsDeviceInOrderAndShutdownReleasesTheHostResources() throws Exception {
        Path disk = Files.write(tmp.resolve("disk.img"), new byte[1 << 20]);
        int port = freePort();
        MachineConfig cfg = config("none", List.of(Map.of("file", disk.toString(), "format", "raw")),
                List.of(Map.of("type", "socket", "listen", "127.0.0.1:" + port)), List.of(Map.of("type", "virtio-rng")), "virtio");
        Machine m = VexpressA15Test.machine(cfg);
        new VexpressA15().build(m);

        int[] expectedIds = {2, 1, 3, 4}; // virtio-blk, virtio-net, virtio-console, virtio-rng: the slot order of VirtioSlot
        for (int i = 0; i < expectedIds.length; i++) {
            long base = VexpressMap.VIRTIO.base + (long) i * VexpressMap.VIRTIO_TRANSPORT_SIZE;
            assertEquals(VIRT, read(m, base + MAGIC_VALUE), "slot " + i);
            assertEquals(2, read(m, base + VERSION), "slot " + i);
            assertEquals(expectedIds[i], read(m, base + DEVICE_ID), "slot " + i);
        }

        assertThrows(IOException.class, () -> bind(port), "the socket netdev listens while the machine lives");
        m.shutdown();
        bindWithin(port, 5_000); // released again (a channel closed under its accept thread lets go when that thread wakes)
        m.shutdown(); // idempotent
    }

    @Test
    void theVirtioConsoleTakesTheSerialBackendAwayFromUart0() throws Exception {
        for (String console : new String[] {"serial", "virtio"}) {
            Path out = tmp.resolve(console + ".out");
            Machine m = VexpressA15Test.machine(config("file:" + out, List.of(), List.of(), List.of(), console));
            new VexpressA15().build(m);
            m.bus().write(VexpressMap.UART0.base, 4, 'x', BusMaster.DMA_MASTER); // UARTDR
            m.shutdown();
            assertEquals(console.equals("serial") ? "x" : "", Files.readString(out), "UART0 output with --console " + console);
        }
    }

    @Test
    void aBadDriveIsAOneLineUserError() {
        MachineConfig cfg = config("none", List.of(Map.of("file", tmp.resolve("missing.img").toString(), "format", "raw")), List.of(), List.of(), "serial");
        VmmException e = assertThrows(VmmException.class, () -> new VexpressA15().build(VexpressA15Test.machine(cfg)));
        assertTrue(e.getMessage().contains("missing.img"), e.getMessage());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void bindWithin(int port, long millis) throws Exception {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (true) {
            try {
                bind(port);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) throw e;
                Thread.sleep(20);
            }
        }
    }

    private static void bind(int port) throws IOException {
        new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close();
    }
}
