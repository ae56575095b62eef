package armvmm.tcg.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Host tools the guest-program tests use when installed (arm-none-eabi-gcc, make, qemu-arm). */
public final class Tools {
    private Tools() {}

    public static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) return true;
        }
        return false;
    }

    /** Skips the calling test, printing why, unless every tool is on the PATH. */
    public static void assumeOnPath(String test, String... tools) {
        List<String> missing = java.util.Arrays.stream(tools).filter(t -> !onPath(t)).toList();
        if (!missing.isEmpty()) System.out.println(test + " skipped: not installed: " + String.join(", ", missing));
        org.junit.jupiter.api.Assumptions.assumeTrue(missing.isEmpty(), () -> "not installed: " + String.join(", ", missing));
    }

    public record Run(int exitCode, String output) {}

    /** Runs a command in {@code dir}, output and errors merged, with a time limit. */
    public static Run run(Path dir, long timeoutSeconds, List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Run(-1, "timed out: " + command);
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** Copies a directory tree (for building guest programs away from the repository). */
    public static void copyTree(Path from, Path to) throws IOException {
        try (var s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
    }
}
