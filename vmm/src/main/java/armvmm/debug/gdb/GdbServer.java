package armvmm.debug.gdb;

import armvmm.machine.Machine;
import java.io.IOException;
import armvmm.chardev.TcpListenAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gdb remote stub: {@code --gdb tcp:[HOST]:PORT} listens there (127.0.0.1 unless a host is named) and
 * serves one gdb at a time ({@link GdbSession}); when one goes, the next may attach.
 */
public final class GdbServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GdbServer.class);

    private final Machine machine;
    private final ServerSocket server;
    private final Thread thread;
    private volatile GdbSession session;
    private volatile Socket connection;
    private volatile boolean closed;

    private GdbServer(Machine machine, ServerSocket server) {
        this.machine = machine;
        this.server = server;
        this.thread = new Thread(this::acceptLoop, "gdb-server");
        thread.setDaemon(true);
    }

    /** Listens at {@code address} and serves connections from now on. */
    public static GdbServer start(Machine machine, InetSocketAddress address) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(address);
        GdbServer g = new GdbServer(machine, s);
        g.thread.start();
        return g;
    }

    /** The port it listens on (for {@code tcp::0}). */
    public int port() { return server.getLocalPort(); }

    /**
     * {@code tcp:[HOST]:PORT} (QEMU's -gdb form; "tcp::1234" is 127.0.0.1:1234), checked: an
     * IllegalArgumentException says what is wrong in one line.
     */
    public static InetSocketAddress parseAddress(String spec) {
        if (!spec.startsWith("tcp:")) throw new IllegalArgumentException("use tcp:[HOST]:PORT");
        return TcpListenAddress.parse(spec.substring(4));
    }

    private void acceptLoop() {
        while (!closed) {
            try (Socket s = server.accept()) {
                s.setTcpNoDelay(true);
                connection = s;
                log.info("gdb attached from {}", s.getRemoteSocketAddress());
                GdbSession g = new GdbSession(machine, s.getInputStream(), s.getOutputStream());
                session = g;
                g.run();
                log.info("gdb detached");
            } catch (IOException e) {
                if (!closed) log.warn("gdb stub: {}", e.toString());
            } catch (InterruptedException e) {
                return;
            } finally {
                session = null;
                connection = null;
            }
        }
    }

    /** The machine has ended: an attached gdb is told the exit status (W), briefly waited for, and let go. */
    public void machineEnded(int exitCode) {
        GdbSession g = session;
        closed = true; // no further gdb once this session ends
        if (g == null) return;
        g.machineEnded(exitCode);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        Socket c = connection;
        if (c != null) c.close();
    }
}
