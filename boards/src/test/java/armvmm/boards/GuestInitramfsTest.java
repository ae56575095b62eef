package armvmm.boards;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/guest-initramfs.py (the initramfs step of scripts/fetch-guest) on a made-up kernel module tree:
 * the archive holds busybox, a console node, the virtio modules with their dependencies, and an /init that
 * loads them dependencies first.
 */
class GuestInitramfsTest {
    @TempDir
    Path tmp;

    /** A fake module: just the .modinfo strings the script reads. */
    private void module(Path moddir, String path, String name, String depends) throws Exception {
        Path p = moddir.resolve("kernel").resolve(path);
        Files.createDirectories(p.getParent());
        Files.write(p, ("\0ELF-ish\0license=GPL\0depends=" + depends + "\0name=" + name + "\0").getBytes(StandardCharsets.US_ASCII));
    }

    record Entry(int mode, int rdevMajor, int rdevMinor, byte[] data) {}

    @Test
    void theArchiveLoadsTheVirtioModulesDependenciesFirst() throws Exception {
        Path script = Path.of(System.getProperty("armvmm.repo.root", "..")).resolve("scripts/guest-initramfs.py");
        assumeTrue(Files.isReadable(script), "scripts/guest-initramfs.py not found from " + script);
        assumeTrue(HostTools.works("python3", "--version"), "python3 is not installed");

        Path moddir = tmp.resolve("lib/modules/6.1.0-test");
        module(moddir, "drivers/virtio/virtio_mmio.ko", "virtio_mmio", "");
        module(moddir, "drivers/block/virtio_blk.ko", "virtio_blk", "");
        module(moddir, "net/core/failover.ko", "failover", "");
        module(moddir, "drivers/net/net_failover.ko", "net_failover", "failover");
        module(moddir, "drivers/net/virtio_net.ko", "virtio_net", "net_failover");
        module(moddir, "drivers/char/virtio_console.ko", "virtio_console", "");
        module(moddir, "drivers/char/hw_random/virtio-rng.ko", "virtio_rng", "");
        module(moddir, "drivers/unrelated.ko", "unrelated", "");
        Files.writeString(moddir.resolve("modules.builtin"), "kernel/drivers/virtio/virtio.ko\nkernel/drivers/virtio/virtio_ring.ko\n");
        Path busybox = Files.write(tmp.resolve("busybox"), "BUSYBOX".getBytes());
        Path out = tmp.resolve("initramfs.cpio.gz");

        HostTools.run(tmp, "python3", script.toString(), moddir.toString(), busybox.toString(), "6.1.0-test", out.toString());

        Map<String, Entry> files = readCpio(out);
        assertEquals("BUSYBOX", new String(files.get("bin/busybox").data()));
        assertEquals(0100755, files.get("bin/busybox").mode());
        Entry console = files.get("dev/console");
        assertEquals(0020600, console.mode());
        assertEquals(List.of(5, 1), List.of(console.rdevMajor(), console.rdevMinor()));
        assertFalse(files.containsKey("lib/modules/unrelated.ko"));
        assertTrue(files.containsKey("lib/modules/virtio_rng.ko"));

        String init = new String(files.get("init").data(), StandardCharsets.UTF_8);
        assertEquals(0100755, files.get("init").mode());
        for (String fs : new String[] {"mount -t proc proc /proc", "mount -t sysfs sysfs /sys", "mount -t devtmpfs devtmpfs /dev"})
            assertTrue(init.contains(fs), init);
        List<String> order = init.lines().filter(l -> l.startsWith("insmod ")).map(l -> l.split(" ")[1]).toList();
        assertEquals(List.of("/lib/modules/virtio_mmio.ko", "/lib/modules/virtio_blk.ko", "/lib/modules/failover.ko",
                "/lib/modules/net_failover.ko", "/lib/modules/virtio_net.ko", "/lib/modules/virtio_console.ko", "/lib/modules/virtio_rng.ko"), order);
        assertTrue(init.contains("echo \"ARMVMM-GUEST-READY $(uname -r)\""), init);
        assertTrue(init.trim().endsWith("exec setsid cttyhack /bin/sh"), init);
    }

    /** The "newc" cpio format: a 110-byte ASCII header, the name, the data, each padded to 4 bytes. */
    private static Map<String, Entry> readCpio(Path gz) throws Exception {
        byte[] b;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            in.transferTo(o);
            b = o.toByteArray();
        }
        Map<String, Entry> out = new LinkedHashMap<>();
        int pos = 0;
        while (true) {
            String h = new String(b, pos, 110, StandardCharsets.US_ASCII);
            assertEquals("070701", h.substring(0, 6));
            int[] f = new int[13];
            for (int i = 0; i < 13; i++) f[i] = (int) Long.parseLong(h.substring(6 + 8 * i, 14 + 8 * i), 16);
            int nameSize = f[11], fileSize = f[6];
            String name = new String(b, pos + 110, nameSize - 1, StandardCharsets.US_ASCII);
            pos = align4(pos + 110 + nameSize);
            if (name.equals("TRAILER!!!")) return out;
            out.put(name, new Entry(f[1], f[9], f[10], java.util.Arrays.copyOfRange(b, pos, pos + fileSize)));
            pos = align4(pos + fileSize);
        }
    }

    private static int align4(int v) { return (v + 3) & ~3; }
}
