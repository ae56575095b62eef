package armvmm.dist;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import armvmm.boards.GuestCache;
import armvmm.devices.block.nbd.QemuTools;
import armvmm.isa.decode.Decoders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18's qcow2 disk, whole: Debian's guest boots with {@code --drive file=top.qcow2,format=qcow2}, a
 * qcow2 that qemu-img made on a raw backing file, reads the backing file's bytes through it, writes a pattern,
 * flushes and powers off; on the host {@code qemu-img check} finds the image clean, {@code qemu-img convert}
 * finds the pattern over the backing file's bytes, the backing file is untouched and no qemu-nbd is left.
 * A second boot with snapshot=on reads the pattern back, overwrites it, sees its own write, and leaves the
 * image byte for byte as it was.
 */
class Qcow2LinuxTest {
    static final Duration BOOT = VirtioLinuxTest.BOOT;
    static final String PROMPT = VirtioLinuxTest.PROMPT;

    @TempDir Path tmp;

    @Test
    void aQcow2OnABackingFileIsWrittenByTheGuestAndSnapshotOnDiscardsWrites() throws Exception {
        assumeTrue(GuestCache.has(VirtioLinuxTest.FLAVOUR), GuestCache.missing(VirtioLinuxTest.FLAVOUR));
        DemoGuestTest.assumeTcg();
        assumeTrue(!Decoders.loadExtensions().isEmpty(), "the TCG CPU in this build has no VFP/Advanced SIMD decoder");
        assumeTrue(QemuTools.installed(), QemuTools.missing());

        Path base = tmp.resolve("base.raw");
        byte[] baseData = new byte[8 << 20];
        new Random(18).nextBytes(baseData);
        byte[] magic = "ARMVMM-BACKING-FILE".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, baseData, 0, magic.length);
        Files.write(base, baseData);
        Path top = tmp.resolve("top.qcow2");
        QemuTools.qcow2(top, null, base);
        byte[] pattern = IntStream.rangeClosed(1, 20000).mapToObj(i -> i + "\n").collect(Collectors.joining())
                .getBytes(StandardCharsets.US_ASCII);
        String patternMd5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(pattern));

        boot("file=" + top + ",format=qcow2", c -> {
            String size = command(c, "cat /sys/block/vda/size; head -c " + magic.length + " /dev/vda; echo");
            assertTrue(size.matches("(?s).*\\n16384\\r?\\n.*"), "an 8 MiB /dev/vda, the backing file's size:\n" + size);
            assertTrue(size.contains(new String(magic, StandardCharsets.US_ASCII)), "the guest reads the backing file through the qcow2:\n" + size);
            String write = command(c, "seq 1 20000 > /tmp/p && dd if=/tmp/p of=/dev/vda bs=4096 seek=1 conv=fsync && sync"
                    + " && blockdev --flushbufs /dev/vda; echo write-status-$?");
            assertTrue(write.contains("write-status-0"), write);
        });
        QemuTools.assertNoHelperFor(top);
        String check = QemuTools.check(top);
        assertTrue(check.contains("No errors were found"), check);
        byte[] expected = baseData.clone();
        System.arraycopy(pattern, 0, expected, 4096, pattern.length);
        assertArrayEquals(expected, QemuTools.contents(top, "qcow2", tmp), "qemu-img convert: the guest's pattern over the backing file's bytes");
        assertArrayEquals(baseData, Files.readAllBytes(base), "the backing file is not written");

        byte[] before = Files.readAllBytes(top);
        boot("file=" + top + ",format=qcow2,snapshot=on", c -> {
            String sum = command(c, "dd if=/dev/vda bs=4096 skip=1 2>/dev/null | head -c " + pattern.length + " | md5sum");
            assertTrue(sum.contains(patternMd5), "the second boot reads the first one's pattern (md5 " + patternMd5 + "):\n" + sum);
            String overwrite = command(c, "dd if=/dev/zero of=/dev/vda bs=4096 count=64 conv=fsync && sync && blockdev --flushbufs /dev/vda"
                    + " && echo 3 > /proc/sys/vm/drop_caches; dd if=/dev/vda bs=4096 skip=1 count=1 2>/dev/null | od -An -tx1 | head -2; echo done-$?");
            assertTrue(overwrite.matches("(?s).*00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00.*done-0.*"),
                    "the guest sees its own writes under snapshot=on:\n" + overwrite);
        });
        QemuTools.assertNoHelperFor(top);
        assertArrayEquals(before, Files.readAllBytes(top), "snapshot=on left the qcow2 byte for byte as it was");
        assertArrayEquals(expected, QemuTools.contents(top, "qcow2", tmp));
    }

    /** A VMM ended by --timeout in the middle of the boot stops qemu-nbd too, and the image stays clean. */
    @Test
    void aTimeoutEndsTheHelperAndLeavesTheImageClean() throws Exception {
        assumeTrue(GuestCache.has(VirtioLinuxTest.FLAVOUR), GuestCache.missing(VirtioLinuxTest.FLAVOUR));
        DemoGuestTest.assumeTcg();
        assumeTrue(QemuTools.installed(), QemuTools.missing());
        Path img = QemuTools.qcow2(tmp.resolve("t.qcow2"), "4M", null);
        ExecutorService vmm = Executors.newSingleThreadExecutor();
        try (SerialConsole c = new SerialConsole()) {
            VirtioLinuxTest.Run run = VirtioLinuxTest.start(vmm, c, "console=ttyAMA0", 3, "--drive", "file=" + img + ",format=qcow2");
            c.accept(Duration.ofSeconds(60));
            assertEquals(4, run.exit().get(2, java.util.concurrent.TimeUnit.MINUTES), "exit status 4, --timeout; stderr:\n" + run.err());
        } finally {
            vmm.shutdownNow();
        }
        QemuTools.assertNoHelperFor(img);
        assertTrue(QemuTools.check(img).contains("No errors were found"), QemuTools.check(img));
    }

    private interface Session {
        void run(SerialConsole console) throws Exception;
    }

    /** One boot of the Debian guest with {@code drive} as its /dev/vda: the session at the prompt, then a power-off. */
    private static void boot(String drive, Session session) throws Exception {
        ExecutorService vmm = Executors.newSingleThreadExecutor();
        try (SerialConsole c = new SerialConsole()) {
            VirtioLinuxTest.Run run = VirtioLinuxTest.start(vmm, c, "console=ttyAMA0", "--drive", drive);
            c.accept(Duration.ofSeconds(60));
            c.waitFor(LinuxBootTest.READY, BOOT);
            c.waitFor(PROMPT, Duration.ofMinutes(1));
            session.run(c);
            c.send("poweroff -f");
            run.assertPoweredOff();
        } finally {
            vmm.shutdownNow();
        }
    }

    private static String command(SerialConsole c, String line) throws Exception { return VirtioLinuxTest.command(c, line); }
}
