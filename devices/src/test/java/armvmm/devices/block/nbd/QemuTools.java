package armvmm.devices.block.nbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** qemu-img and qemu-io (Debian's qemu-utils), for tests that make images and check what is in them. */
public final class QemuTools {
    private QemuTools() {}

    public static boolean installed() {
        return QemuNbdServer.executable().isPresent() && Files.isExecutable(Path.of("/usr/bin/qemu-img"))
                && Files.isExecutable(Path.of("/usr/bin/qemu-io"));
    }

    public static String missing() { return "qemu-nbd, qemu-img and qemu-io are not installed (" + QemuNbdServer.INSTALL_HINT + ")"; }

    /** Runs a command; returns its output (stdout and stderr); fails the test on a non-zero exit unless {@code mayFail}. */
    public static Result run(boolean mayFail, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + ": still running after 120 s");
        }
        Result r = new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        if (!mayFail) assertEquals(0, r.status(), String.join(" ", cmd) + ":\n" + r.output());
        return r;
    }

    public static String run(String... cmd) throws IOException, InterruptedException { return run(false, cmd).output(); }

    public record Result(int status, String output) {}

    /** A new qcow2 image of {@code size} (e.g. "16M"), on {@code backing} (a raw image) when that is not null. */
    public static Path qcow2(Path file, String size, Path backing) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("qemu-img", "create", "-q", "-f", "qcow2"));
        if (backing != null) cmd.addAll(List.of("-b", backing.toAbsolutePath().toString(), "-F", "raw"));
        cmd.add(file.toString());
        if (size != null) cmd.add(size);
        run(cmd.toArray(String[]::new));
        return file;
    }

    /** The guest-visible bytes of an image of any format, through qemu-img convert to raw. */
    public static byte[] contents(Path image, String format, Path scratch) throws IOException, InterruptedException {
        Path raw = scratch.resolve(image.getFileName() + ".converted.raw");
        run("qemu-img", "convert", "-f", format, "-O", "raw", image.toString(), raw.toString());
        byte[] b = Files.readAllBytes(raw);
        Files.delete(raw);
        return b;
    }

    /** {@code qemu-img check}'s output for a qcow2 image (the test fails on a non-zero exit, which a corrupt image gives). */
    public static String check(Path qcow2) throws IOException, InterruptedException {
        return run("qemu-img", "check", "-f", "qcow2", qcow2.toString());
    }

    /** No process has {@code image} on its command line (qemu-nbd's last argument): no helper was left behind. */
    public static void assertNoHelperFor(Path image) {
        String path = image.toAbsolutePath().toString();
        Optional<ProcessHandle> left = ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains(path)).orElse(false)).findAny();
        assertTrue(left.isEmpty(), "still running: " + left.map(p -> p.pid() + " " + p.info()).orElse(""));
    }
}
