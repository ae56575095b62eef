package armvmm.cli;

import armvmm.error.ExitCode;
import armvmm.error.VmmException;
import armvmm.machine.Machine;
import armvmm.snapshot.MachineSnapshot;
import armvmm.snapshot.Migration;
import armvmm.snapshot.SnapshotFormatException;
import armvmm.snapshot.SnapshotTrigger;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The snapshot options of {@code vmm run} (a mixin, so that RunCommand only calls {@link #check} and {@link #apply}). */
public final class SnapshotOptions {
    @Option(names = "--snapshot-at", paramLabel = "SECONDS:FILE", description = "Save the machine to FILE this many seconds after it starts, then go on.")
    String snapshotAt;

    @Option(names = "--snapshot-on-signal", paramLabel = "USR1|USR2:FILE", description = "Save the machine to FILE whenever the VMM receives this signal.")
    String snapshotOnSignal;

    @Option(names = "--exit-after-snapshot", description = "End the run (exit status 0) once a snapshot is written, instead of going on.")
    boolean exitAfterSnapshot;

    @Option(names = "--restore", paramLabel = "FILE", description = "Start from a snapshot instead of booting: give the board, --cpus, --memory and disks it was taken with.")
    Path restore;

    @Option(names = "--incoming", paramLabel = "tcp:[HOST]:PORT", description = "Start from a guest migrated here by another VMM (QMP migrate): wait for it"
            + " there, instead of booting; give the board, --cpus, --memory and disks the source runs with.")
    String incoming;

    private Migration.Endpoint incomingAt;
    private SnapshotTrigger.At at;
    private SnapshotTrigger.OnSignal onSignal;

    /** The options checked before anything starts: a bad one is one line and exit status 2. */
    void check() {
        try {
            if (snapshotAt != null) at = SnapshotTrigger.parseAt(snapshotAt);
        } catch (IllegalArgumentException e) {
            throw new VmmException("--snapshot-at " + snapshotAt + ": " + e.getMessage());
        }
        try {
            if (snapshotOnSignal != null) onSignal = SnapshotTrigger.parseOnSignal(snapshotOnSignal);
        } catch (IllegalArgumentException e) {
            throw new VmmException("--snapshot-on-signal " + snapshotOnSignal + ": " + e.getMessage());
        }
        if (exitAfterSnapshot && at == null && onSignal == null)
            throw new VmmException("--exit-after-snapshot: needs --snapshot-at or --snapshot-on-signal");
        if (at != null) checkWritable("--snapshot-at " + snapshotAt, at.file());
        if (onSignal != null) checkWritable("--snapshot-on-signal " + snapshotOnSignal, onSignal.file());
        RunCommand.checkReadable("--restore", restore);
        if (incoming != null) {
            if (restore != null) throw new VmmException("--incoming and --restore: give one of them");
            try {
                incomingAt = Migration.Endpoint.parse(incoming);
            } catch (IllegalArgumentException e) {
                throw new VmmException("--incoming " + incoming + ": " + e.getMessage());
            }
        }
    }

    private static void checkWritable(String option, Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) throw new VmmException(option + ": " + file + " is a directory");
        if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir))
            throw new VmmException(option + ": cannot write in " + dir);
    }

    /** After the board is built, before the machine runs: restores the snapshot, and arms the saves. */
    void apply(Machine machine, PrintWriter err) {
        if (restore != null) {
            long start = System.nanoTime();
            try {
                MachineSnapshot.restore(machine, restore);
            } catch (SnapshotFormatException e) {
                throw new VmmException("--restore " + restore + ": " + e.getMessage());
            } catch (IOException e) {
                throw new VmmException("--restore " + restore + ": cannot read (" + e.getMessage() + ")");
            } catch (UnsupportedOperationException e) {
                throw new VmmException("--restore " + restore + ": " + e.getMessage(), ExitCode.UNSUPPORTED);
            }
            err.println("vmm: restored " + restore + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        }
        if (incomingAt != null) {
            long millis;
            try {
                millis = Migration.receive(machine, incomingAt, line -> err.println("vmm: " + line));
            } catch (SnapshotFormatException e) {
                throw new VmmException("--incoming " + incoming + ": " + e.getMessage());
            } catch (IOException e) {
                throw new VmmException("--incoming " + incoming + ": " + e.getMessage());
            } catch (UnsupportedOperationException e) {
                throw new VmmException("--incoming " + incoming + ": " + e.getMessage(), ExitCode.UNSUPPORTED);
            }
            err.println("vmm: incoming migration restored in " + millis + " ms");
        }
        if (machine.vcpus().stream().anyMatch(v -> v.debug().isEmpty()) && (at != null || onSignal != null))
            throw new VmmException("--snapshot-at/--snapshot-on-signal: this accelerator cannot save vCPU state yet (use --accel tcg)", ExitCode.UNSUPPORTED);
        if (at != null) SnapshotTrigger.arm(machine, at, exitAfterSnapshot, err);
        if (onSignal != null) SnapshotTrigger.arm(machine, onSignal, exitAfterSnapshot, err);
    }
}
