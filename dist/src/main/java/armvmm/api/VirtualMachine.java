package armvmm.api;

import armvmm.board.Board;
import armvmm.bus.BusMaster;
import armvmm.bus.MmioTrace;
import armvmm.chardev.CharBackendSpec;
import armvmm.error.VmmException;
import armvmm.launch.MachineLauncher;
import armvmm.launch.Plugins;
import armvmm.machine.Machine;
import armvmm.machine.MachineConfig;
import armvmm.machine.PowerEvent;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One virtual machine: a board with its devices, RAM, vCPUs on an accelerator, and a guest to boot. Made by
 * a {@link Builder}, then {@link #start() started}; it runs on threads of its own until the guest powers off
 * or the program calls {@link #stop()}. {@link #awaitExit()} waits for that and says why it ended.
 *
 * <p>A machine runs once. {@link #close()} stops it if it still runs and releases its host resources (guest
 * RAM, the vCPU threads, files, helper processes); it is the one call a program must not forget, best made
 * through try-with-resources. The methods are safe to call from any thread.
 */
public final class VirtualMachine implements AutoCloseable {
    /** Where a machine is in its life. */
    public enum State {
        /** Built, not started yet. */
        CREATED,
        /** Started, its vCPUs running the guest. */
        RUNNING,
        /** Started, its vCPUs stopped by {@link #pause()} until {@link #resume()}. */
        PAUSED,
        /** The run has ended (see {@link #awaitExit()}), or the machine was closed before it started. */
        STOPPED
    }

    /** The power-off request {@link #stop()} makes, told apart from the guest's own by its detail. */
    private static final String STOP_REQUEST = "stopped by the embedding program";

    private final MachineLauncher.Launched launched;
    private final Machine machine;
    private final long timeoutMillis;
    private final CompletableFuture<ExitReason> exit = new CompletableFuture<>();
    private State state = State.CREATED;

    private VirtualMachine(MachineLauncher.Launched launched, long timeoutMillis) {
        this.launched = launched;
        this.machine = launched.machine();
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * A builder with the defaults of {@code vmm run}: board vexpress-a15, accelerator "auto", one CPU, the
     * board's default memory, no serial connection.
     *
     * @return a new builder
     */
    public static Builder builder() { return new Builder(); }

    /**
     * The boards on the class path.
     *
     * @return their names, sorted
     */
    public static List<String> boards() { return Plugins.boards().stream().map(Board::name).toList(); }

    /**
     * The accelerators on the class path, whether or not this host can run them.
     *
     * @return their names, the one "auto" prefers first
     */
    public static List<String> accelerators() { return Plugins.accelerators().stream().map(a -> a.name()).toList(); }

    /**
     * The board this machine is.
     *
     * @return the board's name
     */
    public String board() { return machine.config().board(); }

    /**
     * The accelerator its vCPUs run on (the one chosen, for "auto").
     *
     * @return the accelerator's name
     */
    public String accelerator() { return launched.accelerator().name(); }

    /**
     * Where the machine is in its life.
     *
     * @return the current state
     */
    public synchronized State state() { return state; }

    /**
     * Starts the vCPUs: the guest boots. Returns at once; the machine runs on its own threads.
     *
     * @throws IllegalStateException if the machine was already started or closed
     */
    public synchronized void start() {
        if (state != State.CREATED) throw new IllegalStateException("the machine was already started (it is " + state + ")");
        state = State.RUNNING;
        // Not a daemon: a running guest keeps the JVM alive until it stops, as a started Thread would.
        Thread runner = new Thread(this::run, "armvmm-machine");
        runner.start();
    }

    private void run() {
        ExitReason reason;
        try {
            reason = reason(machine.run(timeoutMillis));
        } catch (InterruptedException e) {
            reason = new ExitReason(ExitReason.Kind.VMM_ERROR, "the machine's thread was interrupted", 1);
        } catch (RuntimeException | Error e) {
            reason = new ExitReason(ExitReason.Kind.VMM_ERROR, String.valueOf(e), 1);
        }
        try {
            launched.close();
        } finally {
            synchronized (this) {
                state = State.STOPPED;
            }
            exit.complete(reason);
        }
    }

    private static ExitReason reason(PowerEvent e) {
        if (e.kind() == PowerEvent.Kind.POWER_OFF && STOP_REQUEST.equals(e.detail()))
            return new ExitReason(ExitReason.Kind.STOPPED, e.detail(), 0);
        ExitReason.Kind kind = switch (e.kind()) {
            case POWER_OFF -> ExitReason.Kind.POWER_OFF;
            case RESET -> ExitReason.Kind.RESET;
            case GUEST_FAILURE -> ExitReason.Kind.GUEST_FAILURE;
            case TIMEOUT -> ExitReason.Kind.TIMEOUT;
            case VMM_ERROR -> ExitReason.Kind.VMM_ERROR;
            case TEST_EXIT -> ExitReason.Kind.TEST_EXIT;
        };
        return new ExitReason(kind, e.detail() == null ? "" : e.detail(), e.exitCode());
    }

    /**
     * Stops every vCPU at its next instruction boundary and returns once all have stopped; guest time
     * stops with them.
     *
     * @throws IllegalStateException if the machine is not running
     */
    public synchronized void pause() {
        if (state != State.RUNNING) throw new IllegalStateException("pause: the machine is " + state + ", not RUNNING");
        machine.pause();
        state = State.PAUSED;
    }

    /**
     * Lets the vCPUs that {@link #pause()} stopped run on.
     *
     * @throws IllegalStateException if the machine is not paused
     */
    public synchronized void resume() {
        if (state != State.PAUSED) throw new IllegalStateException("resume: the machine is " + state + ", not PAUSED");
        machine.resume();
        state = State.RUNNING;
    }

    /**
     * Ends the run, paused or not, as pulling the plug would (the guest is not asked). Returns at once;
     * {@link #awaitExit()} then gives {@link ExitReason.Kind#STOPPED}, unless the guest ended the run first.
     * Does nothing if the run has already ended.
     *
     * @throws IllegalStateException if the machine was never started
     */
    public synchronized void stop() {
        if (state == State.CREATED) throw new IllegalStateException("stop: the machine was never started");
        if (state != State.STOPPED) machine.requestPowerOff(STOP_REQUEST);
    }

    /**
     * Waits for the run to end.
     *
     * @return why it ended
     * @throws InterruptedException if this thread is interrupted while waiting (the machine runs on)
     * @throws IllegalStateException if the machine was never started
     */
    public ExitReason awaitExit() throws InterruptedException {
        checkStarted();
        try {
            return exit.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Waits at most {@code timeout} for the run to end.
     *
     * @param timeout how long to wait
     * @return why it ended, or empty if it still runs
     * @throws InterruptedException if this thread is interrupted while waiting (the machine runs on)
     * @throws IllegalStateException if the machine was never started
     */
    public Optional<ExitReason> awaitExit(Duration timeout) throws InterruptedException {
        checkStarted();
        try {
            return Optional.of(exit.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private synchronized void checkStarted() {
        if (state == State.CREATED) throw new IllegalStateException("the machine was never started");
    }

    /**
     * Stops the machine if it runs, waits for its run to end and releases everything it holds. Calling it
     * again does nothing.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (state == State.CREATED) {
                state = State.STOPPED;
                launched.close();
                return;
            }
            if (state != State.STOPPED) machine.requestPowerOff(STOP_REQUEST);
        }
        boolean interrupted = false;
        while (true) {
            try {
                exit.get();
                break;
            } catch (InterruptedException e) {
                // the machine's resources must go before close returns; the interrupt is kept for the caller
                interrupted = true;
            } catch (ExecutionException e) {
                break;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /**
     * What a machine is made of. Every setting has the default of {@code vmm run}; {@link #build()} checks
     * them all and builds the machine.
     */
    public static final class Builder {
        private String board = "vexpress-a15";
        private String accelerator = "auto";
        private int cpus = 1;
        private Long memoryBytes;
        private Path kernel;
        private Path initrd;
        private Path dtb;
        private String append;
        private final List<Map<String, String>> drives = new ArrayList<>();
        private InputStream serialIn;
        private OutputStream serialOut;
        private MmioListener mmioListener;
        private boolean rebootOnReset = true;
        private Duration timeout = Duration.ZERO;

        private Builder() {}

        /**
         * The machine type.
         *
         * @param name a name of {@link VirtualMachine#boards()}; default vexpress-a15
         * @return this builder
         */
        public Builder board(String name) {
            this.board = Objects.requireNonNull(name, "board");
            return this;
        }

        /**
         * What runs the vCPUs.
         *
         * @param name "tcg" (runs anywhere), "kvm" (32-bit guests on an arm64 host with /dev/kvm), or "auto"
         *     (the default: the preferred one this host can run)
         * @return this builder
         */
        public Builder accelerator(String name) {
            this.accelerator = Objects.requireNonNull(name, "accelerator");
            return this;
        }

        /**
         * The number of vCPUs.
         *
         * @param count 1 up to the board's maximum (vexpress-a15 4, virt 8); default 1
         * @return this builder
         */
        public Builder cpus(int count) {
            this.cpus = count;
            return this;
        }

        /**
         * Guest RAM.
         *
         * @param bytes the size in bytes; default the board's
         * @return this builder
         */
        public Builder memory(long bytes) {
            this.memoryBytes = bytes;
            return this;
        }

        /**
         * The kernel to boot: a zImage, a raw Image or a bare-metal binary (loaded where a raw Image goes), an ELF32 ARM executable or a U-Boot uImage (at their own addresses).
         * Without one the board boots its default guest, as {@code vmm run} does.
         *
         * @param file the image
         * @return this builder
         */
        public Builder kernel(Path file) {
            this.kernel = Objects.requireNonNull(file, "kernel");
            return this;
        }

        /**
         * An initial ramdisk for the kernel.
         *
         * @param file the image
         * @return this builder
         */
        public Builder initrd(Path file) {
            this.initrd = Objects.requireNonNull(file, "initrd");
            return this;
        }

        /**
         * A device tree blob to patch (memory, /chosen, virtio nodes) and pass to the kernel instead of the
         * board's own tree.
         *
         * @param file the blob
         * @return this builder
         */
        public Builder dtb(Path file) {
            this.dtb = Objects.requireNonNull(file, "dtb");
            return this;
        }

        /**
         * The kernel command line.
         *
         * @param commandLine for example {@code console=ttyAMA0}
         * @return this builder
         */
        public Builder append(String commandLine) {
            this.append = Objects.requireNonNull(commandLine, "append");
            return this;
        }

        /**
         * A writable raw disk image, as a virtio-blk device.
         *
         * @param file the image
         * @return this builder
         */
        public Builder drive(Path file) { return drive(file, "raw", false); }

        /**
         * A disk image, as a virtio-blk device. Drives appear to the guest in the order they were added.
         *
         * @param file the image
         * @param format "raw" (opened by the VMM itself) or "qcow2" (served by qemu-nbd from qemu-utils)
         * @param readOnly true for a disk the guest cannot write
         * @return this builder
         */
        public Builder drive(Path file, String format, boolean readOnly) {
            Objects.requireNonNull(file, "drive");
            drives.add(Map.of("file", file.toString(), "format", Objects.requireNonNull(format, "format"), "readonly", readOnly ? "on" : "off"));
            return this;
        }

        /**
         * Connects the guest's console (the board's first UART): what the guest writes goes to {@code out},
         * flushed after every write; what is read from {@code in} is the guest's input, taken only as fast as
         * the UART takes it. The machine closes neither stream. Without this the console is unconnected.
         *
         * @param in the guest's input ({@link InputStream#nullInputStream()} for none)
         * @param out the guest's output
         * @return this builder
         */
        public Builder serial(InputStream in, OutputStream out) {
            this.serialIn = Objects.requireNonNull(in, "in");
            this.serialOut = Objects.requireNonNull(out, "out");
            return this;
        }

        /**
         * Receives every device register access (the same accesses {@code vmm run --trace mmio} prints).
         *
         * @param listener the listener, or null for none
         * @return this builder
         */
        public Builder mmioListener(MmioListener listener) {
            this.mmioListener = listener;
            return this;
        }

        /**
         * What a guest's reset does.
         *
         * @param reboot true (the default) to reset the machine and boot again, false to end the run with
         *     {@link ExitReason.Kind#RESET}
         * @return this builder
         */
        public Builder rebootOnReset(boolean reboot) {
            this.rebootOnReset = reboot;
            return this;
        }

        /**
         * Ends the run with {@link ExitReason.Kind#TIMEOUT} if the guest has not stopped this long after
         * {@link VirtualMachine#start()}.
         *
         * @param limit the limit, or {@link Duration#ZERO} (the default) for none
         * @return this builder
         */
        public Builder timeout(Duration limit) {
            if (limit.isNegative()) throw new IllegalArgumentException("timeout " + limit + ": negative");
            this.timeout = limit;
            return this;
        }

        /**
         * Checks the settings and builds the machine: RAM, devices and vCPUs, the guest loaded, nothing run
         * yet.
         *
         * @return the machine, in state {@link State#CREATED}
         * @throws MachineException for a setting the board or this host cannot take, in one line
         */
        public VirtualMachine build() {
            try {
                Board b = Plugins.board(board);
                if (cpus < 1 || cpus > b.maxCpus())
                    throw new MachineException("cpus " + cpus + ": board " + b.name() + " takes 1 to " + b.maxCpus() + " CPUs");
                long memory = memoryBytes == null ? b.defaultMemoryBytes() : memoryBytes;
                if (memory <= 0) throw new MachineException("memory " + memory + ": must be a positive number of bytes");
                checkReadable("kernel", kernel);
                checkReadable("initrd", initrd);
                checkReadable("dtb", dtb);
                for (Map<String, String> d : drives) checkReadable("drive", Path.of(d.get("file")));
                MachineConfig config = new MachineConfig(b.name(), cpus, memory, kernel, dtb, initrd, append, "none",
                        !rebootOnReset, List.copyOf(drives), List.of(), List.of(), "serial");
                MachineLauncher launcher = new MachineLauncher(config).accelerator(accelerator).mmioTrace(mmioTrace(mmioListener));
                if (serialOut != null) launcher.serial(new CharBackendSpec.Streams(serialIn, serialOut));
                return new VirtualMachine(launcher.build(), timeout.toMillis());
            } catch (VmmException e) {
                // the core's messages name the CLI's options (--accel, --drive); the API's user set the same things
                throw new MachineException(e.getMessage(), e);
            }
        }

        private static void checkReadable(String what, Path p) {
            if (p == null) return;
            if (!Files.exists(p)) throw new MachineException(what + " " + p + ": no such file");
            if (Files.isDirectory(p)) throw new MachineException(what + " " + p + ": is a directory");
            if (!Files.isReadable(p)) throw new MachineException(what + " " + p + ": not readable");
        }

        private static MmioTrace mmioTrace(MmioListener listener) {
            if (listener == null) return null;
            return (who, write, pa, size, value, region, offset) -> {
                boolean dma = who.id() == BusMaster.DMA;
                String reg = region.device() == null ? null : region.device().registerName(offset);
                listener.access(new MmioAccess(who.id(), dma ? -1 : who.currentPc(), write, pa, size, value, region.name(), offset, reg));
            };
        }
    }
}
