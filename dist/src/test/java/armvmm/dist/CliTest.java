package armvmm.dist;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import armvmm.cli.Main;
import armvmm.devices.block.nbd.QemuNbdServer;
import armvmm.devices.block.nbd.QemuTools;
import armvmm.devices.virtio.net.PasstNetBackend;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI with the real boards and accelerators on the class path: every kind of user mistake gets one line and exit 2. */
class CliTest {
    record Result(int code, String out, String err) {}

    static Result vmm(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    static void assertOneLineError(Result r, String expected) {
        assertEquals(2, r.code(), r.err());
        String[] lines = r.err().strip().split("\n");
        assertEquals(1, lines.length, "expected one line, got: " + r.err());
        assertTrue(lines[0].startsWith("vmm: "), lines[0]);
        assertTrue(lines[0].contains(expected), "'" + lines[0] + "' should mention '" + expected + "'");
        assertFalse(r.err().contains("\tat "), "stack trace leaked: " + r.err());
    }

    @Test
    void badDebugOptionsAreOneLineAndExitTwo() {
        assertOneLineError(vmm("run", "--accel", "tcg", "--serial", "none", "--gdb", "foo"), "--gdb foo: use tcp:[HOST]:PORT");
        assertOneLineError(vmm("run", "--accel", "tcg", "--serial", "none", "--gdb", "tcp::99999"), "port 99999 is not 0..65535");
        assertOneLineError(vmm("run", "--accel", "tcg", "--serial", "none", "--wait-gdb"), "--wait-gdb: needs --gdb");
        assertOneLineError(vmm("run", "--accel", "tcg", "--serial", "none", "--qmp", "tcp::x"), "--qmp tcp::x: port 'x' is not a number");
        assertOneLineError(vmm("run", "--accel", "tcg", "--serial", "none", "--qmp", "stdio"), "use unix:PATH or tcp:[HOST]:PORT");
        assertOneLineError(vmm("run", "--accel", "tcg", "--serial", "none", "--trace-out", "/nonexistent/dir/t.json"), "--trace-out /nonexistent/dir/t.json: cannot write");
    }

    @Test
    void aQcow2DriveWithoutQemuNbdSaysWhatToInstall(@TempDir Path dir) throws IOException {
        Path img = Files.write(dir.resolve("d.qcow2"), new byte[4096]);
        String old = System.setProperty(QemuNbdServer.EXECUTABLE_PROPERTY, dir.resolve("no-qemu-nbd").toString());
        try {
            Result r = vmm("run", "--accel", "tcg", "--drive", "file=" + img + ",format=qcow2", "--serial", "none", "--timeout", "30");
            assertEquals(5, r.code(), "not possible on this host: " + r.err());
            assertEquals("vmm: --drive file=" + img + ": format=qcow2 needs qemu-nbd, which is not installed (apt-get install qemu-utils)",
                    r.err().strip());
        } finally {
            if (old == null) System.clearProperty(QemuNbdServer.EXECUTABLE_PROPERTY);
            else System.setProperty(QemuNbdServer.EXECUTABLE_PROPERTY, old);
        }
    }

    @Test
    void aFileThatIsNotQcow2GetsQemuNbdsComplaintInOneLine(@TempDir Path dir) throws IOException {
        assumeTrue(QemuNbdServer.executable().isPresent(), "qemu-nbd is not installed (" + QemuNbdServer.INSTALL_HINT + ")");
        Path img = Files.write(dir.resolve("raw.img"), new byte[65536]);
        Result r = vmm("run", "--accel", "tcg", "--drive", "file=" + img + ",format=qcow2", "--serial", "none", "--timeout", "30");
        assertOneLineError(r, "--drive file=" + img + ": qemu-nbd: Failed to blk_new_open");
        assertTrue(r.err().contains("not in qcow2 format"), r.err());
        QemuTools.assertNoHelperFor(img);
    }

    @Test
    void userNetworkingWithoutPasstSaysWhatToInstall() {
        String old = System.setProperty(PasstNetBackend.EXECUTABLE_PROPERTY, "/nonexistent/passt");
        try {
            Result r = vmm("run", "--accel", "tcg", "--netdev", "user,hostfwd=tcp::2222-:22", "--serial", "none", "--timeout", "30");
            assertEquals(5, r.code(), "not possible on this host: " + r.err());
            assertEquals("vmm: --netdev user: needs passt, which is not installed (apt-get install passt)", r.err().strip());
        } finally {
            if (old == null) System.clearProperty(PasstNetBackend.EXECUTABLE_PROPERTY);
            else System.setProperty(PasstNetBackend.EXECUTABLE_PROPERTY, old);
        }
    }

    @Test
    void hostfwdMayBeRepeatedAndEachIsChecked() {
        assertOneLineError(vmm("run", "--accel", "tcg", "--netdev", "user,hostfwd=tcp::2222-:22,hostfwd=tcp::0-:80"), "--netdev user,hostfwd=tcp::0-:80: port 0 is out of range");
    }

    @Test
    void missingKernelFile() {
        assertOneLineError(vmm("run", "--kernel", "/nonexistent/zImage"), "--kernel /nonexistent/zImage: no such file");
    }

    @Test
    void unreadableImage(@TempDir Path dir) throws IOException {
        Path p = Files.writeString(dir.resolve("initrd"), "x");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("---------"));
        // root reads any file; the check then passes, which is what the kernel would allow too.
        boolean root = Files.isReadable(p);
        Result r = vmm("run", "--accel", "nosuch", "--initrd", p.toString());
        if (root) assertOneLineError(r, "unknown accelerator 'nosuch'");
        else assertOneLineError(r, "not readable");
    }

