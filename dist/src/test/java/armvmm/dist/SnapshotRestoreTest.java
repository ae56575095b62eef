package armvmm.dist;

import static armvmm.dist.CliTest.assertOneLineError;
import static org.junit.jupiter.api.Assertions.*;

import armvmm.cli.Main;
import armvmm.kvm.nested.NestedKvmHost;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * guests/snapshot (a checksum over 1 MiB in 16 rounds, a timer tick between rounds) on two vCPUs with a
 * virtio disk: run once uninterrupted, once saved with --snapshot-at in the middle and ended there, and once
 * restored from that snapshot in a new machine. What the two halves print, put together, is what the
 * uninterrupted run printed, byte for byte. Then the bad snapshots: each one line and exit status 2.
 */
class SnapshotRestoreTest {
    @TempDir static Path dir;
    static Path guest, disk, snapshot;
    static Run full, first;

    record Run(int exit, String serial, String stderr) {}

    static Run vmm(String serialName, String... extra) throws IOException {
        Path serial = dir.resolve(serialName);
        List<String> args = new ArrayList<>(List.of("run", "--accel", "tcg", "--board", "vexpress-a15", "--cpus", "2", "--memory", "64M",
                "--kernel", guest.toString(), "--drive", "file=" + disk, "--serial", "file:" + serial, "--timeout", "90"));
        args.addAll(Arrays.asList(extra));
        StringWriter out = new StringWriter(), err = new StringWriter();
        int exit = Main.execute(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, Files.exists(serial) ? Files.readString(serial) : "", err.toString());
    }

    @BeforeAll
    static void uninterruptedAndSaved() throws IOException {
        DemoGuestTest.assumeTcg();
        guest = NestedKvmHost.repoRoot().resolve("guests/snapshot/checksum.bin");
        disk = Files.write(dir.resolve("disk.img"), new byte[1 << 20]);
        snapshot = dir.resolve("guest.snap");
        full = vmm("full.txt");
        first = vmm("first.txt", "--snapshot-at", "1.5:" + snapshot, "--exit-after-snapshot");
    }

    @Test
    void theRestoredRunPrintsWhatTheUninterruptedRunPrintedFromWhereTheSnapshotWasTaken() throws IOException {
        assertEquals(0, full.exit(), full.stderr());
        assertTrue(full.serial().startsWith("checksum guest: start\r\nround 1 0x"), full.serial());
        assertTrue(full.serial().contains("round 16 0x") && full.serial().matches("(?s).*\r\nchecksum 0x[0-9a-f]{8}\r\n"), full.serial());

        assertEquals(0, first.exit(), first.stderr());
        assertTrue(first.stderr().contains("vmm: snapshot " + snapshot + " written: "), first.stderr());
        assertTrue(Files.size(snapshot) > 0);
        assertFalse(first.serial().contains("checksum 0x"),
                "the guest finished within 1.5 s, before the snapshot: it needs more rounds on this host\n" + first.serial());

        Run second = vmm("second.txt", "--restore", snapshot.toString());
        assertEquals(0, second.exit(), second.stderr());
        assertTrue(second.stderr().contains("vmm: restored " + snapshot + " in "), second.stderr());
        assertFalse(second.serial().contains("checksum guest: start"), second.serial());
        assertEquals(full.serial(), first.serial() + second.serial(), "first part:\n" + first.serial() + "\nrestored part:\n" + second.serial());
    }

    /** The snapshot with {@code edit} applied, written beside it. */
    private static Path edited(String name, java.util.function.UnaryOperator<byte[]> edit) {
        try {
            return Files.write(dir.resolve(name), edit.apply(Files.readAllBytes(snapshot)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Stream<Arguments> badSnapshots() throws IOException {
        Path bigger = Files.write(dir.resolve("bigger.img"), new byte[2 << 20]);
        List<Arguments> t = new ArrayList<>();
        Path truncated = edited("truncated.snap", b -> Arrays.copyOf(b, b.length / 2));
        Path magic = edited("magic.snap", b -> {
            b[0] = 'X';
            return b;
        });
        Path version = edited("version.snap", b -> {
            b[8] = 0;
            b[9] = 99;
            return b;
        });
        // the last byte of the last device's section, before that section's CRC and the 12-byte end marker
        Path crc = edited("crc.snap", b -> {
            b[b.length - 12 - 4 - 1] ^= 0x5a;
            return b;
        });
        String d = disk.toString();
        t.add(Arguments.of("truncated", truncated, "vexpress-a15", "2", "64M", d, "truncated: the file ends inside section"));
        t.add(Arguments.of("wrong magic", magic, "vexpress-a15", "2", "64M", d, "not an armvmm snapshot"));
        t.add(Arguments.of("newer version", version, "vexpress-a15", "2", "64M", d, "snapshot format version 99, but this armvmm reads version 1 only"));
        t.add(Arguments.of("corrupt section", crc, "vexpress-a15", "2", "64M", d, ": CRC mismatch (the file is corrupt)"));
        t.add(Arguments.of("another board", snapshot, "virt", "2", "64M", d, "the snapshot is of board vexpress-a15, not virt (give --board vexpress-a15)"));
        t.add(Arguments.of("other CPU count", snapshot, "vexpress-a15", "1", "64M", d, "the snapshot has 2 CPUs, this machine 1 (give --cpus 2)"));
        t.add(Arguments.of("other RAM size", snapshot, "vexpress-a15", "2", "128M", d,
                "the snapshot has 67108864 bytes of RAM, this machine 134217728 (give --memory 64M)"));
        t.add(Arguments.of("other disk size", snapshot, "vexpress-a15", "2", "64M", bigger.toString(), "the snapshot's disk has 1048576 bytes, this --drive 2097152"));
        t.add(Arguments.of("no disk", snapshot, "vexpress-a15", "2", "64M", null, "this machine has no such part (restore with the --drive"));
        return t.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSnapshots")
    void aBadSnapshotIsOneLineAndExitStatus2(String what, Path file, String board, String cpus, String memory, String drive, String expected) {
        List<String> args = new ArrayList<>(List.of("run", "--accel", "tcg", "--board", board, "--cpus", cpus, "--memory", memory,
                "--kernel", guest.toString(), "--serial", "none", "--timeout", "10", "--restore", file.toString()));
        if (drive != null) args.addAll(List.of("--drive", "file=" + drive));
        assertOneLineError(CliTest.vmm(args.toArray(String[]::new)), expected);
    }
}
