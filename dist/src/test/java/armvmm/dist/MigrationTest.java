package armvmm.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import armvmm.kvm.nested.NestedKvmHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.anarres.qemu.qapi.api.MigrateCommand;
import org.anarres.qemu.qapi.api.MigrationInfo;
import org.anarres.qemu.qapi.api.MigrationStatus;
import org.anarres.qemu.qapi.api.QueryMigrateCommand;
import org.anarres.qemu.qapi.common.QApiConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A guest moved between two VMMs while it runs: guests/snapshot's checksum (16 rounds over 1 MiB, each
 * printed, a timer tick between rounds) on two vCPUs with a disk. A target waits with {@code --incoming};
 * the source is told to migrate by a QMP client (QEMU's {@code migrate} command, through qemu-qapi's
 * bindings) once a few rounds are out. The source ends with exit status 0, the target carries on, and what
 * the two printed, put together, is what an uninterrupted run prints: no round lost, none repeated.
 */
class MigrationTest {
    @TempDir Path dir;

    private List<String> args(Path serial, Path disk, String... extra) {
        List<String> a = new ArrayList<>(List.of("run", "--accel", "tcg", "--board", "vexpress-a15", "--cpus", "2", "--memory", "64M",
                "--kernel", NestedKvmHost.repoRoot().resolve("guests/snapshot/checksum.bin").toString(), "--drive", "file=" + disk,
                "--serial", "file:" + serial, "--timeout", "120"));
        a.addAll(Arrays.asList(extra));
        return a;
    }

    @Test
    void theGuestGoesOnInTheTargetFromWhereTheSourceStopped() throws Exception {
        DemoGuestTest.assumeTcg();
        Path disk = Files.write(dir.resolve("disk.img"), new byte[1 << 20]);
        Path fullSerial = dir.resolve("full.txt"), sourceSerial = dir.resolve("source.txt"), targetSerial = dir.resolve("target.txt");
        InProcessVmm full = new InProcessVmm(args(fullSerial, disk).toArray(String[]::new));
        assertEquals(0, full.exitCode(120), full.stderr());

        int migrationPort = InProcessVmm.freePort(), qmpPort = InProcessVmm.freePort();
        InProcessVmm target = new InProcessVmm(args(targetSerial, disk, "--incoming", "tcp:127.0.0.1:" + migrationPort).toArray(String[]::new));
        assertTrue(target.await(() -> target.stderr().contains("waiting for an incoming migration on tcp:127.0.0.1:" + migrationPort), 30), target.stderr());
        InProcessVmm source = new InProcessVmm(args(sourceSerial, disk, "--qmp", "tcp:127.0.0.1:" + qmpPort).toArray(String[]::new));
        assertTrue(source.await(() -> GdbStubTest.serialText(sourceSerial).contains("round 3 "), 60), GdbStubTest.serialText(sourceSerial));
        try (QApiConnection qmp = new QApiConnection("127.0.0.1", qmpPort)) {
            qmp.call(new MigrateCommand("tcp:127.0.0.1:" + migrationPort, null, null, null));
            MigrationInfo info = qmp.call(new QueryMigrateCommand());
            assertTrue(info.status == MigrationStatus.active || info.status == MigrationStatus.completed, "query-migrate: " + info.status);
        } catch (java.io.IOException e) {
            // the source may end (migrated) before the client's last read: its exit status below says how it went
        }
        assertEquals(0, source.exitCode(60), source.stderr());
        assertTrue(source.stderr().matches("(?s).*vmm: migrated to tcp:127\\.0\\.0\\.1:" + migrationPort
                + ": [0-9.]+ MiB in \\d+ ms, downtime \\d+ ms; exiting.*"), source.stderr());
        assertEquals(0, target.exitCode(120), target.stderr());
        assertTrue(target.stderr().contains("vmm: incoming migration restored in "), target.stderr());

        String before = Files.readString(sourceSerial), after = Files.readString(targetSerial), whole = Files.readString(fullSerial);
        assertFalse(before.contains("checksum 0x"), "the source finished before it migrated:\n" + before);
        assertFalse(after.contains("checksum guest: start"), "the target booted instead:\n" + after);
        assertTrue(whole.matches("(?s).*\r\nchecksum 0x[0-9a-f]{8}\r\n"), whole);
        assertEquals(whole, before + after, "source:\n" + before + "\ntarget:\n" + after);
    }

    @Test
    void aTargetWithoutASourceIsRefusedLikeABadSnapshot() throws Exception {
        DemoGuestTest.assumeTcg();
        Path disk = Files.write(dir.resolve("disk.img"), new byte[1 << 20]);
        int port = InProcessVmm.freePort();
        InProcessVmm target = new InProcessVmm(args(dir.resolve("t.txt"), disk, "--incoming", "tcp:127.0.0.1:" + port).toArray(String[]::new));
        assertTrue(target.await(() -> target.stderr().contains("waiting for an incoming migration"), 30), target.stderr());
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.getOutputStream().write("not a snapshot at all".getBytes());
        }
        assertEquals(2, target.exitCode(30), target.stderr());
        String last = target.stderr().strip().lines().reduce((a, b) -> b).orElse("");
        assertEquals("vmm: --incoming tcp:127.0.0.1:" + port + ": not an armvmm snapshot (no ARMVMMSN magic at its start)", last, target.stderr());
    }
}
