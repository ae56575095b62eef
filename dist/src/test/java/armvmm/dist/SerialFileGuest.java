package armvmm.dist;

import static org.junit.jupiter.api.Assertions.*;

import armvmm.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A bare-metal guest started by a qemu-system-arm command line whose serial port is {@code -serial
 * file:SERIAL}, run through the VMM's front end or on qemu-system-arm itself: each must exit 0 (the guest
 * ends with PSCI SYSTEM_OFF), and what the guest printed is returned line by line.
 */
final class SerialFileGuest {
    private SerialFileGuest() {}

    /** {@code vmm qemu} with the line. */
    static List<String> onVmm(List<String> qemuLine, Path serial) throws Exception {
        DemoGuestTest.assumeTcg();
        StringWriter out = new StringWriter(), err = new StringWriter();
        String[] args = Stream.concat(Stream.of("qemu"), qemuLine.stream()).toArray(String[]::new);
        int exit = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        String printed = Files.exists(serial) ? Files.readString(serial) : "";
        assertEquals(0, exit, "stderr: " + err + "\nserial:\n" + printed);
        return printed.lines().toList();
    }

    /** qemu-system-arm with the line; the test is skipped where it is not installed. */
    static List<String> onQemu(List<String> qemuLine, Path serial) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(PsciGuestTest.onPath("qemu-system-arm"), "qemu-system-arm is not installed");
        List<String> cmd = new ArrayList<>(List.of("qemu-system-arm"));
        cmd.addAll(qemuLine);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), log);
        assertEquals(0, p.exitValue(), log);
        return Files.readString(serial).lines().toList();
    }
}
