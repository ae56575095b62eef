package armvmm.launch;

import armvmm.accel.Accelerator;
import armvmm.accel.AcceleratorInstance;
import armvmm.accel.Availability;
import armvmm.accel.CpuOptions;
import armvmm.accel.VcpuLifecycle;
import armvmm.board.Board;
import armvmm.bus.MmioTrace;
import armvmm.chardev.CharBackendSpec;
import armvmm.cp15.Cp15Trace;
import armvmm.error.VmmException;
import armvmm.machine.Machine;
import armvmm.machine.MachineConfig;
import armvmm.time.HostClock;
import armvmm.trace.TraceTimeline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The one place a machine is built from a configuration, for {@code vmm run} and the embedding API
 * ({@link armvmm.api.VirtualMachine}) alike: the accelerator chosen and probed, the clock, the machine, its
 * vCPUs, the traces attached before the board wires its devices (so that the lines it wires are seen), then
 * the board. What only one caller needs (the gdb stub, the QMP monitor) is started by that caller on the
 * built machine.
 */
public final class MachineLauncher {
    private final MachineConfig config;
    private String accel = "auto";
    private Consumer<String> notices = line -> {};
    private CharBackendSpec serial;
    private MmioTrace mmioTrace;
    private Cp15Trace cp15Trace;
    private TraceTimeline timeline;

    public MachineLauncher(MachineConfig config) { this.config = Objects.requireNonNull(config); }

    /** "auto" (the default), or an accelerator's name. */
    public MachineLauncher accelerator(String name) {
        this.accel = Objects.requireNonNull(name);
        return this;
    }

    /** Where one-line remarks go (which accelerator auto chose, a trace that will show nothing). */
    public MachineLauncher notices(Consumer<String> sink) {
        this.notices = Objects.requireNonNull(sink);
        return this;
    }

    /** A console backend in place of the configuration's serial spec. */
    public MachineLauncher serial(CharBackendSpec spec) {
        this.serial = spec;
        return this;
    }

    public MachineLauncher mmioTrace(MmioTrace trace) {
        this.mmioTrace = trace;
        return this;
    }

    public MachineLauncher cp15Trace(Cp15Trace trace) {
        this.cp15Trace = trace;
        return this;
    }

    /** A timeline to record vCPU states, MMIO accesses and interrupt lines on; closed at the machine's shutdown. */
    public MachineLauncher timeline(TraceTimeline t) {
        this.timeline = t;
        return this;
    }

    /**
     * Builds the machine, ready for {@link Machine#run}. A user's mistake (an unknown board, an accelerator
     * this host cannot run, an image too large) is a {@link VmmException}; whatever was opened before it is
     * released again.
     */
    public Launched build() {
        Board b = Plugins.board(config.board());
        Accelerator a = chooseAccelerator(accel, notices);
        if (cp15Trace != null)
            a.cp15AccessesUnseen().ifPresent(why -> notices.accept("--trace cp15 under " + a.name()
                    + " traces nothing: " + why + " (--accel tcg shows them)"));
        HostClock clock = new HostClock();
        Machine machine = new Machine(config, clock);
        AcceleratorInstance inst = null;
        boolean timelineOwned = false;
        try {
            if (serial != null) machine.setSerial(serial);
            inst = a.create(machine, new CpuOptions(b.systemRegisters(), cp15Trace, b.firmware(machine).orElse(null)));
            machine.attach(inst);
            if (timeline != null) {
                TraceTimeline t = timeline;
                machine.setTimeline(t);
                VcpuLifecycle.observe((vcpu, state) -> t.vcpuState(vcpu, state.name()));
                machine.onShutdown(() -> {
                    VcpuLifecycle.observe(null);
                    t.close();
                });
                timelineOwned = true;
            }
            machine.bus().setTrace(both(mmioTrace, timeline));
            b.build(machine);
            return new Launched(machine, a, inst, clock);
        } catch (RuntimeException | Error e) {
            // a timeline the machine never took would stay open, its file unterminated
            if (timeline != null && !timelineOwned) {
                try {
                    timeline.close();
                } catch (java.io.IOException closing) {
                    e.addSuppressed(closing);
                }
            }
            new Launched(machine, a, inst, clock).close();
            throw e;
        }
    }

    /** A built machine and what it runs on; {@link #close} releases them once the last run has ended. */
    public static final class Launched implements AutoCloseable {
        private final Machine machine;
        private final Accelerator accelerator;
        private final AcceleratorInstance instance;
        private final HostClock clock;
        private boolean closed;

        private Launched(Machine machine, Accelerator accelerator, AcceleratorInstance instance, HostClock clock) {
            this.machine = machine;
            this.accelerator = accelerator;
            this.instance = instance;
            this.clock = clock;
        }

        public Machine machine() { return machine; }

        public Accelerator accelerator() { return accelerator; }

        /** The vCPUs first, then the board's host resources, then the clock: what the CLI always did, in its order. */
        @Override
        public synchronized void close() {
            if (closed) return;
            closed = true;
            try {
                if (instance != null) instance.close();
            } finally {
                machine.shutdown();
                clock.close();
            }
        }
    }

    /** {@code name}'s accelerator if this host can run it; for "auto" the preferred one that can, named in a notice. */
    public static Accelerator chooseAccelerator(String spec, Consumer<String> notices) {
        // NAME[,KEY=VALUE...]: the settings go to the named accelerator, which refuses what it does not take
        String[] parts = spec.split(",", -1);
        String name = parts[0];
        if (!name.equals("auto")) {
            Accelerator a = Plugins.accelerator(name);
            Availability av = a.probe();
            if (!av.usable()) throw new VmmException("--accel " + name + ": " + av.reason());
            Map<String, String> settings = new LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                if (eq <= 0) throw new VmmException("--accel " + spec + ": '" + parts[i] + "' is not KEY=VALUE");
                settings.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
            return a.withSettings(settings);
        }
        if (parts.length > 1) throw new VmmException("--accel " + spec + ": settings need a named accelerator (tcg,... or kvm,...)");
        List<String> why = new ArrayList<>();
        for (Accelerator a : Plugins.accelerators()) {
            Availability av = a.probe();
            if (av.usable()) {
                notices.accept("--accel auto chose " + a.name() + (why.isEmpty() ? "" : " (" + String.join("; ", why) + ")"));
                return a;
            }
            why.add(a.name() + ": " + av.reason());
        }
        throw new VmmException("--accel auto: no accelerator can run here (" + String.join("; ", why) + ")");
    }

    /** The MMIO trace: the log lines, the timeline, both, or none. */
    private static MmioTrace both(MmioTrace a, MmioTrace b) {
        if (a == null || b == null) return a != null ? a : b;
        return (who, write, pa, size, value, region, offset) -> {
            a.access(who, write, pa, size, value, region, offset);
            b.access(who, write, pa, size, value, region, offset);
        };
    }
}
