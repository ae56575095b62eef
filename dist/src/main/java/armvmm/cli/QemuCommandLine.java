package armvmm.cli;

import armvmm.board.Board;
import armvmm.error.ExitCode;
import armvmm.error.VmmException;
import armvmm.launch.Plugins;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The subset of qemu-system-arm's command line that scripts starting 32-bit ARM guests use, translated
 * into the options of {@code vmm run}: one machine builder for both. Anything outside the subset is one
 * line naming the option and exit status 1 (as QEMU's own option errors), never ignored silently.
 *
 * <p>Understood: {@code -M/-machine NAME[,accel=tcg|kvm][,gic-version=2|3|max|host]} (max: 3 under TCG), {@code -accel tcg|kvm[,tb-size=MiB]},
 * {@code -enable-kvm}, {@code -cpu cortex-a15|host}, {@code -smp N[,cpus=N]}, {@code -m SIZE[,size=SIZE]}
 * (a bare number is MiB, as in QEMU), {@code -kernel}, {@code -initrd}, {@code -dtb}, {@code -append},
 * {@code -nographic}, {@code -display none}, {@code -serial stdio|none|file:PATH|tcp:HOST:PORT[,server][,nowait]},
 * {@code -monitor none}, {@code -incoming tcp:[HOST]:PORT}, {@code -no-reboot}, {@code -nodefaults}, {@code -d unimp,guest_errors}, {@code -drive} with
 * {@code -device virtio-blk-device,drive=ID} (or {@code if=virtio}), {@code -netdev socket|tap} with
 * {@code -device virtio-net-device,netdev=ID[,mac=..]}, {@code -device virtio-rng-device}, {@code -device pci-testdev} (virt), kvm-unit-tests' chr-testdev
 * ({@code -device virtio-serial-device -device virtconsole,chardev=ID -chardev testdev,id=ID}), and the listings
 * {@code -machine help}, {@code -device help}, {@code -chardev help}, {@code -version}, {@code -h}.
 */
final class QemuCommandLine {
    /** What the command line asks for: a run with these {@code vmm run} options, or a listing to print. */
    record Translation(List<String> runArgs, String listing) {}

    private QemuCommandLine() {}

    static VmmException unsupported(String what) { return new VmmException(what, ExitCode.INTERNAL_ERROR); }

    static Translation translate(List<String> args, List<Board> boards) {
        String machine = null, accel = null, cpus = null, memory = null, kernel = null, initrd = null, dtb = null, append = null;
        String serial = null, gicVersion = null;
        boolean noReboot = false, nodefaults = false, graphicsOff = false, waitGdb = false;
        String gdb = null, qmp = null, incoming = null;
        Map<String, Map<String, String>> drives = new LinkedHashMap<>(), netdevs = new LinkedHashMap<>();
        Map<String, String> chardevs = new LinkedHashMap<>();
        boolean virtioSerial = false;
        List<String> consoleChardevs = new ArrayList<>();
        List<String> runDrives = new ArrayList<>(), runNetdevs = new ArrayList<>(), runDevices = new ArrayList<>(), pciDevices = new ArrayList<>();

        for (int i = 0; i < args.size(); i++) {
            String opt = args.get(i);
            // QEMU takes both -opt and --opt
            String o = opt.startsWith("--") ? opt.substring(1) : opt;
            if (!o.startsWith("-")) throw unsupported(opt + ": not an option (qemu-system-arm takes a disk image here; use -drive)");
            switch (o) {
                case "-nographic" -> graphicsOff = true;
                case "-no-reboot" -> noReboot = true;
                case "-nodefaults" -> nodefaults = true;
                case "-enable-kvm" -> accel = "kvm";
                case "-version" -> {
                    return new Translation(null, versionLine());
                }
                case "-h", "-help" -> {
                    // scripts find QEMU by this first line (kvm-unit-tests greps "QEMU" and reads the version from it)
                    return new Translation(null, versionLine() + "usage: vmm qemu [options]: the subset of qemu-system-arm's options"
                            + " that scripts use (see 'vmm qemu -machine help', '-device help'); 'vmm run --help' for the VMM's own\n");
                }
                case "-s" -> gdb = "tcp::1234";
                case "-S" -> waitGdb = true;
                default -> {
                    if (i + 1 >= args.size()) throw unsupported(opt + ": needs an argument, or is not supported");
                    String v = args.get(++i);
                    switch (o) {
                        case "-M", "-machine" -> {
                            if (isHelp(v)) return new Translation(null, machineListing(boards));
                            // QEMU merges repeated -machine options: a later one may set properties only
                            Map<String, String> m = keyValues(opt, v, "type");
                            for (Map.Entry<String, String> e : m.entrySet()) {
                                switch (e.getKey()) {
                                    case "type" -> machine = e.getValue();
                                    case "accel" -> accel = e.getValue();
                                    case "gic-version" -> {
                                        if (!List.of("2", "3", "max", "host").contains(e.getValue()))
                                            throw unsupported(opt + " gic-version=" + e.getValue() + ": use 2, 3, max or host (GICv2 and GICv3 are modelled)");
                                        gicVersion = e.getValue();
                                    }
                                    // what the VMM's virt is anyway: RAM and devices below 4 GiB, no EL2, no EL3
                                    case "highmem", "virtualization", "secure" -> {
                                        if (!e.getValue().equals("off")) throw unsupported(opt + " " + e.getKey() + "=" + e.getValue() + ": only " + e.getKey() + "=off");
                                    }
                                    default -> throw unsupported(opt + " " + e.getKey() + "=: machine property not supported");
                                }
                            }
                        }
                        case "-accel" -> {
                            Map<String, String> a = keyValues(opt, v, "accel");
                            accel = required(opt, v, a, "accel");
                            a.remove("accel");
                            // every TCG vCPU has its own thread, which is what thread=multi asks for
                            if (a.getOrDefault("thread", "multi").equals("multi")) a.remove("thread");
                            // QEMU's translation cache size in MiB: ours bounds each vCPU's JVM code the same way
                            String tb = a.remove("tb-size");
                            if (tb != null) accel += ",tb-size=" + tb;
                            if (!a.isEmpty()) throw unsupported(opt + " " + a.keySet().iterator().next() + "=: not supported");
                        }
                        case "-cpu" -> {
                            if (!v.equals("cortex-a15") && !v.equals("host")) throw unsupported(opt + " " + v + ": the only CPU is cortex-a15 (or host under KVM)");
                        }
                        case "-smp" -> {
                            Map<String, String> s = keyValues(opt, v, "cpus");
                            for (Map.Entry<String, String> e : s.entrySet()) {
                                switch (e.getKey()) {
                                    case "cpus", "cores" -> { }
                                    case "maxcpus" -> {
                                        if (!e.getValue().equals(s.getOrDefault("cpus", s.get("cores"))))
                                            throw unsupported(opt + " maxcpus=: CPUs cannot be added later");
                                    }
                                    case "sockets", "clusters", "dies", "threads" -> {
                                        if (!e.getValue().equals("1")) throw unsupported(opt + " " + e.getKey() + "=" + e.getValue() + ": the CPUs are one cluster of single-threaded cores");
                                    }
                                    default -> throw unsupported(opt + " " + e.getKey() + "=: not supported");
                                }
                            }
                            cpus = s.getOrDefault("cpus", s.get("cores"));
                            if (cpus == null) throw unsupported(opt + " " + v + ": how many CPUs?");
                        }
                        case "-m" -> {
                            String size = required(opt, v, keyValues(opt, v, "size"), "size");
                            memory = size.matches("\\d+") ? size + "M" : size;
                        }
                        case "-kernel" -> kernel = v;
                        case "-initrd" -> initrd = v;
                        case "-dtb" -> dtb = v;
                        case "-append" -> append = v;
                        case "-display" -> {
                            if (!v.equals("none")) throw unsupported(opt + " " + v + ": there is no display; use -display none or -nographic");
                            graphicsOff = true;
                        }
                        case "-gdb" -> gdb = v;
                        case "-qmp" -> qmp = qmpChardev(opt, v);
                        case "-incoming" -> {
                            if (!v.startsWith("tcp:")) throw unsupported(opt + " " + v + ": only tcp:[HOST]:PORT is understood");
                            incoming = v;
                        }
                        case "-monitor" -> {
                            if (!v.equals("none")) throw unsupported(opt + " " + v + ": there is no monitor yet; use -monitor none");
                        }
                        case "-serial" -> serial = serial(opt, v);
                        case "-d" -> {
                            // what the VMM's warnings report (QemuCommand.qemuLogging turns them on)
                            for (String item : v.split(","))
                                if (!item.equals("unimp") && !item.equals("guest_errors"))
                                    throw unsupported(opt + " " + item + ": only unimp and guest_errors (the VMM's warnings)");
                        }
                        case "-chardev" -> {
                            if (isHelp(v)) return new Translation(null, "Available chardev backend types:\n  testdev\n");
                            Map<String, String> c = keyValues(opt, v, "backend");
                            String backend = required(opt, v, c, "backend");
                            if (!backend.equals("testdev")) throw unsupported(opt + " " + backend + ": the only chardev is testdev (for the console use -serial)");
                            chardevs.put(required(opt, v, c, "id"), backend);
                        }
                        case "-drive" -> {
                            Map<String, String> d = keyValues(opt, v, "file");
                            required(opt, v, d, "file");
                            String iface = d.getOrDefault("if", "none");
                            Map<String, String> run = new LinkedHashMap<>();
                            for (Map.Entry<String, String> e : d.entrySet()) {
                                switch (e.getKey()) {
                                    case "if", "id", "cache", "aio" -> { }
                                    case "file", "format", "readonly", "serial" -> run.put(e.getKey(), e.getValue());
                                    default -> throw unsupported(opt + " " + e.getKey() + "=: not supported");
                                }
                            }
                            run.putIfAbsent("format", "raw");
                            if (iface.equals("virtio")) runDrives.add(join(run));
                            else if (iface.equals("none") && d.containsKey("id")) drives.put(d.get("id"), run);
                            else throw unsupported(opt + " if=" + iface + ": use if=virtio, or if=none,id=ID with -device virtio-blk-device,drive=ID");
                        }
                        case "-netdev" -> {
                            Map<String, String> n = keyValues(opt, v, "type");
                            String id = n.remove("id");
                            if (id == null) throw unsupported(opt + " " + v + ": needs id=");
                            Map<String, String> run = new LinkedHashMap<>();
                            String type = required(opt, v, n, "type");
                            n.remove("type");
                            run.put("type", type);
                            switch (type) {
                                case "socket" -> {
                                    for (String k : List.of("listen", "connect")) if (n.containsKey(k)) run.put(k, hostPort(n.remove(k)));
                                }
                                case "tap" -> {
                                    if (n.containsKey("ifname")) run.put("ifname", n.remove("ifname"));
                                    // the VMM never runs network scripts: "no" is what it does anyway
                                    for (String k : List.of("script", "downscript"))
                                        if (n.containsKey(k) && !n.remove(k).equals("no")) throw unsupported(opt + " " + k + "=: only " + k + "=no");
                                }
                                default -> throw unsupported(opt + " " + type + ": the network backends are socket and tap");
                            }
                            if (!n.isEmpty()) throw unsupported(opt + " " + n.keySet().iterator().next() + "=: not supported");
                            netdevs.put(id, run);
                        }
                        case "-device" -> {
                            if (isHelp(v)) return new Translation(null, deviceListing());
                            Map<String, String> d = keyValues(opt, v, "driver");
                            String driver = required(opt, v, d, "driver");
                            d.remove("driver");
                            switch (driver) {
                                case "virtio-blk-device" -> {
                                    Map<String, String> drive = drives.remove(d.remove("drive"));
                                    if (drive == null) throw unsupported(opt + " " + v + ": drive= must name an earlier -drive if=none,id=ID");
                                    runDrives.add(join(drive));
                                }
                                case "virtio-net-device" -> {
                                    Map<String, String> net = netdevs.remove(d.remove("netdev"));
                                    if (net == null) throw unsupported(opt + " " + v + ": netdev= must name an earlier -netdev");
                                    if (d.containsKey("mac")) net.put("mac", d.remove("mac"));
                                    runNetdevs.add(join(net));
                                }
                                case "virtio-rng-device" -> runDevices.add("virtio-rng");
                                // a PCI function, not a virtio transport: no legacy=on for it
                                case "pci-testdev" -> pciDevices.add("pci-testdev");
                                // the bus of virtconsole ports: the VMM's virtio console is that bus with its one port
                                case "virtio-serial-device" -> virtioSerial = true;
                                case "virtconsole" -> {
                                    if (!virtioSerial) throw unsupported(opt + " virtconsole: needs -device virtio-serial-device before it");
                                    // its -chardev may come later on the line (kvm-unit-tests puts it after)
                                    consoleChardevs.add(required(opt, v, d, "chardev"));
                                    d.remove("chardev");
                                    runDevices.add("virtio-console,chardev=testdev");
                                    virtioSerial = false;
                                }
                                default -> throw unsupported(opt + " " + driver + ": device not supported (see -device help)");
                            }
                            if (!d.isEmpty()) throw unsupported(opt + " " + driver + " " + d.keySet().iterator().next() + "=: not supported");
                        }
                        default -> throw unsupported(opt + ": option not supported by this front end (vmm run --help lists what the VMM can do)");
                    }
                }
            }
        }
        if (machine == null) throw unsupported("-machine: no machine given (qemu-system-arm has no default either); see -machine help");
        if (!drives.isEmpty()) throw unsupported("-drive id=" + drives.keySet().iterator().next() + ": no -device virtio-blk-device uses it");
        if (virtioSerial) throw unsupported("-device virtio-serial-device: no -device virtconsole on it");
        for (String id : consoleChardevs)
            if (!"testdev".equals(chardevs.get(id))) throw unsupported("-device virtconsole,chardev=" + id + ": no -chardev testdev,id=" + id);
        if (!netdevs.isEmpty()) throw unsupported("-netdev id=" + netdevs.keySet().iterator().next() + ": no -device virtio-net-device uses it");
        // QEMU's wording for these two: scripts look for it (kvm-unit-tests probes with a missing kernel and too many CPUs)
        if (kernel != null && !java.nio.file.Files.isReadable(java.nio.file.Path.of(kernel)))
            throw unsupported("could not load kernel '" + kernel + "': no such file or not readable");
        String machineName = machine;
        Board board = boards.stream().filter(b -> b.name().equals(machineName)).findFirst()
                .orElseThrow(() -> unsupported("-machine " + machineName + ": unsupported machine type (see -machine help)"));
        String boardSpec = machine;
        if (gicVersion != null) {
            if (!machine.equals("virt")) throw unsupported("-machine " + machine + ",gic-version=" + gicVersion + ": only virt has a gic-version");
            boolean kvm = "kvm".equals(accel);
            // QEMU: "max" is the newest GIC the accelerator can give (TCG: 3; KVM: the newest in-kernel vGIC the
            // host makes), "host" the host's, KVM only
            if (gicVersion.equals("host") && !kvm) throw unsupported("gic-version=host requires KVM");
            String version = gicVersion;
            if (gicVersion.equals("max") || gicVersion.equals("host")) {
                Set<Integer> inKernel = kvm ? Plugins.accelerator("kvm").inKernelGicVersions() : Set.of(3);
                // a host with neither gets 2, and the run says why KVM cannot give it
                version = inKernel.contains(3) ? "3" : "2";
            }
            if (version.equals("3")) {
                boardSpec = machine + ",gic-version=3";
                board = board.withOptions(Map.of("gic-version", "3"));
            }
        }
        if (cpus != null && cpus.matches("\\d+") && Integer.parseInt(cpus) > board.maxCpus())
            throw unsupported("Invalid SMP CPUs " + cpus + ". The max CPUs supported by machine '" + machine + "' is " + board.maxCpus());
        if (machine.equals("vexpress-a15") && kernel == null)
            throw unsupported("-kernel: needed (the VMM would otherwise boot its own default guest, which qemu-system-arm does not)");

        // QEMU's default accelerator is TCG, not the best one the host has
        List<String> run = new ArrayList<>(List.of("--board", boardSpec, "--accel", accel != null ? accel : "tcg"));
        if (cpus != null) run.addAll(List.of("--cpus", cpus));
        if (memory != null) run.addAll(List.of("--memory", memory));
        if (kernel != null) run.addAll(List.of("--kernel", kernel));
        if (initrd != null) run.addAll(List.of("--initrd", initrd));
        if (dtb != null) run.addAll(List.of("--dtb", dtb));
        if (append != null) run.addAll(List.of("--append", append));
        // QEMU's first serial port goes to stdio with -nographic; -nodefaults alone leaves it unconnected
        String backend = serial != null ? serial : (graphicsOff || !nodefaults) ? "stdio" : "none";
        run.addAll(List.of("--serial", backend));
        if (noReboot) run.add("--no-reboot");
        if (gdb != null) run.addAll(List.of("--gdb", gdb));
        if (waitGdb) run.add("--wait-gdb");
        if (qmp != null) run.addAll(List.of("--qmp", qmp));
        if (incoming != null) run.addAll(List.of("--incoming", incoming));
        // QEMU's virtio-mmio transports are legacy (version 1) unless told otherwise (force-legacy), and
        // guests written for it (kvm-unit-tests) drive only those
        for (String d : runDrives) run.addAll(List.of("--drive", d + ",legacy=on"));
        for (String n : runNetdevs) run.addAll(List.of("--netdev", n + ",legacy=on"));
        for (String d : runDevices) run.addAll(List.of("--device", d + ",legacy=on"));
        for (String d : pciDevices) run.addAll(List.of("--device", d));
        return new Translation(run, null);
    }

    /** -qmp unix:PATH,server[,wait=off] or tcp:HOST:PORT,server[,wait=off]: the VMM always serves, never waits. */
    private static String qmpChardev(String opt, String v) {
        String[] parts = v.split(",");
        for (int i = 1; i < parts.length; i++)
            if (!List.of("server", "server=on", "nowait", "wait=off").contains(parts[i]))
                throw unsupported(opt + " " + v + ": '" + parts[i] + "' is not supported (use unix:PATH,server,wait=off or tcp:HOST:PORT,server,wait=off)");
        return parts[0];
    }

    /** QEMU's first line, which scripts parse for the version, then what really answers. */
    private static String versionLine() {
        return "QEMU emulator version 7.2.0 (armvmm " + new Main.Version().getVersion()[0] + ", a qemu-system-arm compatible front end)\n";
    }

    private static boolean isHelp(String v) { return v.equals("help") || v.equals("?"); }

    /** QEMU's -serial forms that have a {@code vmm run --serial} equivalent. */
    private static String serial(String opt, String v) {
        if (v.equals("stdio") || v.equals("none") || v.equals("null")) return v.equals("null") ? "none" : v;
        if (v.startsWith("file:")) return v;
        if (v.startsWith("tcp:")) {
            StringJoiner out = new StringJoiner(",");
            String[] parts = v.split(",");
            out.add(parts[0]);
            for (int i = 1; i < parts.length; i++) {
                switch (parts[i]) {
                    case "server", "server=on" -> out.add("server");
                    // the VMM's server waits for its client before the guest starts, as QEMU's default "wait"
                    case "wait", "wait=on" -> { }
                    default -> throw unsupported(opt + " " + v + ": " + parts[i] + " not supported");
                }
            }
            return out.toString();
        }
        throw unsupported(opt + " " + v + ": use stdio, none, file:PATH or tcp:HOST:PORT[,server]");
    }

    /** QEMU's ":1234" means every address; the VMM's socket backend wants a host. */
    private static String hostPort(String v) { return v.startsWith(":") ? "127.0.0.1" + v : v; }

    /** "a,b=c,d=e": the bare first word under {@code firstKey}, then the pairs, in order. */
    static Map<String, String> keyValues(String opt, String v, String firstKey) {
        Map<String, String> m = new LinkedHashMap<>();
        String[] parts = v.split(",");
        for (int i = 0; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq < 0) {
                if (i == 0 && !parts[i].isEmpty()) m.put(firstKey, parts[i]);
                else if (!parts[i].isEmpty()) m.put(parts[i], "on");
            } else {
                m.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
        }
        return m;
    }

    private static String required(String opt, String v, Map<String, String> m, String key) {
        String value = m.get(key);
        if (value == null || value.isEmpty()) throw unsupported(opt + " " + v + ": no " + key + " given");
        return value;
    }

    private static String join(Map<String, String> m) {
        StringJoiner j = new StringJoiner(",");
        m.forEach((k, val) -> j.add(k.equals("type") ? val : k + "=" + val));
        return j.toString();
    }

    /**
     * As qemu-system-arm -machine help words it, with QEMU's descriptions (scripts look for them: kvm-unit-tests
     * greps "ARM Virtual Machine") and what answers in parentheses.
     */
    static String machineListing(List<Board> boards) {
        StringBuilder sb = new StringBuilder("Supported machines are:\n");
        for (Board b : boards) {
            String qemu = switch (b.name()) {
                case "virt" -> "ARM Virtual Machine";
                case "vexpress-a15" -> "ARM Versatile Express for Cortex-A15";
                default -> null;
            };
            sb.append(String.format("%-20s %s%n", b.name(), qemu == null ? b.description() : qemu + " (armvmm: " + b.description() + ")"));
        }
        return sb.toString();
    }

    /** As qemu-system-arm -device help words its lists: the devices this front end takes. */
    static String deviceListing() {
        return String.join("\n",
                "Storage devices:",
                "name \"virtio-blk-device\", bus virtio-bus",
                "",
                "Network devices:",
                "name \"virtio-net-device\", bus virtio-bus",
                "",
                "Input devices:",
                "name \"virtconsole\", bus virtio-serial-bus (with -chardev testdev only)",
                "name \"virtio-serial-device\", bus virtio-bus",
                "",
                "Misc devices:",
                "name \"pci-testdev\", bus PCI, desc \"PCI Test Device\" (virt only)",
                "name \"virtio-rng-device\", bus virtio-bus",
                "");
    }
}
