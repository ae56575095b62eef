package armvmm.tcg.difftest;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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

    /** Every case again with its block compiled to bytecode on its first run: the same results, faults included. */
    @ParameterizedTest
    @EnumSource(Isa.class)
    void recordedResultsMatchCompiled(Isa isa) throws IOException {
        check(isa.name().toLowerCase(), 100, 1);
    }

    @org.junit.jupiter.api.Test
    void handPickedCornersMatchCompiled() throws IOException {
        check("handpicked", HandPicked.snippets().size(), 1);
    }

    private void check(String set, int atLeast) throws IOException { check(set, atLeast, -1); }

    private void check(String set, int atLeast, int compileThreshold) throws IOException {
        var in = getClass().getResourceAsStream("/difftest/" + set + ".txt");
        assertNotNull(in, "no curated cases " + set);
        TcgTarget target = new TcgTarget(compileThreshold);
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
        final int total = n;
        assertTrue(mismatches.isEmpty(), () -> mismatches.size() + " of " + total + " " + set + " cases differ from qemu-arm, first: " + mismatches.get(0));
    }
}
