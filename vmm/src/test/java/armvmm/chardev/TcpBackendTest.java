package armvmm.chardev;

import static org.junit.jupiter.api.Assertions.*;

import armvmm.error.VmmException;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TcpBackendTest {
    /** A device with a FIFO of {@code capacity} bytes that the test drains by hand. */
    private static final class SmallFifo implements CharReceiver {
        final LinkedBlockingQueue<Byte> fifo = new LinkedBlockingQueue<>();
        final int capacity;
        final AtomicInteger refusals = new AtomicInteger();

        SmallFifo(int capacity) { this.capacity = capacity; }

        @Override
        public synchronized int receive(byte[] data, int offset, int length) {
            int n = Math.min(length, capacity - fifo.size());
            for (int i = 0; i < n; i++) fifo.add(data[offset + i]);
            if (n == 0) refusals.incrementAndGet();
            return n;
        }

        byte take() throws InterruptedException {
            Byte b = fifo.poll(5, TimeUnit.SECONDS);
            assertNotNull(b, "no byte delivered");
            return b;
        }
    }

    /** A server backend on an ephemeral loopback port and the client it accepted. */
    private record Connection(Socket client, TcpBackend backend) {}

    private static Connection serverWithClient() throws Exception {
        TcpBackend.Listener listener = TcpBackend.listen("127.0.0.1", 0);
        CompletableFuture<TcpBackend> accepted = CompletableFuture.supplyAsync(listener::accept);
        Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.port());
        return new Connection(client, accepted.get(5, TimeUnit.SECONDS));
    }

    @Test
    void serverWaitsForOneClientThenCarriesBothDirections() throws Exception {
        Connection c = serverWithClient();
        try (Socket client = c.client(); CharBackend backend = c.backend()) {
            backend.write("login: ".getBytes(StandardCharsets.US_ASCII), 0, 7);
            assertEquals("login: ", new String(client.getInputStream().readNBytes(7), StandardCharsets.US_ASCII));

            SmallFifo uart = new SmallFifo(32);
            backend.connect(uart);
            client.getOutputStream().write("root\r".getBytes(StandardCharsets.US_ASCII));
            StringBuilder got = new StringBuilder();
            for (int i = 0; i < 5; i++) got.append((char) uart.take());
            assertEquals("root\r", got.toString());
        }
    }

    @Test
    void fullDeviceHoldsInputBackUntilItHasRoom() throws Exception {
        Connection c = serverWithClient();
        try (Socket client = c.client(); CharBackend backend = c.backend()) {
            SmallFifo uart = new SmallFifo(2);
            backend.connect(uart);
            client.getOutputStream().write(new byte[] {'a', 'b', 'c', 'd'});
            // The FIFO holds a and b and has refused c: the backend must now wait for inputReady().
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (uart.refusals.get() == 0 && System.nanoTime() < until) Thread.sleep(5);
            assertTrue(uart.refusals.get() > 0, "the backend never found the FIFO full");
            assertEquals('a', uart.take());
            assertEquals('b', uart.take());
            assertNull(uart.fifo.poll(100, TimeUnit.MILLISECONDS), "delivered without inputReady()");
            backend.inputReady();
            assertEquals('c', uart.take());
            assertEquals('d', uart.take());
        }
    }

    @Test
    void clientConnectsToAListeningPeer() throws Exception {
        try (ServerSocket peer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             CharBackend backend = CharBackendSpec.parse("tcp:127.0.0.1:" + peer.getLocalPort()).open(() -> {});
             Socket s = peer.accept()) {
            backend.write('!');
            InputStream in = s.getInputStream();
            assertEquals('!', in.read());
        }
    }

    @Test
    void refusedConnectionIsAUserError() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        VmmException e = assertThrows(VmmException.class, () -> CharBackendSpec.parse("tcp:127.0.0.1:" + port).open(() -> {}));
        assertTrue(e.getMessage().startsWith("--serial tcp:127.0.0.1:" + port + ": cannot connect"), e.getMessage());
    }

    @Test
    void outputAfterThePeerLeftIsDroppedNotThrown() throws Exception {
        Connection c = serverWithClient();
        Socket client = c.client();
        try (CharBackend backend = c.backend()) {
            client.close();
            ByteArrayOutputStream big = new ByteArrayOutputStream();
            for (int i = 0; i < 1 << 16; i++) big.write('x');
            byte[] data = big.toByteArray();
            for (int i = 0; i < 20; i++) backend.write(data, 0, data.length);
        }
    }
}
