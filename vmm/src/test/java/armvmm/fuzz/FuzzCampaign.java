package armvmm.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The suite's bounded random run of a fuzz target: {@code executions} random inputs from a printed seed, each
 * held to a time and an allocation bound, stopping early when the whole run passes its wall-clock cap (a
 * loaded machine runs fewer, never longer). The coverage-guided run of the same target is its Jazzer
 * {@code @FuzzTest} (bench/fuzz); this is the part that runs on every build.
 *
 * <p>{@code -Darmvmm.fuzz.seed=N} replays a run. A failing input is written to
 * {@code target/fuzz-findings/NAME-SEED-INDEX.bin}: copy it into the target's {@code ...Inputs/METHOD}
 * resource directory to keep it as a regression input.
 */
public final class FuzzCampaign {
    /** What one input may cost: generous for a loaded 2-core host, far below what a runaway loop or allocation takes. */
    public static final Duration PER_INPUT = Duration.ofSeconds(2);
    public static final long PER_INPUT_ALLOCATION = 256L << 20;

    private FuzzCampaign() {}

    public interface Target {
        void run(byte[] input) throws Exception;
    }

    /** Random inputs of 0..maxLength bytes; returns how many ran. */
    public static int run(String name, int executions, int maxLength, Duration cap, Target target) {
        long seed = Long.getLong("armvmm.fuzz.seed", System.nanoTime());
        System.out.printf("fuzz %s: seed %d (-Darmvmm.fuzz.seed=%d replays)%n", name, seed, seed);
        Random r = new Random(seed);
        long deadline = System.nanoTime() + cap.toNanos();
        int i = 0;
        for (; i < executions && System.nanoTime() < deadline; i++) {
            byte[] input = new byte[r.nextInt(maxLength + 1)];
            r.nextBytes(input);
            one(name, seed, i, input, target);
        }
        System.out.printf("fuzz %s: %d inputs, no finding%n", name, i);
        return i;
    }

    /** One input under the per-input bounds; a failure names the seed and index and keeps the input. */
    public static void one(String name, long seed, int index, byte[] input, Target target) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long allocated0 = threads.getThreadAllocatedBytes(tid);
        long t0 = System.nanoTime();
        try {
            target.run(input);
        } catch (Throwable t) {
            throw new AssertionError(finding(name, seed, index, input, t.toString()), t);
        }
        long took = System.nanoTime() - t0;
        long allocated = threads.getThreadAllocatedBytes(tid) - allocated0;
        if (took > PER_INPUT.toNanos())
            throw new AssertionError(finding(name, seed, index, input, "took " + took / 1_000_000 + " ms"));
        if (allocated > PER_INPUT_ALLOCATION)
            throw new AssertionError(finding(name, seed, index, input, "allocated " + (allocated >> 20) + " MiB"));
    }

    private static String finding(String name, long seed, int index, byte[] input, String what) {
        Path file = Path.of("target", "fuzz-findings", name + "-" + seed + "-" + index + ".bin");
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String hex = input.length <= 64 ? " " + HexFormat.of().formatHex(input) : "";
        return String.format("fuzz %s: seed %d input %d (%d bytes%s, kept in %s): %s", name, seed, index, input.length, hex, file, what);
    }
}
