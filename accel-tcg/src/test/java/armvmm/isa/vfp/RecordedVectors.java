package armvmm.isa.vfp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * Replays a file of results recorded on qemu-arm, one record a line: the gzipped resource beside the test
 * class, or the plain file a system property names (for long local runs). Each line's check returns null
 * or a problem "kind: detail"; the test fails listing a few examples of each kind and the count per kind.
 */
public final class RecordedVectors {
    private RecordedVectors() {
    }

    /** The generators' xorshift64 (13, 7, 17), seeded with {@code seed | 1}, so both sides draw the same values. */
    public static final class Xorshift {
        private long s;

        public Xorshift(long seed) {
            s = seed | 1;
        }

        public long next() {
            s ^= s << 13;
            s ^= s >>> 7;
            s ^= s << 17;
            return s;
        }
    }

    public static void replay(Class<?> test, String resource, String property, Function<String, String> check)
            throws IOException {
        Map<String, Integer> perKind = new TreeMap<>();
        List<String> examples = new ArrayList<>();
        int count = 0;
        String override = System.getProperty(property);
        InputStream raw = override != null ? Files.newInputStream(Path.of(override))
                : new GZIPInputStream(test.getResourceAsStream(resource));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(raw, StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                count++;
                String problem = check.apply(line);
                if (problem != null) {
                    String kind = problem.substring(0, problem.indexOf(':'));
                    if (perKind.merge(kind, 1, Integer::sum) <= 3) {
                        examples.add(problem + "  <- " + line);
                    }
                }
            }
        }
        assertTrue(count > 1000, "too few records: " + count);
        assertEquals(List.of(), examples, perKind + " of " + count + " records differ");
    }
}
