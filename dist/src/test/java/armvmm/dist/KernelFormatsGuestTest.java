package armvmm.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import armvmm.boards.loader.KernelFiles;
import armvmm.cli.Main;
import armvmm.kvm.nested.NestedKvmHost;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kernels that say where they go: guests/elfboot's ELF on each board, and the virt one's memory image in a
 * gzipped U-Boot image of a non-Linux OS (so booted as QEMU boots an ELF). The guest checks that it was
 * entered at the header's entry in Thumb state, with r0-r2 zero, both segments in place and the device
 * tree at the RAM base, prints one line and powers off. Where qemu-system-arm is installed, QEMU's virt
 * prints the same line for the same ELF (its vexpress-a15 does too when given a -dtb: it makes no tree of
 * its own).
 */
class KernelFormatsGuestTest {
    static final String OK = "elfboot: entered at e_entry in Thumb state, r0-r2 zero, both PT_LOAD segments at their p_paddr, the device tree at the RAM base";
    /** Where guests/elfboot's virt build is linked (link.ld: RAM base + 1 MiB), and its Thumb entry (_start, bit 0). */
    static final long VIRT_LOAD = 0x4010_0000L, VIRT_ENTRY = 0x4010_0009L;

    @TempDir Path tmp;

    static Path elfboot(String file) { return NestedKvmHost.repoRoot().resolve("guests/elfboot/" + file); }

    private List<String> run(String board, Path kernel) throws Exception {
        Path serial = tmp.resolve(board + "-serial.txt");
        StringWriter out = new StringWriter(), err = new StringWriter();
        int exit = Main.execute(new String[] {"run", "--board", board, "--accel", "tcg", "--memory", "128M", "--kernel", kernel.toString(),
                "--serial", "file:" + serial, "--timeout", "30"}, new PrintWriter(out, true), new PrintWriter(err, true));
        String printed = Files.exists(serial) ? Files.readString(serial) : "";
        assertEquals(0, exit, "stderr: " + err + "\nserial:\n" + printed);
        return printed.lines().toList();
    }

    @Test
    void theElfKernelRunsOnVirt() throws Exception {
        DemoGuestTest.assumeTcg();
        assertEquals(List.of(OK), run("virt", elfboot("elfboot-virt.elf")));
    }

    @Test
    void theElfKernelRunsOnVexpress() throws Exception {
        DemoGuestTest.assumeTcg();
        assertEquals(List.of(OK), run("vexpress-a15", elfboot("elfboot-vexpress.elf")));
    }

    @Test
    void qemuSystemArmPrintsTheSameLineForTheVirtElf() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(PsciGuestTest.onPath("qemu-system-arm"), "qemu-system-arm is not installed");
        Path serial = tmp.resolve("qemu-serial.txt");
        Process p = new ProcessBuilder("qemu-system-arm", "-M", "virt", "-cpu", "cortex-a15", "-m", "128", "-nodefaults", "-display", "none",
                "-serial", "file:" + serial, "-kernel", elfboot("elfboot-virt.elf").toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), log);
        assertEquals(0, p.exitValue(), log);
        assertEquals(List.of(OK), Files.readString(serial).lines().toList());
    }

    @Test
    void aGzippedUImageIsLoadedAtIhLoadAndEnteredAtIhEp() throws Exception {
        DemoGuestTest.assumeTcg();
        byte[] image = KernelFiles.uImage(Files.readAllBytes(elfboot("elfboot-virt.bin")), VIRT_LOAD, VIRT_ENTRY, KernelFiles.OS_U_BOOT,
                KernelFiles.COMP_GZIP);
        assertEquals(List.of(OK), run("virt", Files.write(tmp.resolve("elfboot.uImage"), image)));
    }
}
