package armvmm.devices.block.nbd;

import armvmm.devices.host.HelperProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An image served by QEMU's qemu-nbd (Debian's qemu-utils) on a UNIX socket in a private directory, for
 * this VMM only: the format (qcow2, raw, ...) and backing files are qemu's business, the VMM speaks NBD
 * to it ({@link NbdClient}).
 *
 * <p>The helper never outlives the VMM ({@link HelperProcess}: setpriv --pdeathsig, a shutdown hook); and
 * qemu-nbd is not told to fork or persist, so it also exits by itself when its one client disconnects.
 * {@link #close()} waits for that (qemu-nbd flushes and closes the image cleanly when the client leaves)
 * before asking it with SIGTERM, then SIGKILL.
 */
public final class QemuNbdServer implements AutoCloseable {
    /** Overrides where qemu-nbd is looked for (tests use it to see the message for a missing one). */
    public static final String EXECUTABLE_PROPERTY = "armvmm.qemu-nbd";
    public static final String INSTALL_HINT = "apt-get install qemu-utils";
    static final String EXPORT_NAME = "armvmm";
    static final long START_TIMEOUT_MS = 15_000, EXIT_TIMEOUT_MS = 10_000;

    /**
     * @param format   qemu's format name (qcow2, raw)
     * @param snapshot writes go to a temporary overlay that is discarded when the server exits (qemu-nbd --snapshot)
     */
    public record Options(Path image, String format, boolean readOnly, boolean snapshot) {}

    private final HelperProcess helper;
    private final Path socket;
    private volatile boolean connected;

    private QemuNbdServer(HelperProcess helper, Path socket) {
        this.helper = helper;
        this.socket = socket;
    }

    /** Where qemu-nbd is: {@link #EXECUTABLE_PROPERTY}, else the first on PATH; empty when it is not installed. */
    public static Optional<Path> executable() {
        String override = System.getProperty(EXECUTABLE_PROPERTY);
        if (override != null) return Files.isExecutable(Path.of(override)) ? Optional.of(Path.of(override)) : Optional.empty();
        return HelperProcess.onPath("qemu-nbd");
    }

    /**
     * Starts qemu-nbd on {@code o.image()} and waits until its socket exists. Failures are IOExceptions of
     * one line: qemu-nbd missing (with how to install it), or qemu-nbd's own complaint.
     */
    public static QemuNbdServer start(Options o) throws IOException {
        Path exe = executable().orElseThrow(() -> new IOException("qemu-nbd is not installed (" + INSTALL_HINT + ")"));
        Path dir = HelperProcess.privateDirectory("armvmm-nbd-");
        Path socket = dir.resolve("nbd.sock");
        List<String> cmd = new ArrayList<>(List.of(exe.toString(), "--socket=" + socket, "--export-name=" + EXPORT_NAME,
                "--format=" + o.format(), "--cache=writeback", "--shared=1"));
        if (o.readOnly()) cmd.add("--read-only");
        else cmd.add("--discard=unmap");
        if (o.snapshot()) cmd.add("--snapshot");
        cmd.add(o.image().toAbsolutePath().toString());
        // TMPDIR: where --snapshot puts its overlay, removed with the directory
        HelperProcess helper = HelperProcess.start("qemu-nbd", dir, cmd, Map.of("TMPDIR", dir.toString()));
        try {
            helper.awaitFile(socket, START_TIMEOUT_MS);
            return new QemuNbdServer(helper, socket);
        } catch (IOException | RuntimeException e) {
            helper.close();
            throw e;
        }
    }

    /**
     * Connects the VMM's client (the server takes one). qemu-nbd listens before it opens the image, so this is
     * where a bad image shows: the failure then carries qemu-nbd's complaint.
     */
    public NbdClient connect() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT_MS * 1_000_000L;
        while (true) {
            try {
                NbdClient c = NbdClient.connect(socket, EXPORT_NAME);
                connected = true;
                return c;
            } catch (java.net.ConnectException refused) {
                // The socket file appears at qemu-nbd's bind(), before its listen(): a refusal in between (seen on
                // a loaded host) is not its answer yet, unless it has gone.
                if (helper.exited(0)) throw new IOException(helper.failure(), refused);
                if (System.nanoTime() > deadline) throw refused;
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw refused;
                }
            } catch (IOException e) {
                if (helper.exited(2000)) throw new IOException(helper.failure(), e);
                throw e;
            }
        }
    }

    public long pid() { return helper.pid(); }

    public boolean isAlive() { return helper.isAlive(); }

    public Path socket() { return socket; }

    /**
     * After the client has disconnected: waits for qemu-nbd to finish (it writes back its caches and closes
     * the image; at once if no client ever came), then SIGTERM, then SIGKILL; removes the private directory.
     */
    @Override
    public void close() { helper.close(connected ? EXIT_TIMEOUT_MS : 0); }
}
