package armvmm.tcg.difftest;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A bounded random differential run against qemu-arm, when it is installed (bin/test installs it). The
 * seed is printed so a failure can be replayed with DiffTool; set -Ddifftest.seed=N to fix it and
 * -Ddifftest.instructions=N to change the size (default 20000 per instruction class). Every block is
 * translated on its first run (TcgTarget's default): the interpreter is checked by the curated sets.
 */
class RandomDiffTest {
    @ParameterizedTest
    @EnumSource(Isa.class)
    void randomSequencesAgreeWithQemuArm(Isa isa) throws Exception {
        Path qemu = QemuArmOracle.findQemuArm();
        if (qemu == null) System.out.println("RandomDiffTest: skipped, qemu-arm is not installed (Debian package qemu-user)");
        assumeTrue(qemu != null, "qemu-arm not installed");
        long seed = Long.getLong("difftest.seed", System.nanoTime() ^ System.currentTimeMillis());
        long count = Long.getLong("difftest.instructions", 20_000);
        TcgTarget target = new TcgTarget();
        DiffTool.Report r = DiffTool.run(isa, count, seed, new QemuArmOracle(qemu, DiffTool.harness()), target, null, null);
        System.out.println(r.summary() + "; blocks translated " + target.interpreter().blocksTranslated);
        assertEquals(0, target.interpreter().compileFailures, "blocks that failed to become JVM code");
        assertTrue(r.instructions() >= count, r.summary());
        assertTrue(r.mismatches().isEmpty(), r.summary() + "\nfirst: " + (r.mismatches().isEmpty() ? "" : r.mismatches().get(0)));
    }
}
