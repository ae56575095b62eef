package armvmm.tcg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import armvmm.machine.PowerEvent;
import armvmm.tcg.testing.BareMetal;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The self-checking bare-metal programs of guests/cpu on the TCG CPU: each checks its results itself and
 * reports PASS with exit code 0, or FAIL with the number of the failed check and exit code 1.
 */
class CpuProgramsTest {
    /** Interpreted only (threshold 0: no block becomes JVM code), the reference. */
    @ParameterizedTest
    @ValueSource(strings = {"a32_integer", "t32_integer", "exclusive", "exceptions", "modes", "bench_loop", "bench_vfp", "bench_calls", "selfmod", "priv_exec", "thumb_vectors", "asid_switch"})
    void programPasses(String name) throws Exception {
        BareMetal.Result r = BareMetal.run(BareMetal.guests().resolve("cpu").resolve(name + ".bin"), 10_000, 0);
        assertEquals(PowerEvent.Kind.POWER_OFF, r.event().kind(), () -> name + ": " + r.event() + ", output: " + r.output());
        assertEquals("PASS\n", r.output(), name);
        assertEquals(0, r.exitCode(), name);
    }

    /** The same programs with every block compiled to bytecode the first time it runs. */
    @ParameterizedTest
    @ValueSource(strings = {"a32_integer", "t32_integer", "exclusive", "exceptions", "modes", "bench_loop", "bench_vfp", "bench_calls", "selfmod", "priv_exec", "thumb_vectors", "asid_switch"})
    void programPassesCompiled(String name) throws Exception {
        BareMetal.Result r = BareMetal.run(BareMetal.guests().resolve("cpu").resolve(name + ".bin"), 20_000, 1);
        assertEquals(PowerEvent.Kind.POWER_OFF, r.event().kind(), () -> name + ": " + r.event() + ", output: " + r.output());
        assertEquals("PASS\n", r.output(), name);
        assertEquals(0, r.exitCode(), name);
    }

    /** Each vCPU a host thread: LDREX/STREX on one counter from all of them, the sum checked by CPU 0. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void vcpusNeverLoseAnAtomicIncrement(int cpus) throws Exception {
        byte[] image = Files.readAllBytes(BareMetal.cpuImage("smp_atomic"));
        try (var s = new BareMetal.Session(image, (int) BareMetal.RAM_BASE, cpus)) {
            PowerEvent e = s.machine.run(20_000);
            assertEquals(PowerEvent.Kind.POWER_OFF, e.kind(), () -> e + ", output: " + s.device.output());
            assertEquals("PASS\n", s.device.output());
        }
    }
}
