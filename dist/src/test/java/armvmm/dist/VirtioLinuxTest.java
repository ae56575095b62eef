package armvmm.dist;

import armvmm.boards.GuestCache;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import armvmm.cli.Main;
import armvmm.isa.decode.Decoders;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's end-to-end test: Debian 12's armmp-lpae kernel on vexpress-a15 under TCG, with the virtio
 * modules of scripts/fetch-guest's initramfs, drives every virtio device the board offers. Three boots:
 * two VMM instances at once (one with a writable disk, the listening side of a socket netdev and
 * virtio-rng, its shell on UART0; the other with a read-only disk, the connecting side and its shell on
 * hvc0), then the first disk booted again to read back what the guest wrote.
 */
class VirtioLinuxTest {
    static final String FLAVOUR = "armmp-lpae";
    static final String PROMPT = LinuxBootTest.PROMPT;
    static final Duration BOOT = Duration.ofMinutes(15);

    @TempDir Path tmp;

    @Test
    void blockNetConsoleAndRngWorkForTheDebianGuest() throws Exception {
        assumeTrue(GuestCache.has(FLAVOUR), GuestCache.missing(FLAVOUR));
        DemoGuestTest.assumeTcg();
        assumeTrue(!Decoders.loadExtensions().isEmpty(),
                "the TCG CPU in this build has no VFP/Advanced SIMD decoder (branch vfp): Debian's armhf userland cannot run");

        Path disk = tmp.resolve("disk.img");
        Files.write(disk, new byte[4 << 20]);
        Path roDisk = tmp.resolve("ro.img");
        byte[] roContent = new byte[1 << 20];
        byte[] roMagic = "ARMVMM-READ-ONLY-IMAGE".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(roMagic, 0, roContent, 0, roMagic.length);
        Files.write(roDisk, roContent);
        // What the guest writes at byte 4096 of disk.img: busybox's "seq 1 20000", easy to make on both sides.
        byte[] pattern = IntStream.rangeClosed(1, 20000).mapToObj(i -> i + "\n").collect(Collectors.joining())
                .getBytes(StandardCharsets.US_ASCII);
        int port = freePort();

        ExecutorService vmms = Executors.newCachedThreadPool();
        try (SerialConsole a = new SerialConsole(); SerialConsole b = new SerialConsole()) {
            Run runA = start(vmms, a, "console=ttyAMA0",
                    "--drive", "file=" + disk + ",format=raw",
                    "--netdev", "socket,listen=127.0.0.1:" + port,
                    "--device", "virtio-rng");
            a.accept(Duration.ofSeconds(60));
            awaitListening(port, runA.exit);
            Run runB = start(vmms, b, "console=ttyAMA0 console=hvc0",
                    "--drive", "file=" + roDisk + ",format=raw,readonly=on",
                    "--netdev", "socket,connect=127.0.0.1:" + port,
                    "--console", "virtio");
            b.accept(Duration.ofSeconds(60));

            // A: shell on UART0, the kernel log there too.
            String bootA = a.waitFor(LinuxBootTest.READY, BOOT);
            assertTrue(bootA.contains("Linux version 6.1.0"), bootA);
            a.waitFor(PROMPT, Duration.ofMinutes(1));
            assertFalse(bootA.contains("init: insmod"), "every virtio module loads:\n" + bootA);
            String dmesg = command(a, "dmesg | grep -i virtio");
            String size = command(a, "cat /sys/block/vda/size /sys/block/vda/ro");
            assertTrue(size.matches("(?s).*\\n8192\\r?\\n0\\r?\\n.*"), "a 4 MiB writable /dev/vda:\n" + size + "\ndmesg:\n" + dmesg);

            // B: the same guest with its console on hvc0: the shell prompt arrives through virtio-console.
            b.waitFor(PROMPT, BOOT);
            String hvc = command(b, "echo on-$(tty)-$((6*7))");
            assertTrue(hvc.contains("on-/dev/hvc0-42"), "a shell runs on hvc0:\n" + hvc);

            // Read-only drive: reads work, the guest kernel refuses writes.
            String roRead = command(b, "cat /sys/block/vda/ro; head -c " + roMagic.length + " /dev/vda; echo");
            assertTrue(roRead.matches("(?s).*\\n1\\r?\\n.*"), "/dev/vda is read-only:\n" + roRead);
            assertTrue(roRead.contains(new String(roMagic, StandardCharsets.US_ASCII)), "reads of the read-only drive:\n" + roRead);
            String roWrite = command(b, "dd if=/dev/zero of=/dev/vda bs=512 count=1 conv=fsync; echo write-status-$?");
            assertTrue(roWrite.contains("write-status-1"), "a write to the read-only drive fails:\n" + roWrite);

            // Network: static addresses on both guests, then B pings A over the socket netdev.
            command(a, "ip link set eth0 up && ip addr add 192.168.77.1/24 dev eth0; echo net-$?");
            String netB = command(b, "ip link set eth0 up && ip addr add 192.168.77.2/24 dev eth0; echo net-$?");
            assertTrue(netB.contains("net-0"), netB);
            String ping = command(b, "ping -c 3 -W 10 192.168.77.1");
            assertTrue(ping.matches("(?s).*3 packets transmitted, [123] packets received.*"), "B pings A over the socket netdev:\n" + ping);
            String pingBack = command(a, "ping -c 2 -W 10 192.168.77.2");
            assertTrue(pingBack.matches("(?s).*2 packets transmitted, [12] packets received.*"), "A pings B:\n" + pingBack);

            // Entropy: 256 bytes from /dev/hwrng, served by the virtio-rng device.
            String rng = command(a, "cat /sys/class/misc/hw_random/rng_current; head -c 256 /dev/hwrng > /tmp/r; wc -c < /tmp/r; od -An -tx1 -v /tmp/r");
            assertTrue(rng.contains("virtio_rng"), "the current hwrng is virtio's:\n" + rng);
            byte[] random = hexBytesAfterLine(rng, "256");
            assertEquals(256, random.length, "bytes read from /dev/hwrng:\n" + rng);
            assertTrue(IntStream.range(0, 256).map(i -> random[i] & 0xff).distinct().count() > 64, "random bytes vary:\n" + rng);

            // Block write: the pattern at byte 4096, flushed, then a power-off.
            String write = command(a, "seq 1 20000 > /tmp/p && dd if=/tmp/p of=/dev/vda bs=4096 seek=1 conv=fsync && sync"
                    + " && blockdev --flushbufs /dev/vda; echo write-status-$?");
            assertTrue(write.contains("write-status-0"), write);

            a.send("poweroff -f");
            b.send("poweroff -f");
            runA.assertPoweredOff();
            runB.assertPoweredOff();
        } finally {
            vmms.shutdownNow();
        }
        byte[] image = Files.readAllBytes(disk);
        assertArrayEquals(pattern, Arrays.copyOfRange(image, 4096, 4096 + pattern.length), "the guest's pattern in disk.img");
        assertTrue(allZero(image, 0, 4096) && allZero(image, 4096 + pattern.length, image.length), "nothing else written to disk.img");
        assertArrayEquals(roContent, Files.readAllBytes(roDisk), "the read-only image is untouched");

        // A second boot reads the pattern back through virtio-blk.
        ExecutorService vmm = Executors.newSingleThreadExecutor();
        try (SerialConsole c = new SerialConsole()) {
            Run run = start(vmm, c, "console=ttyAMA0", "--drive", "file=" + disk + ",format=raw");
            c.accept(Duration.ofSeconds(60));
            c.waitFor(LinuxBootTest.READY, BOOT);
            c.waitFor(PROMPT, Duration.ofMinutes(1));
            String sum = command(c, "dd if=/dev/vda bs=4096 skip=1 2>/dev/null | head -c " + pattern.length + " | md5sum");
            String expected = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(pattern));
            assertTrue(sum.contains(expected), "the guest reads back the pattern (md5 " + expected + "):\n" + sum);
            c.send("poweroff -f");
            run.assertPoweredOff();
        } finally {
            vmm.shutdownNow();
        }
    }

    /** A VMM instance running in this JVM, as the CLI would run it. */
    record Run(Future<Integer> exit, StringWriter err) {
        void assertPoweredOff() throws Exception {
            assertEquals(0, exit.get(2, TimeUnit.MINUTES), "exit status of vmm run; stderr:\n" + err);
        }
    }

    static Run start(ExecutorService pool, SerialConsole console, String append, String... extra) {
        return start(pool, console, append, 1800, extra);
    }

    static Run start(ExecutorService pool, SerialConsole console, String append, int timeoutSeconds, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--board", "vexpress-a15", "--accel", "tcg", "--memory", "256M",
                "--kernel", GuestCache.file(FLAVOUR, "zImage").toString(),
                "--initrd", GuestCache.file(FLAVOUR, "initramfs.cpio.gz").toString(), "--append", append,
                "--serial", console.serialOption(), "--timeout", Integer.toString(timeoutSeconds)));
        args.addAll(List.of(extra));
        StringWriter out = new StringWriter(), err = new StringWriter();
        Future<Integer> exit = pool.submit(() -> Main.execute(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true)));
        return new Run(exit, err);
    }

    /** The listening VMM binds its netdev port while the board is built; the connecting one needs it bound. */
    private static void awaitListening(int port, Future<Integer> listener) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                return;
            } catch (IOException e) {
                if (listener.isDone()) fail("the listening VMM ended: exit " + listener.get());
                if (System.nanoTime() > deadline) throw new AssertionError("nothing listens on port " + port, e);
                Thread.sleep(100);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static String command(SerialConsole console, String line) throws Exception {
        console.send(line);
        return console.waitFor(PROMPT, Duration.ofMinutes(2));
    }

    /** The bytes of od -tx1 output: every two-digit hex group after the line that reads {@code line}. */
    private static byte[] hexBytesAfterLine(String output, String line) {
        Matcher at = Pattern.compile("\\n" + line + "\\r?\\n").matcher(output);
        assertTrue(at.find(), "no line " + line + " in:\n" + output);
        Matcher m = Pattern.compile("(?<![0-9a-f])([0-9a-f]{2})(?![0-9a-f])").matcher(output.substring(at.end()));
        List<Byte> out = new ArrayList<>();
        while (m.find()) out.add((byte) Integer.parseInt(m.group(1), 16));
        byte[] b = new byte[out.size()];
        for (int i = 0; i < b.length; i++) b[i] = out.get(i);
        return b;
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) if (b[i] != 0) return false;
        return true;
    }
}
