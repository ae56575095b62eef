package armvmm.tcg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import armvmm.tcg.testing.BareMetal;
import armvmm.tcg.testing.Tools;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The expected values the unprivileged CPU test programs check are the architecture's: the same programs,
 * built as Linux user-mode executables, pass on qemu-arm (the correctness oracle). Skipped, saying why, when
 * the toolchain or qemu-arm is not installed.
 */
class QemuOracleTest {
    @ParameterizedTest
    @ValueSource(strings = {"a32_integer", "t32_integer", "exclusive", "bench_loop", "bench_vfp", "bench_calls"})
    void programPassesOnQemu(String name, @TempDir Path tmp) throws Exception {
        boolean tools = Tools.onPath("arm-none-eabi-gcc") && Tools.onPath("make") && Tools.onPath("qemu-arm");
        if (!tools) System.out.println("QemuOracleTest skipped: arm-none-eabi-gcc, make or qemu-arm is not installed");
        Assumptions.assumeTrue(tools, "arm-none-eabi-gcc, make or qemu-arm is not installed");

        Path dir = tmp.resolve("guests").resolve("cpu");
        Tools.copyTree(BareMetal.guests(), tmp.resolve("guests")); // the programs share ../testio.S
        Tools.Run build = Tools.run(dir, 60, List.of("make", "-s", name + "-user.elf"));
        assertEquals(0, build.exitCode(), build.output());
        Tools.Run run = Tools.run(dir, 60, List.of("qemu-arm", "-cpu", "cortex-a15", name + "-user.elf"));
        assertEquals("PASS\n", run.output(), name + " on qemu-arm");
        assertEquals(0, run.exitCode(), name + " on qemu-arm");
    }
}
