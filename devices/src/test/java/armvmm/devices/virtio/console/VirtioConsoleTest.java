package armvmm.devices.virtio.console;

import static armvmm.devices.virtio.VirtioTestDriver.Buf.*;
import static org.junit.jupiter.api.Assertions.*;

import armvmm.devices.virtio.VirtioMmioRegister;
import armvmm.devices.virtio.VirtioTestDriver;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class VirtioConsoleTest {
    /** Records output; the test pushes input by hand. */
    static final class FakeBackend implements ConsoleBackend {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        Consumer<byte[]> input;

        @Override public synchronized void write(byte[] b, int off, int len) { out.write(b, off, len); }
        @Override public void start(Consumer<byte[]> in) { input = in; }
        synchronized String output() { return out.toString(StandardCharsets.US_ASCII); }
    }

    @Test
    void guestOutputReachesTheBackend() {
        var be = new FakeBackend();
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
    void hostInputWaitsForReceiveBuffersThenArrivesInOrder() {
        var be = new FakeBackend();
        try (var d = new VirtioTestDriver(new VirtioConsole(be)).start()) {
            be.input.accept("ls -l".getBytes());
            be.input.accept("\n".getBytes());
            assertEquals(0, d.usedIdx(VirtioConsole.RECEIVEQ), "no receive buffers yet");
            long a = d.alloc(4), b = d.alloc(16);
            d.chain(VirtioConsole.RECEIVEQ, out(a, 4));
            d.chain(VirtioConsole.RECEIVEQ, out(b, 16));
            d.kick(VirtioConsole.RECEIVEQ);
            assertEquals(2, d.usedIdx(VirtioConsole.RECEIVEQ));
            assertEquals(4, d.used(VirtioConsole.RECEIVEQ, 0).len());
            assertEquals(2, d.used(VirtioConsole.RECEIVEQ, 1).len());
            assertEquals("ls -l\n", new String(d.get(a, 4)) + new String(d.get(b, 2)));
            // A buffer posted with nothing to say stays with the device until input comes.
            long c = d.alloc(8);
            d.chain(VirtioConsole.RECEIVEQ, out(c, 8));
            d.kick(VirtioConsole.RECEIVEQ);
            assertEquals(2, d.usedIdx(VirtioConsole.RECEIVEQ));
            be.input.accept("x".getBytes());
            assertEquals(3, d.usedIdx(VirtioConsole.RECEIVEQ));
            assertEquals('x', d.read8(c));
        }
    }

    @Test
    void emergencyWriteGoesStraightOut() {
        var be = new FakeBackend();
        try (var d = new VirtioTestDriver(new VirtioConsole(be))) {
            d.transport.write(VirtioMmioRegister.CONFIG + VirtioConsole.CFG_EMERG_WR, 4, '!', 0);
            assertEquals("!", be.output());
            assertEquals(1, d.transport.read(VirtioMmioRegister.CONFIG + VirtioConsole.CFG_MAX_NR_PORTS, 4, 0));
        }
    }

    @Test
    void streamBackendCarriesBothWays() throws Exception {
        var hostOut = new ByteArrayOutputStream();
        var typing = new PipedOutputStream();
        var be = new StreamConsoleBackend(new PipedInputStream(typing), hostOut);
        try (var d = new VirtioTestDriver(new VirtioConsole(be)).start()) {
            long rx = d.alloc(8);
            d.chain(VirtioConsole.RECEIVEQ, out(rx, 8));
            d.kick(VirtioConsole.RECEIVEQ);
            typing.write("pwd\n".getBytes());
            typing.flush();
            d.awaitUsed(VirtioConsole.RECEIVEQ, 1);
            assertEquals("pwd\n", new String(d.get(rx, 4)));
            d.chain(VirtioConsole.TRANSMITQ, in(d.put("/root\n".getBytes()), 6));
            d.kick(VirtioConsole.TRANSMITQ);
            assertEquals("/root\n", hostOut.toString());
            typing.close();
        }
    }
}
