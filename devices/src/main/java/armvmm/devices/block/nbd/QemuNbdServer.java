package armvmm.devices.block.nbd;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An image served by QEMU's qemu-nbd (Debian's qemu-utils) on a UNIX socket in a private directory
 * (mode 0700, removed at close), for this VMM only: the format (qcow2, raw, ...) and backing files are
 * qemu's business, the VMM speaks NBD to it ({@link NbdClient}).
 *
 * <p>The helper never outlives the VMM. It is not told to fork or persist, so it exits by itself when its
 * one client disconnects, which the kernel does for a VMM that dies; it is started through
 * {@code setpriv --pdeathsig KILL} from a thread that lives exactly as long as it, so that the kernel kills
 * it when the VMM's process goes, even before it has a client; a JVM shutdown hook stops it on the exits that
 * skip {@link #close()}; and {@link #close()} waits for it to finish writing the image (qemu-nbd flushes and
 * closes it cleanly when the client leaves) before asking it with SIGTERM, then SIGKILL.
 */
public final class QemuNbdServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QemuNbdServer.class);

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

    private final Path dir, socket, log_;
    private final Process process;
    private final Thread shutdownHook;
    private final List<String> command;
    private boolean closed;
    private volatile boolean connected, failureReported;

    private QemuNbdServer(Path dir, Path socket, Path logFile, Process process, List<String> command) {
        this.dir = dir;
        this.socket = socket;
        this.log_ = logFile;
        this.process = process;
        this.command = command;
        this.shutdownHook = new Thread(this::stopAtJvmExit, "qemu-nbd stop " + process.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Where qemu-nbd is: {@link #EXECUTABLE_PROPERTY}, else the first on PATH; empty when it is not installed. */
    public static Optional<Path> executable() {
        String override = System.getProperty(EXECUTABLE_PROPERTY);
        if (override != null) return Files.isExecutable(Path.of(override)) ? Optional.of(Path.of(override)) : Optional.empty();
        return onPath("qemu-nbd");
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String d : path.split(File.pathSeparator)) {
            if (d.isEmpty()) continue;
            Path p = Path.of(d, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /**
     * Starts qemu-nbd on {@code o.image()} and waits until its socket takes connections. Failures are
     * IOExceptions of one line: qemu-nbd missing (with how to install it), or qemu-nbd's own complaint.
     */
    public static QemuNbdServer start(Options o) throws IOException {
        Path exe = executable().orElseThrow(() -> new IOException("qemu-nbd is not installed (" + INSTALL_HINT + ")"));
        Path dir = Files.createTempDirectory(shortTempRoot(), "armvmm-nbd-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path socket = dir.resolve("nbd.sock"), logFile = dir.resolve("qemu-nbd.log");
        List<String> cmd = new ArrayList<>();
        onPath("setpriv").ifPresent(sp -> cmd.addAll(List.of(sp.toString(), "--pdeathsig", "KILL", "--")));
        cmd.addAll(List.of(exe.toString(), "--socket=" + socket, "--export-name=" + EXPORT_NAME, "--format=" + o.format(),
                "--cache=writeback", "--shared=1"));
        if (o.readOnly()) cmd.add("--read-only");
        else cmd.add("--discard=unmap");
        if (o.snapshot()) cmd.add("--snapshot");
        cmd.add(o.image().toAbsolutePath().toString());

        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("TMPDIR", dir.toString()); // where --snapshot puts its overlay
        CompletableFuture<Process> started = new CompletableFuture<>();
        // The thread that starts the helper is its parent for PR_SET_PDEATHSIG: it stays until the helper exits.
        Thread waiter = new Thread(() -> {
            Process p;
            try {
                p = pb.start();
            } catch (IOException | RuntimeException e) {
                started.completeExceptionally(e);
                return;
            }
            started.complete(p);
            while (true) {
                try {
                    p.waitFor();
                    return;
                } catch (InterruptedException e) {
                    // only the helper's exit ends this thread
                }
            }
        }, "qemu-nbd " + o.image().getFileName());
        waiter.setDaemon(true);
        waiter.start();
        Process p;
        try {
            p = started.get();
        } catch (ExecutionException e) {
            deleteTree(dir);
            throw new IOException("cannot start " + exe + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deleteTree(dir);
            throw new IOException("interrupted while starting qemu-nbd");
        }
        QemuNbdServer s = new QemuNbdServer(dir, socket, logFile, p, cmd);
        try {
            s.awaitSocket();
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** UNIX socket paths are limited to 107 bytes: a long java.io.tmpdir gives way to /tmp. */
    private static Path shortTempRoot() {
        Path t = Path.of(System.getProperty("java.io.tmpdir"));
        return t.toString().length() <= 60 ? t : Path.of("/tmp");
    }

    private void awaitSocket() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (!Files.exists(socket)) {
            if (!process.isAlive()) throw new IOException(failure());
            if (System.nanoTime() > deadline) throw new IOException("qemu-nbd did not open its socket in " + START_TIMEOUT_MS / 1000 + " s");
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for qemu-nbd");
            }
        }
    }

    /**
     * Connects the VMM's client (the server takes one). qemu-nbd listens before it opens the image, so this is
     * where a bad image shows: the failure then carries qemu-nbd's complaint.
     */
    public NbdClient connect() throws IOException {
        try {
            NbdClient c = NbdClient.connect(socket, EXPORT_NAME);
            connected = true;
            return c;
        } catch (IOException e) {
            try {
                process.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            if (!process.isAlive()) throw new IOException(failure(), e);
            throw e;
        }
    }

    public long pid() { return process.pid(); }

    public boolean isAlive() { return process.isAlive(); }

    public Path socket() { return socket; }

    /** qemu-nbd's exit status and the last line it printed: why it ended. */
    private String failure() {
        failureReported = true;
        String last = lastLine();
        int status = process.exitValue();
        return last.isEmpty() ? "qemu-nbd exited with status " + status : last.startsWith("qemu-nbd") ? last : "qemu-nbd: " + last;
    }

    private String lastLine() {
        try {
            List<String> lines = Files.readAllLines(log_, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) if (!lines.get(i).isBlank()) return lines.get(i).strip();
        } catch (IOException ignored) {
            // no log: nothing to add
        }
        return "";
    }

    /**
     * After the client has disconnected: waits for qemu-nbd to finish (it writes back its caches and closes
     * the image; at once if no client ever came), then SIGTERM, then SIGKILL; removes the private directory.
     */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyExiting) {
            // the hook runs or has run
        }
        stop(connected ? EXIT_TIMEOUT_MS : 0);
        int status = process.isAlive() ? -1 : process.exitValue();
        if (status != 0 && status != 143 && !failureReported) log.warn("qemu-nbd for {} ended with status {}: {}", command.get(command.size() - 1), status, lastLine());
        deleteTree(dir);
    }

    private void stop(long graceMs) {
        try {
            if (process.waitFor(graceMs, TimeUnit.MILLISECONDS)) return;
            log.debug("stopping qemu-nbd {} with SIGTERM", process.pid());
            // A SIGTERM that arrives while qemu-nbd is still starting up is lost: repeat it.
            for (int i = 0; i < 50; i++) {
                process.destroy();
                if (process.waitFor(100, TimeUnit.MILLISECONDS)) return;
            }
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** At a JVM exit that did not close the machine: ask qemu-nbd to stop now (it still closes the image cleanly). */
    private void stopAtJvmExit() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        stop(0);
        deleteTree(dir);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
