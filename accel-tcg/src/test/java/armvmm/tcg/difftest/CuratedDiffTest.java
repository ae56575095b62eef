package armvmm.tcg.difftest;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import armvmm.tcg.exec.Interpreter;
import armvmm.tcg.exec.JitMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The curated differential cases: sequences with the results qemu-arm gave for them, recorded by
 * {@code DiffTool --record} (src/test/resources/difftest/ISA.txt). They run on the TCG CPU with no QEMU.
 */
class CuratedDiffTest {
    @ParameterizedTest
    @EnumSource(Isa.class)
    void recordedResultsMatch(Isa isa) throws IOException {
        check(isa.name().toLowerCase(), 100);
    }

    @org.junit.jupiter.api.Test
    void handPickedCornersMatch() throws IOException {
        check("handpicked", HandPicked.snippets().size());
    }

    /** Every case again with its block made JVM code (translated, or the calls form) on its first run: the same results, faults included. */
    @ParameterizedTest
    @EnumSource(Isa.class)
    void recordedResultsMatchTranslated(Isa isa) throws IOException {
        check(isa.name().toLowerCase(), 100, 1, JitMode.TRANSLATE);
    }

    @ParameterizedTest
    @EnumSource(Isa.class)
    void recordedResultsMatchCalls(Isa isa) throws IOException {
        check(isa.name().toLowerCase(), 100, 1, JitMode.CALLS);
    }

    @ParameterizedTest
    @EnumSource(value = JitMode.class, names = {"TRANSLATE", "CALLS"})
    void handPickedCornersMatchCompiled(JitMode jit) throws IOException {
        check("handpicked", HandPicked.snippets().size(), 1, jit);
    }

    /** Interpreted only: the reference. */
    private void check(String set, int atLeast) throws IOException { check(set, atLeast, 0, JitMode.OFF); }

    private void check(String set, int atLeast, int compileThreshold, JitMode jit) throws IOException {
        var in = getClass().getResourceAsStream("/difftest/" + set + ".txt");
        assertNotNull(in, "no curated cases " + set);
        TcgTarget target = new TcgTarget(compileThreshold, jit);
        List<String> mismatches = new ArrayList<>();
        int n = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) continue;
                int bar = line.indexOf(" | ");
                DiffCase c = DiffCase.fromLine(line.substring(0, bar));
                DiffResult want = DiffResult.fromLine(line.substring(bar + 3), c.data());
                List<String> d = target.run(c).diff(want);
                if (!d.isEmpty()) mismatches.add(line.substring(0, Math.min(80, bar)) + ": " + d);
                n++;
            }
        }
        assertTrue(n >= atLeast, "only " + n + " curated " + set + " cases");
        Interpreter in2 = target.interpreter();
        assertEquals(0, in2.compileFailures, "blocks that failed to become JVM code");
        if (jit == JitMode.TRANSLATE) assertTrue(in2.blocksTranslated >= n, in2.blocksTranslated + " blocks translated for " + n + " cases");
        if (jit == JitMode.CALLS) assertTrue(in2.blocksCalls >= n, in2.blocksCalls + " blocks compiled for " + n + " cases");
        final int total = n;
        assertTrue(mismatches.isEmpty(), () -> mismatches.size() + " of " + total + " " + set + " cases differ from qemu-arm, first: " + mismatches.get(0));
    }
}
