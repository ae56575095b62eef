package armvmm.isa.mem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import armvmm.machine.PowerEvent;
import armvmm.tcg.testing.BareMetal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The self-checking MMU programs of guests/mmu on the TCG CPU with its Mmu: they build translation tables in
 * both formats and check translations, fault status and address registers, PAR, TLB maintenance and ASIDs
 * from inside the guest (their expected values are also confirmed on qemu-system-arm, "make qemu"). Each
 * prints PASS and exits 0, or prints FAIL with the number of the failed check and exits 1.
 */
class MmuProgramsTest {
    @ParameterizedTest
    @ValueSource(strings = {"short_desc", "long_desc"})
    void programPasses(String name) throws Exception {
        BareMetal.Result r = BareMetal.run(BareMetal.guests().resolve("mmu").resolve(name + ".bin"), 10_000);
        assertEquals(PowerEvent.Kind.POWER_OFF, r.event().kind(), () -> name + ": " + r.event() + ", output: " + r.output());
        assertEquals("PASS\n", r.output(), name);
        assertEquals(0, r.exitCode(), name);
    }
}
