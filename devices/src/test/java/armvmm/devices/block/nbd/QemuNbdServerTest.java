package armvmm.devices.block.nbd;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** qemu-nbd as the VMM's helper: started on a private socket, its complaints in one line, never outliving the VMM. */
class QemuNbdServerTest {
    @TempDir Path dir;

    @Test
    void aMissingQemuNbdSaysHowToInstallIt() throws Exception {
        String old = System.setProperty(QemuNbdServer.EXECUTABLE_PROPERTY, dir.resolve("no-qemu-nbd").toString());
        try {
            Path img = Files.write(dir.resolve("d.raw"), new byte[4096]);
            IOException e = assertThrows(IOException.class, () -> QemuNbdServer.start(new QemuNbdServer.Options(img, "raw", false, false)));
            assertEquals("qemu-nbd is not installed (apt-get install qemu-utils)", e.getMessage());
        } finally {
            if (old == null) System.clearProperty(QemuNbdServer.EXECUTABLE_PROPERTY);
            else System.setProperty(QemuNbdServer.EXECUTABLE_PROPERTY, old);
        }
    }

    @Test
    void qemuNbdsComplaintAboutTheImageIsTheMessage() throws Exception {
        assumeTrue(QemuTools.installed(), QemuTools.missing());
        Path img = Files.write(dir.resolve("not.qcow2"), new byte[65536]);
        // qemu-nbd listens before it opens the image: the complaint arrives with the first connection
        IOException e = assertThrows(IOException.class, () -> {
            try (QemuNbdServer s = QemuNbdServer.start(new QemuNbdServer.Options(img, "qcow2", false, false))) {
                s.connect().close();
            }
        });
        assertTrue(e.getMessage().startsWith("qemu-nbd") && e.getMessage().contains("qcow2"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        QemuTools.assertNoHelperFor(img);
    }

    @Test
    void theSocketIsPrivateAndGoesWithTheServer() throws Exception {
        assumeTrue(QemuTools.installed(), QemuTools.missing());
        Path img = Files.write(dir.resolve("d.raw"), new byte[65536]);
        QemuNbdServer s = QemuNbdServer.start(new QemuNbdServer.Options(img, "raw", false, false));
        Path socketDir = s.socket().getParent();
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(socketDir)));
        long pid = s.pid();
        s.connect().close();
        s.close();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "qemu-nbd has exited");
        assertFalse(Files.exists(socketDir), "the private directory is removed");
    }

    @Test
    void closeStopsAServerWhoseClientNeverCame() throws Exception {
        assumeTrue(QemuTools.installed(), QemuTools.missing());
        Path img = Files.write(dir.resolve("d.raw"), new byte[65536]);
        QemuNbdServer s = QemuNbdServer.start(new QemuNbdServer.Options(img, "raw", false, false));
        long t0 = System.nanoTime();
        s.close();
        assertFalse(s.isAlive());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(3), "stopped by SIGTERM, not left to the grace time and SIGKILL");
    }

    /** A stand-in VMM in its own JVM, with qemu-nbd started (and connected to, for "connect"); returns it and the helper. */
    private record Child(Process vmm, ProcessHandle helper) {}

    private Child child(Path img, String mode) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process vmm = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), QemuNbdChild.class.getName(),
                img.toString(), mode).redirectErrorStream(true).start();
        String line = new BufferedReader(new InputStreamReader(vmm.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertNotNull(line, "the child printed nothing");
        assertTrue(line.startsWith("helper "), line);
        ProcessHandle helper = ProcessHandle.of(Long.parseLong(line.split(" ")[1])).orElseThrow();
        assertTrue(helper.info().command().orElse("").endsWith("qemu-nbd"), helper.info().toString());
        return new Child(vmm, helper);
    }

    /** A VMM killed with SIGKILL runs no shutdown hook: the kernel ends its helper, with or without a client. */
    @Test
    void theHelperDiesWithAKilledVmm() throws Exception {
        assumeTrue(QemuTools.installed(), QemuTools.missing());
        for (String mode : List.of("idle", "connect")) {
            Path img = Files.write(dir.resolve(mode + ".raw"), new byte[65536]);
            Child c = child(img, mode);
            try {
                c.vmm().destroyForcibly();
                assertTrue(c.vmm().waitFor(10, TimeUnit.SECONDS));
                c.helper().onExit().get(10, TimeUnit.SECONDS);
                assertFalse(c.helper().isAlive(), mode + ": qemu-nbd outlived a SIGKILLed VMM");
                // Nobody removed the killed VMM's private directory; the next helper's start does.
                List<Path> orphans = privateDirsOf(c.vmm().pid());
                assertEquals(1, orphans.size(), "the killed VMM's directory: " + orphans);
                try (QemuNbdServer next = QemuNbdServer.start(new QemuNbdServer.Options(img, "raw", true, false))) {
                    assertFalse(Files.exists(orphans.get(0)), "an orphaned directory is removed when the next one is made");
                    assertTrue(Files.exists(next.socket().getParent()), "the live one stays");
                }
            } finally {
                c.vmm().destroyForcibly();
            }
        }
    }

    /** SIGTERM (or Ctrl-C) ends the JVM through its shutdown hooks: the helper is stopped and its directory removed. */
    @Test
    void aTerminatedVmmStopsItsHelperOnTheWayOut() throws Exception {
        assumeTrue(QemuTools.installed(), QemuTools.missing());
        Path img = Files.write(dir.resolve("term.raw"), new byte[65536]);
        Child c = child(img, "connect");
        try {
            c.vmm().destroy();
            assertTrue(c.vmm().waitFor(20, TimeUnit.SECONDS));
            c.helper().onExit().get(10, TimeUnit.SECONDS);
            assertEquals(List.of(), privateDirsOf(c.vmm().pid()), "the shutdown hook removed the directory");
        } finally {
            c.vmm().destroyForcibly();
        }
    }

    /** The helper directories whose owner file names {@code pid}. */
    private static List<Path> privateDirsOf(long pid) throws IOException {
        Path root = Path.of(System.getProperty("java.io.tmpdir"));
        if (root.toString().length() > 60) root = Path.of("/tmp");
        try (var s = Files.list(root)) {
            return s.filter(d -> d.getFileName().toString().startsWith("armvmm-nbd-")).filter(d -> {
                try {
                    return Files.readString(d.resolve("vmm.owner")).startsWith(pid + " ");
                } catch (IOException e) {
                    return false;
                }
            }).toList();
        }
    }
}
