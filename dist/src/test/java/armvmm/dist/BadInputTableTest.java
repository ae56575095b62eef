package armvmm.dist;

import static armvmm.dist.CliTest.assertOneLineError;
import static armvmm.dist.CliTest.vmm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input table: every option of {@code vmm run} with a nonsense value, and files that are missing,
 * empty, truncated, directories or too large for the RAM; each must be one line on stderr naming the
 * option, exit status 2, no stack trace, and no guest started. (Unreadable files: see CliTest, which
 * cannot test them as root.)
 */
class BadInputTableTest {
    @TempDir static Path dir;

    private static Path file(String name, byte[] bytes) {
        try {
            return Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A zImage header (magic at 0x24) whose end lies past the file's end. */
    private static byte[] truncatedZImage() {
        byte[] b = new byte[0x100];
        int[] words = {0x016f2818, 0, 0x10000};
        for (int w = 0; w < words.length; w++)
            for (int k = 0; k < 4; k++) b[0x24 + 4 * w + k] = (byte) (words[w] >>> 8 * k);
        return b;
    }

    /** guests/elfboot's vexpress ELF with one header byte changed. */
    private static byte[] elfWith(int offset, int value) {
        try {
            byte[] b = Files.readAllBytes(KernelFormatsGuestTest.elfboot("elfboot-vexpress.elf"));
            b[offset] = (byte) value;
            return b;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Stream<Arguments> table() {
        Path empty = file("empty", new byte[0]);
        Path garbage = file("garbage.dtb", "not a device tree at all, just some text".getBytes());
        Path zimage = file("truncated.zImage", truncatedZImage());
        Path big = file("big.img", new byte[3 << 20]);
        Path kernel = file("tiny.bin", new byte[64]);
        Path sub = dir.resolve("subdir");
        try {
            Files.createDirectories(sub);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String k = kernel.toString();
        List<Arguments> t = new ArrayList<>();
        // the options, nonsense values
        t.add(Arguments.of(List.of("--board", "nonsense"), "unknown board 'nonsense'"));
        t.add(Arguments.of(List.of("--board", ""), "unknown board ''"));
        t.add(Arguments.of(List.of("--accel", "nonsense"), "unknown accelerator 'nonsense'"));
        t.add(Arguments.of(List.of("--accel", "tcg,jit=fast"), "--accel tcg,jit=fast: not a JIT mode"));
        t.add(Arguments.of(List.of("--accel", "tcg,jit"), "--accel tcg,jit: 'jit' is not KEY=VALUE"));
        t.add(Arguments.of(List.of("--accel", "tcg,frobs=64"), "--accel tcg,frobs=: no such setting (tcg takes jit, tb-size)"));
        t.add(Arguments.of(List.of("--accel", "tcg,tb-size=0"), "--accel tcg,tb-size=0: use a number of MiB from 1 to 4096"));
        t.add(Arguments.of(List.of("--accel", "tcg,tb-size=lots"), "--accel tcg,tb-size=lots: use a number of MiB from 1 to 4096"));
        t.add(Arguments.of(List.of("--accel", "auto,jit=off"), "settings need a named accelerator"));
        t.add(Arguments.of(List.of("--cpus", "0"), "--cpus 0"));
        t.add(Arguments.of(List.of("--cpus", "-1"), "--cpus -1: board vexpress-a15 takes 1 to 4"));
        t.add(Arguments.of(List.of("--cpus", "5"), "--cpus 5: board vexpress-a15 takes 1 to 4"));
        t.add(Arguments.of(List.of("--board", "virt", "--cpus", "9"), "--cpus 9: board virt takes 1 to 8"));
        t.add(Arguments.of(List.of("--board", "virt,gic-version=3", "--cpus", "17"), "--cpus 17: board virt,gic-version=3 takes 1 to 16"));
        t.add(Arguments.of(List.of("--board", "virt,gic-version=4"), "--board virt,gic-version=4: use gic-version=2 or 3"));
        t.add(Arguments.of(List.of("--board", "virt,gic-version"), "--board virt,gic-version: 'gic-version' is not KEY=VALUE"));
        t.add(Arguments.of(List.of("--board", "virt,gic-version=3,gic-version=2"), "--board virt,gic-version=3,gic-version=2: 'gic-version' given twice"));
        t.add(Arguments.of(List.of("--board", "virt,its=on"), "--board virt,its=on: unknown option (the virt board takes gic-version=2|3)"));
        t.add(Arguments.of(List.of("--board", "vexpress-a15,gic-version=3"), "--board vexpress-a15: the vexpress-a15 board takes no options ('gic-version' given)"));
        t.add(Arguments.of(List.of("--cpus", "99999999999"), "is not an int"));
        t.add(Arguments.of(List.of("--cpus", "two"), "'two'"));
        t.add(Arguments.of(List.of("--memory", "0"), "size '0' must be positive"));
        t.add(Arguments.of(List.of("--memory", "1"), "--memory 1 bytes: the vexpress-a15 board takes a multiple of 4 KiB up to 2048 MiB"));
        t.add(Arguments.of(List.of("--memory", "lots"), "'lots' is not a size"));
        t.add(Arguments.of(List.of("--memory", "-1G"), "must be positive"));
        t.add(Arguments.of(List.of("--memory", "5G"), "--memory 5120 MiB: the vexpress-a15 board takes"));
        t.add(Arguments.of(List.of("--memory", "1T"), "up to 2048 MiB"));
        t.add(Arguments.of(List.of("--board", "virt", "--memory", "4G"), "the virt board takes a multiple of 4 KiB up to 3072 MiB"));
        t.add(Arguments.of(List.of("--serial", "nonsense"), "--serial nonsense"));
        t.add(Arguments.of(List.of("--serial", "file:" + sub.resolve("no/such/dir/log")), "cannot write"));
        t.add(Arguments.of(List.of("--serial", "tcp:localhost:notaport"), "port 'notaport' is not a number"));
        t.add(Arguments.of(List.of("--serial", "tcp:localhost:99999"), "port 99999 is out of range 1-65535"));
        t.add(Arguments.of(List.of("--console", "nonsense"), "--console nonsense"));
        t.add(Arguments.of(List.of("--drive", "nonsense"), "--drive: file=PATH is required"));
        t.add(Arguments.of(List.of("--drive", "file=" + dir.resolve("missing.img")), "no such file"));
        t.add(Arguments.of(List.of("--drive", "file=" + sub), "not a regular file"));
        t.add(Arguments.of(List.of("--drive", "file=" + big + ",format=vmdk"), "format vmdk is not supported"));
        t.add(Arguments.of(List.of("--drive", "file=" + big + ",readonly=maybe"), "readonly=maybe (use on or off)"));
        t.add(Arguments.of(List.of("--netdev", "nonsense"), "--netdev nonsense"));
        t.add(Arguments.of(List.of("--netdev", "socket,listen=nonsense"), "expected HOST:PORT"));
        t.add(Arguments.of(List.of("--netdev", "tap"), "ifname=NAME is required"));
        t.add(Arguments.of(List.of("--netdev", "socket,connect=127.0.0.1:1,mac=nonsense"), "mac 'nonsense' is not six hex bytes"));
        t.add(Arguments.of(List.of("--device", "nonsense"), "--device nonsense"));
        t.add(Arguments.of(List.of("--board", "virt", "--kernel", k, "--device", "pci-testdev,addr=7"), "--device pci-testdev: unknown option addr= (it takes id=)"));
        t.add(Arguments.of(List.of("--board", "vexpress-a15", "--kernel", k, "--device", "pci-testdev"), "--device pci-testdev: unknown device (the vexpress-a15 board takes virtio-rng, virtio-console)"));
        t.add(Arguments.of(List.of("--trace", "nonsense"), "unknown trace 'nonsense'"));
        t.add(Arguments.of(List.of("--trace", "mmio:addr=nonsense"), "is not LO-HI"));
        t.add(Arguments.of(List.of("--trace-file", sub.resolve("no/such/dir/trace").toString()), "--trace-file " + sub.resolve("no/such/dir/trace") + ": cannot write"));
        t.add(Arguments.of(List.of("--timeout", "-1"), "--timeout -1: "));
        t.add(Arguments.of(List.of("--timeout", "soon"), "'soon'"));
        t.add(Arguments.of(List.of("--snapshot-at", "soon:" + dir.resolve("s.snap")), "--snapshot-at soon:" + dir.resolve("s.snap") + ": 'soon' is not a number of seconds"));
        t.add(Arguments.of(List.of("--snapshot-at", "-1:" + dir.resolve("s.snap")), "seconds must be 0 to 1000000"));
        t.add(Arguments.of(List.of("--snapshot-at", "2"), "use SECONDS:FILE"));
        t.add(Arguments.of(List.of("--snapshot-at", "2:" + sub.resolve("no/such/dir/s.snap")), "cannot write in " + sub.resolve("no/such/dir")));
        t.add(Arguments.of(List.of("--snapshot-at", "2:" + sub), "is a directory"));
        t.add(Arguments.of(List.of("--snapshot-on-signal", "HUP:" + dir.resolve("s.snap")), "signal HUP: use USR1 or USR2"));
        t.add(Arguments.of(List.of("--exit-after-snapshot"), "--exit-after-snapshot: needs --snapshot-at or --snapshot-on-signal"));
        t.add(Arguments.of(List.of("--restore", dir.resolve("missing.snap").toString()), "--restore " + dir.resolve("missing.snap") + ": no such file"));
        t.add(Arguments.of(List.of("--restore", empty.toString()), "truncated: the file ends inside its header"));
        t.add(Arguments.of(List.of("--restore", garbage.toString()), "not an armvmm snapshot"));
        t.add(Arguments.of(List.of("--incoming", "exec:cat"), "--incoming exec:cat: use tcp:[HOST]:PORT (the only transport)"));
        t.add(Arguments.of(List.of("--incoming", "tcp:127.0.0.1:x"), "--incoming tcp:127.0.0.1:x: port 'x' is not a number"));
        t.add(Arguments.of(List.of("--incoming", "tcp::4444", "--restore", garbage.toString()), "--incoming and --restore: give one of them"));
        // files
        t.add(Arguments.of(List.of("--kernel", dir.resolve("missing").toString()), "no such file"));
        t.add(Arguments.of(List.of("--kernel", sub.toString()), "is a directory"));
        t.add(Arguments.of(List.of("--kernel", empty.toString()), "the file is empty"));
        t.add(Arguments.of(List.of("--kernel", zimage.toString()), "malformed zImage header"));
        t.add(Arguments.of(List.of("--kernel", big.toString(), "--memory", "2M"), "larger than the 2 MiB of guest RAM"));
        // ELF and U-Boot headers (vexpress-a15, RAM at 0x80000000)
        String elf = KernelFormatsGuestTest.elfboot("elfboot-vexpress.elf").toString();
        t.add(Arguments.of(List.of("--kernel", file("short.elf", java.util.Arrays.copyOf(elfWith(0, 0x7f), 40)).toString()),
                "ELF kernel: the file (40 bytes) is shorter than an ELF32 header"));
        t.add(Arguments.of(List.of("--kernel", file("x86.elf", elfWith(18, 3)).toString()), "ELF kernel: e_machine 3: not ARM (EM_ARM, 40)"));
        t.add(Arguments.of(List.of("--kernel", file("elf64.elf", elfWith(4, 2)).toString()), "ELF kernel: EI_CLASS 2: not a 32-bit ELF"));
        t.add(Arguments.of(List.of("--kernel", file("phoff.elf", elfWith(31, 0x70)).toString()), "do not fit in the file"));
        t.add(Arguments.of(List.of("--kernel", KernelFormatsGuestTest.elfboot("elfboot-virt.elf").toString()),
                "the ELF kernel's 0x40100000-0x401001c0 lies outside RAM (0x80000000-0xa0000000)"));
        t.add(Arguments.of(List.of("--kernel", elf, "--memory", "1M"), "lies outside RAM"));
        t.add(Arguments.of(List.of("--kernel", elf, "--initrd", k), "--initrd: " + elf + " is a bare-metal ELF kernel, which gets no initrd"));
        byte[] uImage = armvmm.boards.loader.KernelFiles.uImage(new byte[4096], 0x8000_8000L, 0x8000_8000L, armvmm.boards.loader.KernelFiles.OS_LINUX,
                armvmm.boards.loader.KernelFiles.COMP_NONE);
        byte[] damaged = uImage.clone();
        damaged[40] ^= 1;
        t.add(Arguments.of(List.of("--kernel", file("damaged.uImage", damaged).toString()), "U-Boot image: ih_hcrc"));
        byte[] ramdisk = uImage.clone();
        ramdisk[30] = 3; // ih_type: IH_TYPE_RAMDISK
        t.add(Arguments.of(List.of("--kernel", file("ramdisk.uImage", armvmm.boards.loader.KernelFiles.fixHeaderCrc(ramdisk)).toString()),
                "U-Boot image: ih_type 3: not a kernel image (2)"));
        t.add(Arguments.of(List.of("--kernel", file("truncated.uImage", java.util.Arrays.copyOf(uImage, 1000)).toString()), "ih_size 0x1000 runs past the end"));
        t.add(Arguments.of(List.of("--kernel", k, "--dtb", dir.resolve("missing.dtb").toString()), "no such file"));
        t.add(Arguments.of(List.of("--kernel", k, "--dtb", sub.toString()), "is a directory"));
        t.add(Arguments.of(List.of("--kernel", k, "--dtb", empty.toString()), "the file is empty"));
        t.add(Arguments.of(List.of("--kernel", k, "--dtb", garbage.toString()), "not a device tree blob"));
        t.add(Arguments.of(List.of("--kernel", k, "--initrd", dir.resolve("missing").toString()), "no such file"));
        t.add(Arguments.of(List.of("--kernel", k, "--initrd", sub.toString()), "is a directory"));
        t.add(Arguments.of(List.of("--kernel", k, "--initrd", empty.toString()), "the file is empty"));
        t.add(Arguments.of(List.of("--kernel", k, "--initrd", big.toString(), "--memory", "4M"), "does not fit"));
        return t.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void oneLineAndExitStatus2(List<String> options, String expected) {
        // A guest that starts after all is stopped by the timeout (exit 4, a failure here).
        List<String> args = new ArrayList<>(List.of("run"));
        if (!options.contains("--timeout")) args.addAll(List.of("--timeout", "5"));
        if (!options.contains("--accel")) args.addAll(List.of("--accel", "tcg"));
        if (!options.contains("--serial")) args.addAll(List.of("--serial", "none"));
        args.addAll(options);
        assertOneLineError(vmm(args.toArray(String[]::new)), expected);
    }
}
