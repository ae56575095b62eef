package armvmm.kvm.nested;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real arm64 KVM host for tests: scripts/kvm-host/run boots Debian 12's arm64 kernel under
 * qemu-system-aarch64 with virtualization on and runs a shell command there, with this module's test class
 * path (the whole VMM, boards and devices included) as the {@code vmm} command and the native shim
 * cross-built for arm64. A run costs about a minute plus what the command takes.
 */
public final class NestedKvmHost {
    private NestedKvmHost() {}

    /** What a run printed: the host's serial console, which carries the command's stdout and stderr. */
    public record Result(int exitCode, String console) {
        private static final Pattern EXIT = Pattern.compile("(?m)^ARMVMM-HOST-EXIT (\\d+)");

        /** Whether the command ran to its end inside the host (the init printed its exit status). */
        public boolean commandFinished() { return EXIT.matcher(console).find(); }

        /** The text between the lines {@code === BEGIN name} and {@code === END name}, or "" when absent. */
        public String section(String name) {
            Matcher m = Pattern.compile("(?s)=== BEGIN " + Pattern.quote(name) + "\\n(.*?)=== END " + Pattern.quote(name)).matcher(console);
            return m.find() ? m.group(1) : "";
        }
    }

    /** A shell snippet that runs {@code body} between the section markers {@link Result#section} finds. */
    public static String section(String name, String body) {
        return "echo '=== BEGIN " + name + "'\n" + body + "\necho '=== END " + name + "'\n";
    }

    /** Empty when a nested host can be started here, otherwise why not (for a skipped test's message). */
    public static Optional<String> unavailableReason() {
        if (!onPath("qemu-system-aarch64"))
            return Optional.of("qemu-system-aarch64 is not installed (Debian package qemu-system-arm; scripts/install-test-deps installs it as root)");
        if (!onPath("aarch64-linux-gnu-gcc"))
            return Optional.of("aarch64-linux-gnu-gcc is not installed (Debian packages gcc-aarch64-linux-gnu libc6-dev-arm64-cross), needed for the arm64 native shim");
        for (String tool : new String[] {"apt-get", "dpkg-deb", "mkfs.ext4", "python3"})
            if (!onPath(tool)) return Optional.of(tool + " is not installed: the nested host is assembled from Debian packages");
        return Optional.empty();
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":"))
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) return true;
        return false;
    }

    /** The repository root: the first folder above the working directory holding scripts/kvm-host/run. */
    public static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent())
            if (Files.isRegularFile(p.resolve("scripts/kvm-host/run"))) return p;
        throw new IllegalStateException("scripts/kvm-host/run not found above " + Path.of("").toAbsolutePath());
    }

    /** The class path this test runs with (surefire hands the real one over in a property). */
    static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /**
     * Runs {@code script} in a fresh host with {@code files} under /opt/armvmm/files and the armhf guest of
     * scripts/fetch-guest (fetched first if need be) under /opt/armvmm/guest; waits at most
     * {@code timeout} (the host is killed then, and the result has exit code 124).
     */
    public static Result run(String script, List<Path> files, Duration timeout) throws IOException, InterruptedException {
        return run(script, files, timeout, 2);
    }

    /** As {@link #run(String, List, Duration)}, on a host whose GIC (and so whose KVM's vGIC) is version {@code gicVersion}. */
    public static Result run(String script, List<Path> files, Duration timeout, int gicVersion) throws IOException, InterruptedException {
        Path root = repoRoot();
        List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("scripts/kvm-host/run").toString(),
                "--classpath", testClassPath(), "--with-guest", "--timeout", Long.toString(timeout.toSeconds()),
                "--gic-version", Integer.toString(gicVersion)));
        for (Path f : files) cmd.addAll(List.of("--file", f.toString()));
        cmd.add("--");
        cmd.add(script);
        Process p = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // the process died: what was read so far is the result
            }
        }, "nested-kvm-host-output");
        reader.start();
        // the script enforces the timeout itself; the margin covers preparing the images
        if (!p.waitFor(timeout.toSeconds() + 300, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
        }
        reader.join(10_000);
        String console;
        synchronized (out) {
            // serial line ends arrive as CR LF (the guest's, then the host tty's): lines are compared without CRs
            console = out.toString(StandardCharsets.UTF_8).replace("\r", "");
        }
        return new Result(p.exitValue(), console);
    }
}
