package armvmm.dist;

import static armvmm.dist.LinuxBootTest.PROMPT;
import static armvmm.dist.LinuxBootTest.READY;
import static armvmm.dist.LinuxBootTest.command;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import armvmm.boards.GuestCache;
import armvmm.cli.Main;
import armvmm.devices.block.nbd.QemuTools;
import armvmm.isa.decode.Decoders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's promise that a guest never loses data acknowledged to it, against the harshest end a VMM
 * process can have: Debian's guest, with a raw disk (vda) and a qcow2 served by qemu-nbd (vdb), writes a
 * pattern to each with {@code dd conv=fsync}, and once dd has said so, starts more writes elsewhere on
 * both disks and the VMM is killed with SIGKILL in the middle of them. On the host both patterns are
 * there, the bytes outside the written areas are untouched, qemu-nbd has gone by itself and
 * {@code qemu-img check} finds the qcow2 clean.
 *
 * <p>A kill leaves the host kernel's page cache alone, so this proves that nothing acknowledged waits in
 * the VMM's own memory (or qemu-nbd's: it is told of the kill only by its socket closing); that a flush
 * reaches the disk itself is the backends' fsync, not observable without cutting power.
 */
class KillDurabilityLinuxTest {
    static final String FLAVOUR = "armmp-lpae";
    /** Where the guest's fsync'd pattern goes, and where it keeps writing when the kill comes (both in 4 KiB blocks). */
    static final int PATTERN_BLOCK = 1, BACKGROUND_BLOCK = 256;

    @TempDir Path tmp;

    @Test
    void writesTheGuestFsyncedSurviveTheVmmBeingKilled() throws Exception {
        assumeTrue(GuestCache.has(FLAVOUR), GuestCache.missing(FLAVOUR));
        DemoGuestTest.assumeTcg();
        assumeTrue(!Decoders.loadExtensions().isEmpty(), "the TCG CPU in this build has no VFP/Advanced SIMD decoder");
        assumeTrue(QemuTools.installed(), QemuTools.missing());

        byte[] rawBefore = new byte[4 << 20];
        new Random(15).nextBytes(rawBefore);
        Path raw = Files.write(tmp.resolve("disk.img"), rawBefore);
        Path qcow2 = QemuTools.qcow2(tmp.resolve("disk.qcow2"), "4M", null);
        byte[] pattern = IntStream.rangeClosed(1, 20000).mapToObj(i -> i + "\n").collect(Collectors.joining())
                .getBytes(StandardCharsets.US_ASCII);

        try (SerialConsole console = new SerialConsole()) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), Main.class.getName(),
                    "run", "--board", "vexpress-a15", "--accel", "tcg", "--memory", "256M",
                    "--kernel", GuestCache.file(FLAVOUR, "zImage").toString(), "--initrd", GuestCache.file(FLAVOUR, "initramfs.cpio.gz").toString(),
                    "--append", "console=ttyAMA0", "--drive", "file=" + raw + ",format=raw", "--drive", "file=" + qcow2 + ",format=qcow2",
                    "--serial", console.serialOption(), "--timeout", "1200"));
            Path log = tmp.resolve("vmm.log");
            Process vmm = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                console.accept(Duration.ofSeconds(60));
                console.waitFor(READY, Duration.ofMinutes(15));
                console.waitFor(PROMPT, Duration.ofMinutes(1));
                String write = command(console, "seq 1 20000 > /tmp/p && for d in vda vdb; do dd if=/tmp/p of=/dev/$d bs=4096 seek="
                        + PATTERN_BLOCK + " conv=fsync 2>/dev/null || break; done; echo fsync-status-$?");
                assertTrue(write.contains("fsync-status-0"), write);
                // Unsynced writes on both disks, still going when the kill lands: they may or may not arrive,
                // but must not spill into the acknowledged pattern or the untouched bytes.
                String started = command(console, "for d in vda vdb; do (while :; do dd if=/dev/zero of=/dev/$d bs=4096 seek="
                        + BACKGROUND_BLOCK + " count=64 2>/dev/null; done) & done; sleep 1; echo writers-started");
                assertTrue(started.contains("writers-started"), started);
                assertTrue(vmm.isAlive(), Files.readString(log));
                vmm.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no close, no flush
                assertTrue(vmm.waitFor(30, TimeUnit.SECONDS), "the killed VMM did not end");
                assertEquals(137, vmm.exitValue(), "128 + SIGKILL");
            } finally {
                vmm.destroyForcibly();
            }
        }

        byte[] rawAfter = Files.readAllBytes(raw);
        assertEquals(rawBefore.length, rawAfter.length, "the raw image keeps its size");
        int at = PATTERN_BLOCK * 4096, end = at + pattern.length;
        assertArrayEquals(pattern, Arrays.copyOfRange(rawAfter, at, end), "vda: the fsync'd pattern is on the host's file");
        assertArrayEquals(Arrays.copyOfRange(rawBefore, 0, at), Arrays.copyOfRange(rawAfter, 0, at), "vda: the bytes before it are untouched");
        int bg = BACKGROUND_BLOCK * 4096;
        assertArrayEquals(Arrays.copyOfRange(rawBefore, end, bg), Arrays.copyOfRange(rawAfter, end, bg),
                "vda: the bytes between the pattern and the unsynced writes are untouched");
        assertArrayEquals(Arrays.copyOfRange(rawBefore, bg + 64 * 4096, rawBefore.length),
                Arrays.copyOfRange(rawAfter, bg + 64 * 4096, rawAfter.length), "vda: the bytes after the unsynced writes are untouched");

        awaitNoHelperFor(qcow2);
        String check = QemuTools.check(qcow2);
        assertTrue(check.contains("No errors were found"), check);
        byte[] q = QemuTools.contents(qcow2, "qcow2", tmp);
        assertArrayEquals(pattern, Arrays.copyOfRange(q, at, end), "vdb: the fsync'd pattern is in the qcow2");
        assertTrue(allZero(q, 0, at) && allZero(q, end, q.length), "vdb: nothing but the pattern and the zero writes");
    }

    /** qemu-nbd learns of the kill from its socket closing and then exits by itself, after writing back its caches. */
    private static void awaitNoHelperFor(Path image) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String path = image.toAbsolutePath().toString();
        while (System.nanoTime() < deadline && ProcessHandle.allProcesses()
                .anyMatch(p -> p.info().arguments().map(a -> List.of(a).contains(path)).orElse(false))) {
            Thread.sleep(100);
        }
        QemuTools.assertNoHelperFor(image);
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) if (b[i] != 0) return false;
        return true;
    }
}
