package armvmm.boards;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import armvmm.accel.Availability;
import armvmm.cli.Main;
import armvmm.cli.Plugins;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled demo guest, run by 'vmm run' without a kernel under TCG: its lines on UART0, then a clean power-off. */
class DemoGuestTest {
    @TempDir
    Path tmp;

    @Test
    void theDemoTakesTimerInterruptsThroughTheGicAndPowersOff() throws Exception {
        Availability tcg = Plugins.accelerator("tcg").probe();
        assumeTrue(tcg.usable(), "TCG cannot run guests here: " + tcg.reason());
        Path serial = tmp.resolve("serial.txt");
        StringWriter out = new StringWriter(), err = new StringWriter();
        int exit = Main.execute(new String[] {"run", "--board", "vexpress-a15", "--accel", "tcg", "--cpus", "2", "--memory", "64M",
                "--serial", "file:" + serial, "--timeout", "60"}, new PrintWriter(out, true), new PrintWriter(err, true));
        String printed = Files.readString(serial);
        assertEquals(0, exit, "stderr: " + err + "\nserial:\n" + printed);
        assertTrue(printed.startsWith("armvmm demo guest: hello from the vexpress-a15 board\r\n"), printed);
        for (int i = 1; i <= 5; i++) assertTrue(printed.contains("demo: timer interrupt " + i + " (GIC interrupt ID 27)\r\n"), printed);
        assertTrue(printed.contains("demo: took 5 generic timer interrupts through the GIC\r\n"), printed);
        assertTrue(printed.endsWith("demo: powering off through SYS_CFGCTRL\r\n"), printed);
        assertFalse(printed.contains("unexpected"), printed);
    }
}
