package armvmm.dist;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The test's end of a guest's serial console: a loopback server the VMM connects to (--serial
 * tcp:127.0.0.1:PORT), with a reader thread collecting everything the guest prints.
 */
final class SerialConsole implements Closeable {
    private final ServerSocket server;
    private Socket socket;
    private OutputStream out;
    private final StringBuilder seen = new StringBuilder();
    private int consumed;
    private volatile boolean closed;

    SerialConsole() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    String serialOption() { return "tcp:127.0.0.1:" + server.getLocalPort(); }

    void accept(Duration timeout) throws IOException {
        server.setSoTimeout((int) timeout.toMillis());
        socket = server.accept();
        out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[4096];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    synchronized (seen) {
                        seen.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                        seen.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the VMM closed the console (power-off) or the test did
            }
        }, "serial-console-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Output after which waiting is pointless: the guest is dead. */
    static final String KERNEL_PANIC = "Kernel panic";

    /**
     * Everything printed since the last wait, up to and including {@code marker}; fails with the output so
     * far on timeout or as soon as the kernel panics.
     */
    String waitFor(String marker, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (seen) {
            while (true) {
                int at = seen.indexOf(marker, consumed);
                if (at >= 0) {
                    String text = seen.substring(consumed, at + marker.length());
                    consumed = at + marker.length();
                    return text;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed || seen.indexOf(KERNEL_PANIC, consumed) >= 0)
                    throw new AssertionError("no '" + marker + "' (waited up to " + timeout.toSeconds() + " s); the guest printed:\n" + seen.substring(Math.max(0, seen.length() - 4000)));
                seen.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    void send(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    String all() {
        synchronized (seen) {
            return seen.toString();
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        if (socket != null) socket.close();
        server.close();
    }
}
