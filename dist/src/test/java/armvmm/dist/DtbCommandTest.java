package armvmm.dist;

import static org.junit.jupiter.api.Assertions.*;

import armvmm.cli.Main;
import armvmm.fdt.Fdt;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DtbCommandTest {
    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {}

    static Run vmm(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void dtsShowsTheTreeForTheseOptions() throws Exception {
        Path initrd = Files.write(tmp.resolve("initrd"), new byte[10_000]);
        Run r = vmm("dtb", "--dts", "--cpus", "2", "--memory", "256M", "--append", "console=ttyAMA0", "--initrd", initrd.toString(),
                "--device", "virtio-rng");
        assertEquals(0, r.exit, r.err);
        assertTrue(r.out.startsWith("/dts-v1/;"), r.out);
        assertTrue(r.out.contains("\tcpu@1 {"), r.out);
        assertTrue(r.out.contains("reg = <0x00 0x80000000 0x00 0x10000000>;"), r.out);
        assertTrue(r.out.contains("bootargs = \"console=ttyAMA0\";"), r.out);
        // 256 MiB of RAM: the initrd at the middle, 0x88000000, 10000 bytes long.
        assertTrue(r.out.contains("linux,initrd-start = <0x88000000>;"), r.out);
        assertTrue(r.out.contains("linux,initrd-end = <0x88002710>;"), r.out);
        assertTrue(r.out.contains("virtio_mmio@1c130000 {"), r.out);
        assertEquals("", r.err);
    }

    /** The virt board needs no --dtb: its tree comes from its table, with a kernel named (it bundles none). */
    @Test
    void virtsGeneratedTree() throws Exception {
        Path kernel = Files.write(tmp.resolve("kernel"), new byte[64]);
        Run r = vmm("dtb", "--dts", "--board", "virt", "--cpus", "2", "--kernel", kernel.toString(), "--append", "console=ttyAMA0");
        assertEquals(0, r.exit, r.err);
        assertTrue(r.out.contains("method = \"hvc\";"), r.out);
        assertTrue(r.out.contains("enable-method = \"psci\";"), r.out);
        assertTrue(r.out.contains("reg = <0x00 0x40000000 0x00 0x20000000>;"), "512 MiB at 0x40000000 by default:\n" + r.out);
        assertTrue(r.out.contains("serial@9000000 {"), r.out);

        Run noKernel = vmm("dtb", "--dts", "--board", "virt", "--memory", "64M");
        if (!armvmm.boards.common.DefaultGuest.fromEnvironment().hasLinux()) {
            assertEquals(2, noKernel.exit);
            assertTrue(noKernel.err.startsWith("vmm: the virt board has no bundled guest: give --kernel"), noKernel.err);
        }
        Run tooMany = vmm("dtb", "--dts", "--board", "virt", "--kernel", kernel.toString(), "--cpus", "9");
        assertEquals(2, tooMany.exit);
        assertEquals("vmm: --cpus 9: board virt takes 1 to 8 CPUs\n", tooMany.err);
    }

    /** gic-version=3: QEMU's arm,gic-v3 node, and a source dtc compiles back without a warning. */
    @Test
    void virtsTreeWithAGicv3CompilesBackWithDtc() throws Exception {
        Path kernel = Files.write(tmp.resolve("kernel"), new byte[64]);
        Run r = vmm("dtb", "--dts", "--board", "virt,gic-version=3", "--cpus", "2", "--kernel", kernel.toString());
        assertEquals(0, r.exit, r.err);
        assertTrue(r.out.contains("compatible = \"arm,gic-v3\";"), r.out);
        assertTrue(r.out.contains("reg = <0x00 0x8000000 0x00 0x10000 0x00 0x80a0000 0x00 0xf60000>;"), r.out);
        org.junit.jupiter.api.Assumptions.assumeTrue(java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, "dtc"))), "dtc (device-tree-compiler) is not installed");
        Path dts = Files.writeString(tmp.resolve("virt-gicv3.dts"), r.out);
        Process p = new ProcessBuilder("dtc", "-I", "dts", "-O", "dtb", "-o", tmp.resolve("virt-gicv3.dtb").toString(), dts.toString())
                .redirectErrorStream(true).start();
        String dtc = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), dtc);
        assertEquals("", dtc.strip(), "dtc's warnings");
        assertEquals(r.out, Fdt.parse(Files.readAllBytes(tmp.resolve("virt-gicv3.dtb"))).toDts(), "dtc's blob is the tree vmm dtb printed");
    }

    @Test
    void outputFileHoldsTheBlob() throws Exception {
        Path out = tmp.resolve("guest.dtb");
        Run r = vmm("dtb", "-o", out.toString(), "--memory", "128M");
        assertEquals(0, r.exit, r.err);
        Fdt fdt = Fdt.parse(Files.readAllBytes(out));
        assertArrayEquals(new int[] {0, 0x80000000, 0, 128 << 20}, fdt.node("/memory@80000000").orElseThrow().property("reg").orElseThrow().asCells());
        assertFalse(fdt.node("/chosen").orElseThrow().hasProperty("linux,initrd-start"));
    }

    @Test
    void badInputIsOneLineAndExitStatus2() throws Exception {
        Run missing = vmm("dtb", "--dts", "--dtb", tmp.resolve("nope.dtb").toString());
        assertEquals(2, missing.exit);
        assertEquals("vmm: --dtb " + tmp.resolve("nope.dtb") + ": no such file\n", missing.err);

        Path garbage = Files.write(tmp.resolve("garbage.dtb"), "not a tree".getBytes());
        Run bad = vmm("dtb", "--dts", "--dtb", garbage.toString());
        assertEquals(2, bad.exit);
        assertTrue(bad.err.startsWith("vmm: --dtb " + garbage + ": not a device tree blob"), bad.err);
        assertEquals(1, bad.err.lines().count(), bad.err);

        Run tooMany = vmm("dtb", "--dts", "--device", "virtio-rng", "--device", "virtio-rng", "--device", "virtio-rng", "--device", "virtio-rng",
                "--device", "virtio-rng");
        assertEquals(2, tooMany.exit);
        assertTrue(tooMany.err.startsWith("vmm: too many virtio devices"), tooMany.err);

        Run odd = vmm("dtb", "--dts", "--memory", "100");
        assertEquals(2, odd.exit);
        assertEquals("vmm: --memory 100 bytes: the vexpress-a15 board takes a multiple of 4 KiB up to 2048 MiB\n", odd.err);
        Run huge = vmm("dtb", "--dts", "--memory", "3G");
        assertEquals("vmm: --memory 3072 MiB: the vexpress-a15 board takes a multiple of 4 KiB up to 2048 MiB\n", huge.err);

        Run nowhere = vmm("dtb");
        assertEquals(2, nowhere.exit);
        assertTrue(nowhere.err.contains("-o FILE"), nowhere.err);
    }
}
