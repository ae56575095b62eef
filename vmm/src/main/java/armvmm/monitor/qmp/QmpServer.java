package armvmm.monitor.qmp;

import armvmm.machine.Machine;
import armvmm.snapshot.Migration;
import armvmm.machine.PowerEvent;
import java.io.IOException;
import armvmm.chardev.TcpListenAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The QMP monitor: {@code --qmp unix:PATH} or {@code --qmp tcp:HOST:PORT} (127.0.0.1 unless named). Every
 * client gets its own {@link QmpSession} on its own thread; events go to every client past negotiation.
 */
public final class QmpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QmpServer.class);

    private final Machine machine;
    private final ServerSocketChannel server;
    private final Path unixPath;
    private final List<QmpSession> sessions = new CopyOnWriteArrayList<>();
    private volatile boolean closed, quitting;
    /** The machine's last outgoing migration (QMP's migrate and query-migrate), or null. */
    private Migration.Outgoing migration;
    /** Where the server's one-line reports go (the CLI's stderr); the log until someone says. */
    private volatile java.util.function.Consumer<String> notices = line -> log.info("{}", line);

    private QmpServer(Machine machine, ServerSocketChannel server, Path unixPath) {
        this.machine = machine;
        this.server = server;
        this.unixPath = unixPath;
    }

    /** {@code unix:PATH} or {@code tcp:[HOST]:PORT}, checked; an IllegalArgumentException says what is wrong in one line. */
    public static SocketAddress parseAddress(String spec) {
        if (spec.startsWith("unix:")) {
            String p = spec.substring(5);
            if (p.isEmpty()) throw new IllegalArgumentException("unix: needs a path");
            return UnixDomainSocketAddress.of(p);
        }
        if (spec.startsWith("tcp:")) {
            return TcpListenAddress.parse(spec.substring(4));
        }
        throw new IllegalArgumentException("use unix:PATH or tcp:[HOST]:PORT");
    }

    public static QmpServer start(Machine machine, SocketAddress address) throws IOException {
        ServerSocketChannel s;
        Path unix = null;
        if (address instanceof UnixDomainSocketAddress u) {
            unix = u.getPath();
            Files.deleteIfExists(unix); // a socket left by an earlier run, as QEMU replaces it
            s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        } else {
            s = ServerSocketChannel.open();
        }
        s.bind(address);
        QmpServer q = new QmpServer(machine, s, unix);
        Thread t = new Thread(q::acceptLoop, "qmp-server");
        t.setDaemon(true);
        t.start();
        return q;
    }

    /** Where it listens, for the user: the path, or host:port. */
    public String where() {
        try {
            SocketAddress a = server.getLocalAddress();
            return a instanceof InetSocketAddress i ? i.getHostString() + ":" + i.getPort() : unixPath.toString();
        } catch (IOException e) {
            return String.valueOf(unixPath);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel c;
            try {
                c = server.accept();
            } catch (IOException e) {
                if (!closed) log.warn("QMP: {}", e.toString());
                return;
            }
            Thread t = new Thread(() -> serve(c), "qmp-client");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(SocketChannel c) {
        QmpSession s = new QmpSession(this, machine, input(c), output(c));
        sessions.add(s);
        try (c) {
            s.run();
        } catch (IOException e) {
            log.debug("QMP client: {}", e.toString());
        } finally {
            sessions.remove(s);
        }
    }

    /*
     * Streams over the channel's own read and write, which lock separately: Channels.newInputStream holds
     * the channel's blocking lock while it waits for input, which would block an event sent meanwhile.
     */
    private static java.io.InputStream input(SocketChannel c) {
        return new java.io.InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return c.read(java.nio.ByteBuffer.wrap(b, off, len));
            }
        };
    }

    private static java.io.OutputStream output(SocketChannel c) {
        return new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException { write(new byte[] {(byte) b}, 0, 1); }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) c.write(buf);
            }
        };
    }

    /** An event to every client in command mode: {"event": NAME, "data": ..., "timestamp": ...}. */
    void event(String name, Map<String, Object> data) {
        long micros = System.currentTimeMillis() * 1000;
        Map<String, Object> e = QmpSession.map("event", name);
        if (data != null) e.put("data", data);
        e.put("timestamp", QmpSession.map("seconds", micros / 1_000_000, "microseconds", micros % 1_000_000));
        for (QmpSession s : sessions) if (s.inCommandMode()) s.send(e);
    }

    void quitting() { quitting = true; }

    /** Starts a migration unless one is under way; its one-line report goes to the log. */
    synchronized boolean startMigration(Migration.Endpoint to) {
        if (migration != null && migration.status() == Migration.Status.ACTIVE) return false;
        migration = Migration.start(machine, to, notices);
        return true;
    }

    synchronized Migration.Outgoing migration() { return migration; }

    /** Sends the server's one-line reports (a migration's end) to {@code to}. */
    public void notices(java.util.function.Consumer<String> to) { notices = to; }

    /** The run is over: SHUTDOWN with who asked for it (the guest, or QMP's quit). */
    public void machineEnded(PowerEvent e) {
        boolean guest = !quitting;
        String reason = quitting ? "host-qmp-quit" : e.kind() == PowerEvent.Kind.RESET ? "guest-reset" : "guest-shutdown";
        event("SHUTDOWN", QmpSession.map("guest", guest, "reason", reason));
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        if (unixPath != null) Files.deleteIfExists(unixPath);
    }
}