    @Test
    void directoryGivenAsImage(@TempDir Path dir) {
        assertOneLineError(vmm("run", "--dtb", dir.toString()), "is a directory");
    }

    @Test
    void badMemorySize() {
        assertOneLineError(vmm("run", "--memory", "12Q"), "'12Q' is not a size");
        assertOneLineError(vmm("run", "--memory", "-5M"), "must be positive");
        assertOneLineError(vmm("run", "--memory", "99999999999T"), "too large");
    }

    @Test
    void unknownBoardListsTheKnownOnes() {
        assertOneLineError(vmm("run", "--board", "raspi9"), "unknown board 'raspi9' (available: vexpress-a15, virt)");
    }

    @Test
    void unknownAccelerator() {
        assertOneLineError(vmm("run", "--accel", "hvf"), "unknown accelerator 'hvf' (available: auto, ");
    }

    @Test
    void kvmOnThisHostSaysWhyNot() {
        String arch = System.getProperty("os.arch");
        Result r = vmm("run", "--accel", "kvm");
        if (!arch.equals("aarch64") && !arch.equals("arm")) assertOneLineError(r, "--accel kvm: ");
    }

    @Test
    void badCpuCount() {
        assertOneLineError(vmm("run", "--cpus", "0"), "--cpus 0: board vexpress-a15 takes 1 to ");
        assertOneLineError(vmm("run", "--cpus", "many"), "'many'");
    }

    @Test
    void unknownOptionAndBadTrace() {
        assertOneLineError(vmm("run", "--frobnicate"), "Unknown option: '--frobnicate'");
        assertOneLineError(vmm("run", "--trace", "irq"), "unknown trace 'irq'");
        assertOneLineError(vmm("run", "--trace", "mmio:addr=zz"), "is not LO-HI");
    }

    @Test
    void badDriveOptionSyntax() {
        assertOneLineError(vmm("run", "--drive", "file=a.img,file=b.img"), "'file' given twice");
    }

    @Test
    void boardsAccelsAndHelpWork() {
        Result b = vmm("boards");
        assertEquals(0, b.code());
        assertTrue(b.out().startsWith("vexpress-a15"), b.out());
        Result a = vmm("accels");
        assertEquals(0, a.code());
        assertTrue(a.out().contains("tcg") && a.out().contains("kvm"), a.out());
        assertTrue(a.out().contains("[ok] /dev/kvm exists") || a.out().contains("[no] /dev/kvm exists"), a.out());
        Result h = vmm("run", "--help");
        assertEquals(0, h.code());
        for (String opt : new String[] {"--board", "--accel", "--cpus", "--memory", "--kernel", "--dtb", "--initrd", "--append", "--serial", "--trace"})
            assertTrue(h.out().contains(opt), opt + " missing from run --help");
        Result v = vmm("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("vmm "), v.out());
    }
}
