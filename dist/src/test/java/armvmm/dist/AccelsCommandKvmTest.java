package armvmm.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import armvmm.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code vmm accels} with the real KVM plug-in on this host: an x86_64 machine whose /dev/kvm runs x86 guests only. */
class AccelsCommandKvmTest {
    @Test
    void accelsShowsTheKvmChecks() {
        assumeTrue(System.getProperty("os.arch").equals("amd64"), "these checks describe an x86_64 host");
        assumeTrue(Files.exists(Path.of("/dev/kvm")), "no /dev/kvm on this host");
        StringWriter out = new StringWriter();
        int rc = Main.execute(new String[] {"accels"}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        assertEquals(0, rc);
        String s = out.toString();
        assertTrue(s.contains("kvm   unusable Linux KVM (/dev/kvm) on an ARM host: this is an amd64 host"), s);
        assertTrue(s.contains("[ok] /dev/kvm opens read-write"), s);
        assertTrue(s.contains("[no] host architecture runs ARM guests: amd64"), s);
    }
}
