package armvmm.monitor.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import armvmm.machine.StubMachine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The monitor's JSON parser and its sessions against random, truncated, deeply nested and mutated input:
 * every line that comes back is JSON the parser itself reads, each session answers a good command given
 * after the garbage, and nothing throws or hangs. A bounded run with a fresh seed each time, printed.
 */
class QmpInputFuzzTest {
    private static List<String> session(String input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        QmpSession s = new QmpSession(null, StubMachine.create(1), new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out);
        assertTimeoutPreemptively(Duration.ofSeconds(10), s::run);
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void theParserReadsJsonAndRejectsTheRest() {
        assertEquals(Map.of("a", List.of(1L, 2.5, true, false), "b", "x\n\u00e9"), Json.parse(" {\"a\": [1, 2.5, true, false], \"b\": \"x\\n\\u00e9\"} "));
        for (String bad : List.of("", "{", "{\"a\"}", "[1,]", "\"\\x\"", "01x", "{} {}", "[".repeat(100) + "]".repeat(100), "tru", "\"\u0001\""))
            assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
    }

    @Test
    void commandsBeforeNegotiationAndMalformedOnesAreErrors() {
        List<String> r = session("{\"execute\": \"query-status\"}\n{\"execute\": \"qmp_capabilities\"}{\"execute\": \"query-status\", \"id\": 7}\n"
                + "{bad}\n{\"execute\": 5}\n[1]\n{\"execute\": \"nope\"}\n{\"execute\": \"human-monitor-command\", \"arguments\": {\"command-line\": \"xp /2wx 0\"}}\n");
        assertTrue(r.get(0).startsWith("{\"QMP\": {\"version\": {\"qemu\""), r.get(0));
        assertTrue(r.get(1).contains("\"class\": \"CommandNotFound\"") && r.get(1).contains("qmp_capabilities"), r.get(1));
        assertEquals("{\"return\": {}}", r.get(2));
        assertEquals("{\"return\": {\"status\": \"paused\", \"singlestep\": false, \"running\": false}, \"id\": 7}", r.get(3));
        assertTrue(r.subList(4, 8).stream().allMatch(l -> l.startsWith("{\"error\"")), String.join("\n", r));
        assertTrue(r.get(r.size() - 2).contains("The command nope has not been found"), r.get(r.size() - 2));
        assertEquals("{\"return\": \"0000000000000000: 0x00000000 0x00000000\\n\"}", r.get(r.size() - 1));
    }

    @Test
    void randomTruncatedAndMutatedInputNeverBreaksTheMonitor() {
        long seed = Long.getLong("armvmm.fuzz.seed", System.nanoTime()); // -Darmvmm.fuzz.seed=N replays a run
        Random rnd = new Random(seed);
        String[] valid = {"{\"execute\": \"query-status\"}", "{\"execute\": \"query-cpus-fast\", \"id\": [1, {\"x\": null}]}",
                "{\"execute\": \"human-monitor-command\", \"arguments\": {\"command-line\": \"info registers\"}}",
                "{\"execute\": \"human-monitor-command\", \"arguments\": {\"command-line\": \"x /3xb 0xfff0\"}}",
                "{\"execute\": \"human-monitor-command\", \"arguments\": {\"command-line\": \"info cp15\"}}", "{\"execute\": \"query-commands\"}"};
        for (int round = 0; round < 1_000; round++) {
            StringBuilder in = new StringBuilder("{\"execute\": \"qmp_capabilities\"}\n");
            for (int k = rnd.nextInt(6); k >= 0; k--) {
                String v = valid[rnd.nextInt(valid.length)];
                switch (rnd.nextInt(5)) {
                    case 0 -> in.append(v, 0, rnd.nextInt(v.length())).append('\n'); // cut short
                    case 1 -> {
                        char[] c = v.toCharArray();
                        c[rnd.nextInt(c.length)] = (char) (rnd.nextInt(128));
                        in.append(c).append('\n');
                    }
                    case 2 -> in.append("[".repeat(rnd.nextInt(200))).append('\n');
                    case 3 -> {
                        for (int j = rnd.nextInt(40); j > 0; j--) in.append((char) rnd.nextInt(256));
                        in.append('\n');
                    }
                    default -> in.append(v).append('\n');
                }
            }
            // brackets left open by the garbage are closed by a line of closers, then a good command must be answered
            in.append("]".repeat(200)).append("}".repeat(200)).append("\n{\"execute\": \"query-status\", \"id\": \"last\"}\n");
            List<String> out;
            try {
                out = session(in.toString());
            } catch (Throwable t) {
                throw new AssertionError("seed " + seed + " round " + round + ": " + t, t);
            }
            for (String line : out) Json.parse(line); // every reply is JSON
            assertTrue(out.get(out.size() - 1).endsWith("\"id\": \"last\"}"), "seed " + seed + " round " + round + ": input "
                    + Json.write(in.toString()) + "\noutput " + out);
        }
        System.out.println("QmpInputFuzzTest: 1,000 random sessions, seed " + seed + ", no failure");
    }
}
