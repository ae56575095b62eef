package armvmm.snapshot;

import armvmm.machine.Machine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * When a running machine saves itself: after a delay ({@code --snapshot-at SECONDS:FILE}) or on each
 * delivery of a signal ({@code --snapshot-on-signal USR1:FILE}). Each save runs on a thread of its own,
 * pauses the machine, writes, and resumes it, or powers it off after the first save when asked to
 * ({@code --exit-after-snapshot}: the run ends with exit status 0, as after a guest's power-off).
 */
public final class SnapshotTrigger {
    /** How a save reports itself: one line, on the CLI's stderr. */
    private final Consumer<String> report;
    private final Machine machine;
    private final Path file;
    private final boolean exitAfter;

    private SnapshotTrigger(Machine machine, Path file, boolean exitAfter, Consumer<String> report) {
        this.machine = machine;
        this.file = file;
        this.exitAfter = exitAfter;
        this.report = report;
    }

    /** A checked {@code SECONDS:FILE}: seconds after the run starts, fractions allowed. */
    public record At(long delayNanos, Path file) {}

    /** A checked {@code SIGNAL:FILE}. */
    public record OnSignal(String signal, Path file) {}

    /** The signals a save may be bound to: the two the JVM leaves to applications. */
    static final java.util.Set<String> SIGNALS = java.util.Set.of("USR1", "USR2");

    public static At parseAt(String spec) {
        int colon = spec.indexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) throw new IllegalArgumentException("use SECONDS:FILE (e.g. 2.5:guest.snap)");
        double seconds;
        try {
            seconds = Double.parseDouble(spec.substring(0, colon));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + spec.substring(0, colon) + "' is not a number of seconds");
        }
        if (!(seconds >= 0) || seconds > 1e6) throw new IllegalArgumentException("seconds must be 0 to 1000000");
        return new At((long) (seconds * 1e9), Path.of(spec.substring(colon + 1)));
    }

    public static OnSignal parseOnSignal(String spec) {
        int colon = spec.indexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) throw new IllegalArgumentException("use SIGNAL:FILE (e.g. USR1:guest.snap)");
        String sig = spec.substring(0, colon).toUpperCase(Locale.ROOT);
        if (sig.startsWith("SIG")) sig = sig.substring(3);
        if (!SIGNALS.contains(sig)) throw new IllegalArgumentException("signal " + spec.substring(0, colon) + ": use USR1 or USR2");
        return new OnSignal(sig, Path.of(spec.substring(colon + 1)));
    }

    /** Saves once, {@code at.delayNanos()} after this call. */
    public static void arm(Machine machine, At at, boolean exitAfter, PrintWriter err) {
        SnapshotTrigger t = new SnapshotTrigger(machine, at.file(), exitAfter, line -> err.println(line));
        Thread th = new Thread(() -> {
            try {
                TimeUnit.NANOSECONDS.sleep(at.delayNanos());
            } catch (InterruptedException e) {
                return;
            }
            t.saveNow();
        }, "snapshot-at");
        th.setDaemon(true);
        th.start();
    }

    /** Saves on every delivery of the signal. */
    @SuppressWarnings("removal")
    public static void arm(Machine machine, OnSignal on, boolean exitAfter, PrintWriter err) {
        SnapshotTrigger t = new SnapshotTrigger(machine, on.file(), exitAfter, line -> err.println(line));
        sun.misc.Signal.handle(new sun.misc.Signal(on.signal()), s -> {
            Thread th = new Thread(t::saveNow, "snapshot-on-signal");
            th.setDaemon(true);
            th.start();
        });
    }

    private synchronized void saveNow() {
        if (machine.state() != Machine.State.RUNNING && machine.state() != Machine.State.PAUSED) return;
        try {
            MachineSnapshot.Saved s = MachineSnapshot.save(machine, file, !exitAfter);
            report.accept(String.format(Locale.ROOT, "vmm: snapshot %s written: %.1f MiB, %d of %d RAM pages stored, %d ms%s", file,
                    s.fileBytes() / 1048576.0, s.ramPagesStored(), s.ramPagesTotal(), s.millis(), exitAfter ? "; exiting" : ""));
            if (exitAfter) machine.requestPowerOff("the snapshot " + file + " was written (--exit-after-snapshot)");
        } catch (IOException | RuntimeException e) {
            machine.reportVmmError("snapshot " + file + " not written: " + e.getMessage());
        }
    }
}
