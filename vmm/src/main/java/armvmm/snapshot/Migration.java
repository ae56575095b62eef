package armvmm.snapshot;

import armvmm.chardev.TcpListenAddress;
import armvmm.machine.Machine;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Moving a running guest to another VMM process over TCP: the source pauses, writes its snapshot (the file
 * format of {@link MachineSnapshot}) onto the connection, and waits for the target's acknowledgement; the
 * target, started with {@code --incoming tcp:HOST:PORT}, accepts one connection, restores from it into its
 * machine (built from the same configuration, not yet started), acknowledges, and runs. The source then
 * ends (exit status 0), or, when no acknowledgement comes, goes on as if nothing had happened.
 *
 * <p>This is stop-and-copy: the guest is paused for the whole transfer and the restore, which is the
 * downtime reported. There is no pre-copy of RAM while the guest runs.
 *
 * <p>After the snapshot's end marker the target sends the one byte {@link #ACK} once its machine holds the
 * state; a target that fails closes the connection instead (its own error says why).
 */
public final class Migration {
    /** The target's acknowledgement: the machine is restored and about to run. */
    static final int ACK = 'R';
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    /** How long the source waits for the acknowledgement after its last byte: the target's restore. */
    private static final int ACK_TIMEOUT_MILLIS = 120_000;

    /** Where a migration goes or comes from: {@code tcp:[HOST]:PORT}, HOST the loopback address when left out. */
    public record Endpoint(InetSocketAddress address) {
        /** Checked: an IllegalArgumentException says in one line what is wrong. */
        public static Endpoint parse(String uri) {
            if (!uri.startsWith("tcp:")) throw new IllegalArgumentException("use tcp:[HOST]:PORT (the only transport)");
            InetSocketAddress a = TcpListenAddress.parse(uri.substring(4));
            if (a.getPort() == 0) throw new IllegalArgumentException("port 0: name the port");
            return new Endpoint(a);
        }

        @Override
        public String toString() { return "tcp:" + address.getHostString() + ":" + address.getPort(); }
    }

    /** QEMU's migration states, as {@code query-migrate} reports them. */
    public enum Status {
        NONE("none"), ACTIVE("active"), COMPLETED("completed"), FAILED("failed");

        public final String qmpName;

        Status(String qmpName) { this.qmpName = qmpName; }
    }

    /** The source's side of one migration: its state, and its figures once it ended. */
    public static final class Outgoing {
        private final Machine machine;
        private final Endpoint to;
        private final Consumer<String> report;
        private volatile Status status = Status.ACTIVE;
        private volatile long bytes, totalMillis, downtimeMillis;
        private volatile String error;

        private Outgoing(Machine machine, Endpoint to, Consumer<String> report) {
            this.machine = machine;
            this.to = to;
            this.report = report;
        }

        public Status status() { return status; }

        public long bytes() { return bytes; }

        public long totalMillis() { return totalMillis; }

        /** Paused to acknowledged: how long the guest ran nowhere. */
        public long downtimeMillis() { return downtimeMillis; }

        public String error() { return error; }

        private void run() {
            long start = System.nanoTime();
            boolean paused = false;
            try (Socket s = new Socket()) {
                s.connect(to.address(), CONNECT_TIMEOUT_MILLIS);
                s.setTcpNoDelay(true);
                CountingOutputStream out = new CountingOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
                long pausedAt = System.nanoTime();
                paused = true;
                MachineSnapshot.pauseAndWrite(machine, out);
                s.shutdownOutput();
                s.setSoTimeout(ACK_TIMEOUT_MILLIS);
                int ack = s.getInputStream().read();
                if (ack != ACK) throw new IOException("the target closed the connection without taking the guest (see its own error)");
                long now = System.nanoTime();
                bytes = out.count;
                downtimeMillis = (now - pausedAt) / 1_000_000;
                totalMillis = (now - start) / 1_000_000;
                status = Status.COMPLETED;
                report.accept(String.format(Locale.ROOT, "migrated to %s: %.1f MiB in %d ms, downtime %d ms; exiting",
                        to, bytes / 1048576.0, totalMillis, downtimeMillis));
                machine.requestPowerOff("the guest migrated to " + to);
            } catch (IOException | RuntimeException e) {
                error = (e instanceof SocketTimeoutException ? "the target did not acknowledge within " + ACK_TIMEOUT_MILLIS / 1000 + " s"
                        : e.getMessage() == null ? e.toString() : e.getMessage());
                status = Status.FAILED;
                if (paused) MachineSnapshot.resumeAfterWrite(machine);
                report.accept("migration to " + to + " failed, the guest goes on here: " + error);
            } finally {
                if (totalMillis == 0) totalMillis = (System.nanoTime() - start) / 1_000_000;
            }
        }
    }

    private Migration() {}

    /**
     * Starts moving {@code machine} (running or paused) to {@code to} on a thread of its own; {@code report}
     * gets one line when it ends.
     */
    public static Outgoing start(Machine machine, Endpoint to, Consumer<String> report) {
        Outgoing o = new Outgoing(machine, to, report);
        Thread t = new Thread(o::run, "migration-out");
        t.setDaemon(true);
        t.start();
        return o;
    }

    /**
     * The target's side: listens at {@code at}, takes one connection and restores {@code machine} (built,
     * not started) from it, then acknowledges. Returns the milliseconds from the connection to the
     * acknowledgement. A bad stream is a {@link SnapshotFormatException}, as for a file.
     */
    public static long receive(Machine machine, Endpoint at, Consumer<String> listening) throws IOException {
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(at.address(), 1);
            listening.accept("waiting for an incoming migration on " + at);
            try (Socket s = server.accept()) {
                long start = System.nanoTime();
                s.setTcpNoDelay(true);
                InputStream in = new BufferedInputStream(s.getInputStream(), 1 << 16);
                MachineSnapshot.restore(machine, in);
                OutputStream out = s.getOutputStream();
                out.write(ACK);
                out.flush();
                return (System.nanoTime() - start) / 1_000_000;
            }
        }
    }

    /** Counts what passes, for the figures. */
    private static final class CountingOutputStream extends java.io.FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) { super(out); }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
