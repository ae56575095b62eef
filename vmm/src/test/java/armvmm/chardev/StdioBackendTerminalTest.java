package armvmm.chardev;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stdio backend on a real pseudo-terminal: util-linux {@code script} gives a JVM running
 * {@link StdioProbe} a terminal as standard input.
 */
@Timeout(30)
class StdioBackendTerminalTest {
    private static String java() { return ProcessHandle.current().info().command().orElse("java"); }

    private static Process underScript(String shellCommand) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script is not installed");
        return new ProcessBuilder("/usr/bin/script", "-qfc", shellCommand, "/dev/null").redirectErrorStream(true).start();
    }

    private static String probe(String mode) {
        return java() + " -cp " + System.getProperty("java.class.path") + " armvmm.chardev.StdioProbe " + mode;
    }

    @Test
    void rawModeEscapeAndRestoreOnClose() throws Exception {
        Process p = underScript(probe("echo"));
        OutputStream keys = p.getOutputStream();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
        String l;
        while ((l = out.readLine()) != null && !l.contains("READY")) {
            // the probe's JVM starting up
        }
        // a, b, Ctrl-A Ctrl-A (one Ctrl-A for the guest), Ctrl-C (raw: a byte, not a signal), then Ctrl-A x
        keys.write(new byte[] {'a', 'b', 0x01, 0x01, 0x03});
        keys.flush();
        Thread.sleep(300);
        keys.write(new byte[] {0x01, 'x'});
        keys.flush();
        StringBuilder rest = new StringBuilder();
        while ((l = out.readLine()) != null) rest.append(l).append('\n');
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertTrue(rest.toString().contains("RESULT raw=true restored=true quit=true got=61620103"), rest.toString());
    }

    @Test
    void terminalIsRestoredWhenTheVmmIsKilled(@TempDir Path dir) throws Exception {
        Path probeOut = dir.resolve("probe.out");
        // The probe runs in the background with the terminal as stdin; once it reports raw mode, kill it.
        Process p = underScript("echo BEFORE $(stty -g); " + probe("hold") + " </dev/tty >" + probeOut + " 2>&1 & pid=$!; "
                + "until grep -q RAW " + probeOut + "; do sleep 0.05; done; "
                + "echo DURING $(stty -g); kill $pid; wait $pid; echo AFTER $(stty -g)");
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).replace("\r", "");
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        String before = line(out, "BEFORE "), during = line(out, "DURING "), after = line(out, "AFTER ");
        assertNotEquals(before, during, "raw while running:\n" + out);
        assertEquals(before, after, "restored by the shutdown hook:\n" + out);
    }

    private static String line(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + "in:\n" + out));
    }
}
