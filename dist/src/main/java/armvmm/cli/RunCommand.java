package armvmm.cli;

import armvmm.launch.MachineLauncher;
import armvmm.launch.Plugins;
import armvmm.trace.TraceTimeline;
import armvmm.board.Board;
import armvmm.chardev.CharBackendSpec;
import armvmm.cp15.Cp15Trace;
import armvmm.machine.Machine;
import armvmm.machine.MachineConfig;
import armvmm.machine.PowerEvent;
import armvmm.error.VmmException;
import armvmm.trace.MmioTraceLog;
import armvmm.trace.TraceFilter;
import armvmm.bus.MmioTrace;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import armvmm.debug.gdb.GdbServer;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import armvmm.monitor.qmp.QmpServer;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Build a machine and run a guest until it powers off.",
        footer = {"", "Exit status: 0 guest powered off, 1 VMM error, 2 bad arguments or files, 3 guest failure, 4 --timeout expired;",
                "with --device virtio-console,chardev=testdev, (code << 1) | 1 when the guest's chr-testdev says code."})
public final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--board", defaultValue = "vexpress-a15", description = "Machine type (see 'vmm boards'), with its options: virt,gic-version=2|3. Default: ${DEFAULT-VALUE}.")
    String board;

    @Option(names = "--accel", defaultValue = "auto", description = "auto, tcg or kvm, with settings after a comma: tcg,jit=translate|calls|off (off: interpret only),tb-size=MiB."
            + " See 'vmm accels'. Default: ${DEFAULT-VALUE}.")
    String accel;

    @Option(names = "--cpus", defaultValue = "1", description = "Number of vCPUs. Default: ${DEFAULT-VALUE}.")
    int cpus;

    @Option(names = {"--memory", "-m"}, converter = SizeConverter.class, description = "Guest RAM, e.g. 512M or 1G. Default: the board's.")
    Long memory;

    @Option(names = "--kernel", description = "Kernel image: a zImage, a raw Image or a bare-metal binary, an ELF32 ARM executable, or a U-Boot uImage. Default: the board's bundled guest.")
    Path kernel;

    @Option(names = "--dtb", description = "Device tree blob to patch and pass to the kernel. Default: the board's own tree.")
    Path dtb;

    @Option(names = "--initrd", description = "Initial ramdisk.")
    Path initrd;

    @Option(names = "--append", description = "Kernel command line.")
    String append;

    @Option(names = "--serial", defaultValue = "stdio", description = "UART0 backend: stdio, none, file:PATH, tcp:HOST:PORT[,server]. Default: ${DEFAULT-VALUE}.")
    String serial;

    @Option(names = "--console", defaultValue = "serial", description = "Guest console device: serial or virtio. Default: ${DEFAULT-VALUE}.")
    String console;

    @Option(names = "--drive", description = "A virtio-blk disk: file=PATH[,format=raw|qcow2][,readonly=on][,snapshot=on][,serial=ID]."
            + " qcow2, and snapshot=on (writes discarded at exit), are served by qemu-nbd (qemu-utils). Repeatable.")
    List<String> drives = new ArrayList<>();

    @Option(names = "--netdev", description = "A virtio-net device: user[,hostfwd=tcp:[HOSTADDR]:HOSTPORT-:GUESTPORT]... (through passt),"
            + " tap,ifname=NAME or socket,listen=HOST:PORT|connect=HOST:PORT; each [,mac=..]. Repeatable.")
    List<String> netdevs = new ArrayList<>();

    @Option(names = "--device", description = "An extra device: virtio-rng, virtio-console[,chardev=testdev] (QEMU's chr-testdev), or pci-testdev (virt: QEMU's PCI test device). Repeatable.")
    List<String> devices = new ArrayList<>();

    @Option(names = "--trace", description = "mmio[:dev=NAME,addr=LO-HI] or cp15[:dev=REGISTER,addr=PC-RANGE]. Repeatable.")
    List<String> traces = new ArrayList<>();

    @Option(names = "--trace-file", description = "Write trace lines here instead of stderr.")
    Path traceFile;

    @Option(names = "--trace-out", paramLabel = "FILE.json", description = "Write a timeline of the run (vCPU states, MMIO accesses, interrupt lines, counters) in the Chrome trace-event format (Perfetto, chrome://tracing).")
    Path traceOut;

    @Option(names = "--no-reboot", description = "Exit when the guest resets the machine, instead of rebooting it.")
    boolean noReboot;

    @Option(names = "--gdb", paramLabel = "tcp:[HOST]:PORT", description = "Serve the gdb remote protocol there (HOST defaults to 127.0.0.1).")
    String gdb;

    @Option(names = {"--wait-gdb", "-S"}, description = "Start with the vCPUs stopped, until gdb continues them (with --gdb; -s alone is --gdb tcp::1234).")
    boolean waitGdb;

    @Option(names = "-s", description = "Shorthand for --gdb tcp::1234.")
    boolean gdbDefaultPort;

    @Option(names = "--qmp", paramLabel = "unix:PATH|tcp:[HOST]:PORT", description = "Serve the QMP monitor there (HOST defaults to 127.0.0.1).")
    String qmp;

    @CommandLine.Mixin
    SnapshotOptions snapshot = new SnapshotOptions();

    @Option(names = "--timeout", defaultValue = "0", description = "Stop with exit status 4 after this many seconds (0: never).")
    long timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        // A negative timeout used to mean "never" by accident, and a huge one overflowed into the past.
        if (timeoutSeconds < 0 || timeoutSeconds > Long.MAX_VALUE / 1000)
            throw new VmmException("--timeout " + timeoutSeconds + ": use 0 (never) or a number of seconds");
        MachineConfig cfg = machineConfig();
        List<TraceRequest> traceRequests = parseTraces();
        try (PrintStream traceOut = traceStream()) {
            MmioTrace mmioLog = null;
            for (TraceRequest t : traceRequests)
                if (t.kind.equals("mmio")) mmioLog = new MmioTraceLog(traceOut, t.filter);
            MachineLauncher launcher = new MachineLauncher(cfg).accelerator(accel)
                    .notices(line -> spec.commandLine().getErr().println("vmm: " + line))
                    .cp15Trace(cp15Trace(traceRequests, traceOut)).mmioTrace(mmioLog).timeline(openTimeline());
            try (MachineLauncher.Launched launched = launcher.build()) {
                Machine machine = launched.machine();
                snapshot.apply(machine, spec.commandLine().getErr());
                GdbServer gdbServer = startGdb(machine);
                QmpServer qmpServer = startQmp(machine);
                PowerEvent e = machine.run(timeoutSeconds * 1000);
                if (gdbServer != null) gdbServer.machineEnded(e.exitCode());
                if (qmpServer != null) qmpServer.machineEnded(e);
                // a test device's exit is the guest's own result, told by the exit status alone (as QEMU does)
                if (e.kind() != PowerEvent.Kind.POWER_OFF && e.kind() != PowerEvent.Kind.RESET && e.kind() != PowerEvent.Kind.TEST_EXIT)
                    spec.commandLine().getErr().println("vmm: " + e.kind().name().toLowerCase().replace('_', ' ') + ": " + e.detail());
                return e.exitCode();
            }
        }
    }

    /** The gdb stub when asked for (closed with the machine), the machine paused for it with --wait-gdb. */
    private GdbServer startGdb(Machine machine) {
        InetSocketAddress address = gdbAddress();
        if (address == null) return null;
        GdbServer g;
        try {
            g = GdbServer.start(machine, address);
        } catch (IOException e) {
            throw new VmmException("--gdb " + gdbSpec() + ": cannot listen (" + e.getMessage() + ")");
        }
        machine.onShutdown(g);
        spec.commandLine().getErr().println("vmm: gdb stub listening on " + address.getHostString() + ":" + g.port()
                + (waitGdb ? "; the guest starts when gdb continues it" : ""));
        if (waitGdb) machine.pause();
        return g;
    }

    private QmpServer startQmp(Machine machine) {
        SocketAddress address = qmpAddress();
        if (address == null) return null;
        QmpServer q;
        try {
            q = QmpServer.start(machine, address);
        } catch (IOException e) {
            throw new VmmException("--qmp " + qmp + ": cannot listen (" + e.getMessage() + ")");
        }
        machine.onShutdown(q);
        PrintWriter err = spec.commandLine().getErr();
        q.notices(line -> err.println("vmm: " + line));
        err.println("vmm: QMP monitor listening on " + q.where());
        return q;
    }

    /** The checked --qmp address, or null without one. */
    SocketAddress qmpAddress() {
        if (qmp == null) return null;
        try {
            return QmpServer.parseAddress(qmp);
        } catch (IllegalArgumentException e) {
            throw new VmmException("--qmp " + qmp + ": " + e.getMessage());
        }
    }

    private String gdbSpec() { return gdb != null ? gdb : gdbDefaultPort ? "tcp::1234" : null; }

    /** The checked --gdb address (null without one): a bad value is one line and exit status 2, before anything starts. */
    InetSocketAddress gdbAddress() {
        String g = gdbSpec();
        if (g == null) {
            if (waitGdb) throw new VmmException("--wait-gdb: needs --gdb tcp:[HOST]:PORT (or -s)");
            return null;
        }
        try {
            return GdbServer.parseAddress(g);
        } catch (IllegalArgumentException e) {
            throw new VmmException("--gdb " + g + ": " + e.getMessage());
        }
    }

    private TraceTimeline openTimeline() {
        if (traceOut == null) return null;
        try {
            return new TraceTimeline(Files.newBufferedWriter(traceOut));
        } catch (IOException e) {
            throw new VmmException("--trace-out " + traceOut + ": cannot write (" + e.getMessage() + ")");
        }
    }

    /** The {@code --trace cp15} sink (the last one given wins), or null when none was asked for. */
    private static Cp15Trace cp15Trace(List<TraceRequest> requests, PrintStream out) {
        Cp15Trace trace = null;
        for (TraceRequest t : requests) if (t.kind.equals("cp15")) trace = new Cp15Trace(out, t.filter);
        return trace;
    }

    /**
     * The machine these options describe, checked (board, CPU count, files readable, console): also what
     * other commands that take the run options ({@code vmm dtb}) build from.
     */
    public MachineConfig machineConfig() {
        Board b = Plugins.board(board);
        if (cpus < 1 || cpus > b.maxCpus())
            throw new VmmException("--cpus " + cpus + ": board " + b.spec() + " takes 1 to " + b.maxCpus() + " CPUs");
        long mem = memory == null ? b.defaultMemoryBytes() : memory;
        checkReadable("--kernel", kernel);
        checkReadable("--dtb", dtb);
        checkReadable("--initrd", initrd);
        if (!console.equals("serial") && !console.equals("virtio"))
            throw new VmmException("--console " + console + ": use serial or virtio");
        CharBackendSpec.parse(serial);
        gdbAddress();
        qmpAddress();
        snapshot.check();
        return new MachineConfig(b.spec(), cpus, mem, kernel, dtb, initrd, append, serial, noReboot,
                options("--drive", drives), options("--netdev", netdevs), options("--device", devices), console);
    }

    private record TraceRequest(String kind, TraceFilter filter) {}

    private List<TraceRequest> parseTraces() {
        List<TraceRequest> out = new ArrayList<>();
        for (String t : traces) {
            int colon = t.indexOf(':');
            String kind = colon < 0 ? t : t.substring(0, colon);
            String rest = colon < 0 ? "" : t.substring(colon + 1);
            switch (kind) {
                case "mmio", "cp15" -> {
                    try {
                        out.add(new TraceRequest(kind, TraceFilter.parse(rest)));
                    } catch (IllegalArgumentException e) {
                        throw new VmmException("--trace " + t + ": " + e.getMessage());
                    }
                }
                default -> throw new VmmException("--trace " + t + ": unknown trace '" + kind + "' (use mmio or cp15)");
            }
        }
        return out;
    }

    private PrintStream traceStream() {
        if (traceFile == null) return new PrintStream(new FileOutputStream(java.io.FileDescriptor.err), true) {
            @Override
            public void close() { flush(); }
        };
        try {
            return new PrintStream(new FileOutputStream(traceFile.toFile()), true);
        } catch (IOException e) {
            throw new VmmException("--trace-file " + traceFile + ": cannot write (" + e.getMessage() + ")");
        }
    }

    static void checkReadable(String option, Path p) {
        if (p == null) return;
        if (!Files.exists(p)) throw new VmmException(option + " " + p + ": no such file");
        if (Files.isDirectory(p)) throw new VmmException(option + " " + p + ": is a directory");
        if (!Files.isReadable(p)) throw new VmmException(option + " " + p + ": not readable");
    }

    /** Keys that may be given more than once; their values are joined with ',' (which none of them can contain). */
    static final java.util.Set<String> REPEATABLE_KEYS = java.util.Set.of("hostfwd");

    /** "file=disk.img,format=raw" -> ordered key/value map; a bare first word becomes "type". */
    static List<Map<String, String>> options(String option, List<String> specs) {
        List<Map<String, String>> out = new ArrayList<>();
        for (String s : specs) {
            Map<String, String> m = new LinkedHashMap<>();
            String[] parts = s.split(",");
            for (int i = 0; i < parts.length; i++) {
                String p = parts[i];
                int eq = p.indexOf('=');
                if (eq < 0) {
                    if (i == 0 && !p.isEmpty()) m.put("type", p);
                    else throw new VmmException(option + " " + s + ": '" + p + "' is not key=value");
                } else {
                    String k = p.substring(0, eq), v = p.substring(eq + 1);
                    if (REPEATABLE_KEYS.contains(k)) m.merge(k, v, (a, b) -> a + "," + b);
                    else if (m.put(k, v) != null) throw new VmmException(option + " " + s + ": '" + k + "' given twice");
                }
            }
            out.add(Map.copyOf(m));
        }
        return out;
    }
}
