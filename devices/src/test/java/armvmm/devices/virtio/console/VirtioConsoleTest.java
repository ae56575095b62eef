package armvmm.devices.virtio.console;

import static armvmm.devices.virtio.VirtioTestDriver.Buf.*;
import static org.junit.jupiter.api.Assertions.*;

import armvmm.chardev.CharBackend;
import armvmm.chardev.CharBackendSpec;
import armvmm.devices.virtio.VirtioMmioRegister;
import armvmm.devices.virtio.VirtioTestDriver;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class VirtioConsoleTest {
    @Test
    void guestOutputReachesTheBackend() {
        var be = new RecordingCharBackend();
        try (var d = new VirtioTestDriver(new VirtioConsole(be)).start()) {
            assertEquals(3, d.reg(VirtioMmioRegister.DEVICE_ID));
            d.chain(VirtioConsole.TRANSMITQ, in(d.put("login: ".getBytes()), 7));
            d.chain(VirtioConsole.TRANSMITQ, in(d.put("ro".getBytes()), 2), in(d.put("ot\n".getBytes()), 3));
            d.kick(VirtioConsole.TRANSMITQ);
            assertEquals("login: root\n", be.output());
            assertEquals(2, d.usedIdx(VirtioConsole.TRANSMITQ));
        }
    }

    @Test
    void inputFillsTheGuestsBuffersAndIsHeldBackWhenThereAreNone() {
        var be = new RecordingCharBackend();
        try (var d = new VirtioTestDriver(new VirtioConsole(be)).start()) {
            assertEquals(0, be.offer("ls -l\n"), "no receive buffers yet: nothing taken, the backend holds it");
            int signals = be.readySignals.get();
            long a = d.alloc(4), b = d.alloc(16);
            d.chain(VirtioConsole.RECEIVEQ, out(a, 4));
            d.chain(VirtioConsole.RECEIVEQ, out(b, 16));
            d.kick(VirtioConsole.RECEIVEQ);
            assertTrue(be.readySignals.get() > signals, "posting buffers tells the backend to go on");
            assertEquals(6, be.offer("ls -l\n"));
            assertEquals(2, d.usedIdx(VirtioConsole.RECEIVEQ));
            assertEquals(4, d.used(VirtioConsole.RECEIVEQ, 0).len());
            assertEquals(2, d.used(VirtioConsole.RECEIVEQ, 1).len());
            assertEquals("ls -l\n", new String(d.get(a, 4)) + new String(d.get(b, 2)));
            long c = d.alloc(2);
            d.chain(VirtioConsole.RECEIVEQ, out(c, 2));
            d.kick(VirtioConsole.RECEIVEQ);
            assertEquals(2, be.offer("xyz"), "only as much as the buffers hold");
            assertEquals("xy", new String(d.get(c, 2)));
        }
    }

    @Test
    void inputBeforeTheDriverIsReadyIsNotTaken() {
        var be = new RecordingCharBackend();
        try (var d = new VirtioTestDriver(new VirtioConsole(be))) {
            assertEquals(0, be.offer("early"));
        }
    }

    @Test
    void emergencyWriteGoesStraightOut() {
        var be = new RecordingCharBackend();
        try (var d = new VirtioTestDriver(new VirtioConsole(be))) {
            d.transport.write(VirtioMmioRegister.CONFIG + VirtioConsole.CFG_EMERG_WR, 4, '!', 0);
            assertEquals("!", be.output());
            assertEquals(1, d.transport.read(VirtioMmioRegister.CONFIG + VirtioConsole.CFG_MAX_NR_PORTS, 4, 0));
        }
    }

    @Test
    void aRealTcpCharBackendCarriesBothWays() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CharBackend tcp = new CharBackendSpec.Tcp("127.0.0.1", server.getLocalPort(), false).open(() -> {});
            try (Socket peer = server.accept(); var d = new VirtioTestDriver(new VirtioConsole(tcp)).start()) {
                peer.setSoTimeout(5000);
                OutputStream typing = peer.getOutputStream();
                InputStream screen = peer.getInputStream();
                typing.write("pwd\n".getBytes());
                typing.flush();
                long rx = d.alloc(8);
                d.chain(VirtioConsole.RECEIVEQ, out(rx, 8));
                d.kick(VirtioConsole.RECEIVEQ);
                d.awaitUsed(VirtioConsole.RECEIVEQ, 1);
                assertEquals("pwd\n", new String(d.get(rx, d.used(VirtioConsole.RECEIVEQ, 0).len())));
                d.chain(VirtioConsole.TRANSMITQ, in(d.put("/root\n".getBytes()), 6));
                d.kick(VirtioConsole.TRANSMITQ);
                assertEquals("/root\n", new String(screen.readNBytes(6)));
            }
        }
    }
}
