package armvmm.devices.host;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host program the VMM runs for one of its devices (qemu-nbd for a qcow2 disk, passt for user-mode
 * networking), in a private directory (mode 0700, where its socket goes; removed at close), that never
 * outlives the VMM: it is started through {@code setpriv --pdeathsig KILL} from a thread that lives exactly
 * as long as it, so the kernel kills it when the VMM's process goes, however it goes; a JVM shutdown hook
 * stops it on the exits that skip {@link #close}; the caller should also pick the program's own "exit when
 * the client leaves" mode. Its stdout and stderr go to a log in the directory, whose last line is what
 * {@link #failure()} reports.
 */
public final class HelperProcess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HelperProcess.class);

    private final String name;
    private final Path dir, logFile;
    private final Process process;
    private final Thread shutdownHook;
    private boolean closed;
    private volatile boolean failureReported;

    private HelperProcess(String name, Path dir, Path logFile, Process process) {
        this.name = name;
        this.dir = dir;
        this.logFile = logFile;
        this.process = process;
        this.shutdownHook = new Thread(this::stopAtJvmExit, name + " stop " + process.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** The first executable {@code program} on PATH. */
    public static Optional<Path> onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String d : path.split(File.pathSeparator)) {
            if (d.isEmpty()) continue;
            Path p = Path.of(d, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /**
     * A new directory only this user can enter, with a path short enough for UNIX sockets inside it (107
     * bytes). It names its VMM (pid and start time, in {@value #OWNER_FILE}), so that the directories of
     * VMMs that were killed, which nobody removed, are removed here.
     */
    public static Path privateDirectory(String prefix) throws IOException {
        Path t = Path.of(System.getProperty("java.io.tmpdir"));
        Path root = t.toString().length() <= 60 ? t : Path.of("/tmp");
        removeOrphans(root, prefix);
        Path dir = Files.createTempDirectory(root, prefix, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.writeString(dir.resolve(OWNER_FILE), owner(ProcessHandle.current()));
        return dir;
    }

    static final String OWNER_FILE = "vmm.owner";

    private static String owner(ProcessHandle p) {
        return p.pid() + " " + p.info().startInstant().map(Object::toString).orElse("?");
    }

    /** Removes {@code root/prefix*} directories whose owner file names a process that no longer runs. */
    static void removeOrphans(Path root, String prefix) {
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(d -> d.getFileName().toString().startsWith(prefix) && Files.isDirectory(d)).forEach(d -> {
                try {
                    String[] o = Files.readString(d.resolve(OWNER_FILE)).split(" ", 2);
                    Optional<ProcessHandle> p = ProcessHandle.of(Long.parseLong(o[0]));
                    if (p.isEmpty() || !p.get().isAlive() || !owner(p.get()).equals(o[0] + " " + o[1])) deleteTree(d);
                } catch (IOException | RuntimeException notOurs) {
                    // no owner file (not made here) or not readable: left alone
                }
            });
        } catch (IOException ignored) {
            // nothing to sweep
        }
    }

    /**
     * Starts {@code argv} with {@code env} added to the environment, its directory {@code dir} (from
     * {@link #privateDirectory}), which this object owns from now on, also on failure.
     */
    public static HelperProcess start(String name, Path dir, List<String> argv, Map<String, String> env) throws IOException {
        Path logFile = dir.resolve(name + ".log");
        List<String> cmd = new ArrayList<>();
        onPath("setpriv").ifPresent(sp -> cmd.addAll(List.of(sp.toString(), "--pdeathsig", "KILL", "--")));
        cmd.addAll(argv);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
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
        }, name + " " + dir.getFileName());
        waiter.setDaemon(true);
        waiter.start();
        try {
            return new HelperProcess(name, dir, logFile, started.get());
        } catch (ExecutionException e) {
            deleteTree(dir);
            throw new IOException("cannot start " + argv.get(0) + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deleteTree(dir);
            throw new IOException("interrupted while starting " + name);
        }
    }

    public Path directory() { return dir; }

    public long pid() { return process.pid(); }

    public boolean isAlive() { return process.isAlive(); }

    /** Waits until {@code file} exists (a socket the helper binds), failing with {@link #failure()} if the helper exits first. */
    public void awaitFile(Path file, long timeoutMs) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!Files.exists(file)) {
            if (!process.isAlive()) throw new IOException(failure());
            if (System.nanoTime() > deadline) throw new IOException(name + " did not create " + file.getFileName() + " in " + timeoutMs / 1000 + " s");
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + name);
            }
        }
    }

    /** Whether the helper has exited within {@code ms}. */
    public boolean exited(long ms) {
        try {
            return process.waitFor(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /**
     * Why the helper ended, in one line: the last line it printed (prefixed with its name unless it is
     * already), or its exit status. Once a failure has been reported this way, {@link #close} logs nothing more.
     */
    public String failure() {
        failureReported = true;
        String last = lastLine();
        String status = process.isAlive() ? "is still running" : "exited with status " + process.exitValue();
        return last.isEmpty() ? name + " " + status : last.startsWith(name) ? last : name + ": " + last;
    }

    private String lastLine() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) if (!lines.get(i).isBlank()) return lines.get(i).strip();
        } catch (IOException ignored) {
            // no log: nothing to add
        }
        return "";
    }

    /**
     * Waits up to {@code graceMs} for the helper to end by itself (a server whose client has gone finishes
     * its writes and exits), then SIGTERM, then SIGKILL; removes the private directory.
     */
    public synchronized void close(long graceMs) {
        if (closed) return;
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyExiting) {
            // the hook runs or has run
        }
        stop(graceMs);
        int status = process.isAlive() ? -1 : process.exitValue();
        if (status != 0 && status != 143 && !failureReported) log.warn("{} ended with status {}: {}", name, status, lastLine());
        deleteTree(dir);
    }

    /** {@link #close(long)} without waiting for the helper to end by itself. */
    @Override
    public void close() { close(0); }

    private void stop(long graceMs) {
        try {
            if (process.waitFor(graceMs, TimeUnit.MILLISECONDS)) return;
            log.debug("stopping {} {} with SIGTERM", name, process.pid());
            // A SIGTERM that arrives while the helper is still starting up may be lost (qemu-nbd's is): repeat it.
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

    /** At a JVM exit that did not close the machine: ask the helper to stop now (qemu-nbd still closes its image cleanly). */
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
