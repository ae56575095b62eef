package armvmm.dist;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import armvmm.accel.Availability;
import armvmm.cli.Main;
import armvmm.launch.Plugins;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The bundled demo guest, run by 'vmm run' without a kernel under TCG: its lines on UART0, then a clean power-off. */
class DemoGuestTest {
    @TempDir
    Path tmp;

    record Run(int exit, String serial, String stderr) {}

    /**
     * Runs the demo on two CPUs (the second waits in the holding pen). It needs about 50 ms of guest time,
     * so 20 seconds is far more than any host needs.
     */
    static Run runDemo(Path dir) throws IOException { return runDemo(dir, "tcg"); }

    static Run runDemo(Path dir, String accel) throws IOException {
        Path serial = dir.resolve("demo-serial.txt");
        StringWriter out = new StringWriter(), err = new StringWriter();
        int exit = Main.execute(new String[] {"run", "--board", "vexpress-a15", "--accel", accel, "--cpus", "2", "--memory", "64M",
                "--serial", "file:" + serial, "--timeout", "20"}, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, Files.exists(serial) ? Files.readString(serial) : "", err.toString());
    }

    static void assumeTcg() {
        Availability tcg = Plugins.accelerator("tcg").probe();
        assumeTrue(tcg.usable(), "TCG cannot run guests here: " + tcg.reason());
    }

    /** The interpreter alone and each JIT form, as {@code --accel tcg,jit=} selects them. */
    @ParameterizedTest
    @ValueSource(strings = {"tcg", "tcg,jit=off", "tcg,jit=calls"})
    void theDemoTakesTimerInterruptsThroughTheGicAndPowersOff(String accel) throws Exception {
        assumeTcg();
        Run r = runDemo(tmp, accel);
        String printed = r.serial();
        assertEquals(0, r.exit(), "stderr: " + r.stderr() + "\nserial:\n" + printed);
        assertTrue(printed.startsWith("armvmm demo guest: hello from the vexpress-a15 board\r\n"), printed);
        for (int i = 1; i <= 5; i++) assertTrue(printed.contains("demo: timer interrupt " + i + " (GIC interrupt ID 27)\r\n"), printed);
        assertTrue(printed.contains("demo: took 5 generic timer interrupts through the GIC\r\n"), printed);
        assertTrue(printed.endsWith("demo: powering off through SYS_CFGCTRL\r\n"), printed);
        assertFalse(printed.contains("unexpected"), printed);
    }
}
