package armvmm.devices.virtio;

import armvmm.devices.virtio.VirtioDeviceSpec.NetBackendSpec;
import armvmm.devices.virtio.net.MacAddress;
import armvmm.devices.virtio.net.PasstNetBackend;
import armvmm.machine.MachineConfig;
import armvmm.error.VmmException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the option maps of --drive, --netdev, --device and --console into device specs, or a
 * {@link VmmException} of one line naming the option and what is wrong with it. Every option also takes
 * {@code legacy=on} for a version 1 (legacy) virtio-mmio transport, for old guests; the default is version 2.
 */
public final class VirtioOptions {
    private VirtioOptions() {}

    private static final Set<String> DRIVE_KEYS = Set.of("file", "format", "readonly", "snapshot", "serial", "if", "id", "legacy");
    /** Formats taken by --drive: raw is opened by the VMM (or served by qemu-nbd under snapshot=on), the others are qemu-nbd's. */
    public static final List<String> DRIVE_FORMATS = List.of("raw", "qcow2");
    private static final Set<String> TAP_KEYS = Set.of("type", "ifname", "mac", "id", "legacy");
    private static final Set<String> SOCKET_KEYS = Set.of("type", "listen", "connect", "mac", "id", "legacy");
    private static final Set<String> USER_KEYS = Set.of("type", "hostfwd", "mac", "id", "legacy");
    private static final Pattern HOSTFWD = Pattern.compile("(?:(tcp|udp|[^:]*):)?([^:]*):([^-]*)-([^:]*):(.*)");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
    private static final Set<String> SIMPLE_DEVICE_KEYS = Set.of("type", "id", "legacy");
    /** A virtio console's chardev=testdev: QEMU's chr-testdev instead of the --serial backend (the board connects it). */
    private static final Set<String> CONSOLE_KEYS = Set.of("type", "id", "legacy", "chardev");

    /**
     * All virtio devices of {@code cfg}, in the board's slot order (drives, network devices, the virtio
     * console, then --device entries) so that the guest sees the same vda, eth0, hvc0 on every run.
     */
    public static List<VirtioDeviceSpec> parse(MachineConfig cfg, SecureRandom macSource) {
        List<VirtioDeviceSpec> out = new ArrayList<>();
        for (Map<String, String> m : cfg.drives()) out.add(drive(m));
        for (Map<String, String> m : cfg.netdevs()) out.add(netdev(m, macSource));
        if ("virtio".equals(cfg.console())) out.add(new VirtioDeviceSpec.Console(VirtioMmioTransport.Version.MODERN));
        for (Map<String, String> m : cfg.devices()) out.add(device(m));
        return out;
    }

    /**
     * One device from its kind and the user's option map, for a board that assigns slots itself:
     * {@code deviceName} is virtio-blk (a --drive map), virtio-net (a --netdev map), virtio-console or
     * virtio-rng (a --device map, or an empty map for --console virtio).
     */
    public static VirtioDeviceSpec parse(String deviceName, Map<String, String> options, SecureRandom macSource) {
        return switch (deviceName) {
            case "virtio-blk" -> drive(options);
            case "virtio-net" -> netdev(options, macSource);
            case "virtio-rng", "virtio-console" -> {
                Map<String, String> m = new java.util.HashMap<>(options);
                m.putIfAbsent("type", deviceName);
                yield device(m);
            }
            default -> throw new IllegalArgumentException("not a virtio device: " + deviceName);
        };
    }

    static VirtioDeviceSpec.Blk drive(Map<String, String> m) {
        String what = "--drive" + (m.containsKey("file") ? " file=" + m.get("file") : "");
        checkKeys(what, m, DRIVE_KEYS);
        String file = m.get("file");
        if (file == null || file.isEmpty()) throw new VmmException(what + ": file=PATH is required");
        String format = m.getOrDefault("format", "raw");
        if (!DRIVE_FORMATS.contains(format))
            throw new VmmException(what + ": format " + format + " is not supported (use " + String.join(" or ", DRIVE_FORMATS) + ")");
        String iface = m.getOrDefault("if", "virtio");
        if (!iface.equals("virtio")) throw new VmmException(what + ": if=" + iface + " is not supported (only virtio)");
        boolean readOnly = onOff(what, m, "readonly");
        boolean snapshot = onOff(what, m, "snapshot");
        String serial = m.getOrDefault("serial", "");
        if (serial.length() > 20 || !StandardCharsets.US_ASCII.newEncoder().canEncode(serial))
            throw new VmmException(what + ": serial '" + serial + "' must be at most 20 ASCII characters");
        Path p = Path.of(file);
        if (!Files.exists(p)) throw new VmmException(what + ": no such file");
        if (!Files.isRegularFile(p)) throw new VmmException(what + ": not a regular file");
        if (!Files.isReadable(p)) throw new VmmException(what + ": not readable");
        if (!readOnly && !snapshot && !Files.isWritable(p))
            throw new VmmException(what + ": not writable (add readonly=on to use it read-only, or snapshot=on to discard writes)");
        return new VirtioDeviceSpec.Blk(p, format, readOnly, snapshot && !readOnly, serial, version(what, m));
    }

    static VirtioDeviceSpec.Net netdev(Map<String, String> m, SecureRandom macSource) {
        String type = m.getOrDefault("type", "");
        String what = "--netdev " + type;
        NetBackendSpec backend = switch (type) {
            case "tap" -> {
                checkKeys(what, m, TAP_KEYS);
                String ifname = m.get("ifname");
                if (ifname == null || ifname.isEmpty()) throw new VmmException(what + ": ifname=NAME is required");
                yield new NetBackendSpec.Tap(ifname);
            }
            case "socket" -> {
                checkKeys(what, m, SOCKET_KEYS);
                String listen = m.get("listen"), connect = m.get("connect");
                if ((listen == null) == (connect == null)) throw new VmmException(what + ": give exactly one of listen=HOST:PORT or connect=HOST:PORT");
                yield listen != null ? new NetBackendSpec.SocketListen(hostPort(what + ",listen=" + listen, listen))
                        : new NetBackendSpec.SocketConnect(hostPort(what + ",connect=" + connect, connect));
            }
            case "user" -> {
                checkKeys(what, m, USER_KEYS);
                List<PasstNetBackend.HostForward> forwards = new ArrayList<>();
                String fwd = m.getOrDefault("hostfwd", "");
                if (m.containsKey("hostfwd")) for (String f : fwd.split(",", -1)) forwards.add(hostForward(what + ",hostfwd=" + f, f));
                yield new NetBackendSpec.User(List.copyOf(forwards));
            }
            case "" -> throw new VmmException("--netdev: name a backend first: user[,hostfwd=..], tap,ifname=NAME or socket,listen=HOST:PORT|connect=HOST:PORT");
            default -> throw new VmmException(what + ": unknown network backend (use user, tap or socket)");
        };
        MacAddress mac;
        try {
            mac = m.containsKey("mac") ? MacAddress.parse(m.get("mac")) : MacAddress.random(macSource);
        } catch (IllegalArgumentException e) {
            throw new VmmException(what + ": mac " + e.getMessage());
        }
        return new VirtioDeviceSpec.Net(backend, mac, version(what, m));
    }

    static VirtioDeviceSpec device(Map<String, String> m) {
        String type = m.getOrDefault("type", "");
        String what = "--device " + type;
        switch (type) {
            case "virtio-rng", "virtio-rng-device" -> {
                checkKeys(what, m, SIMPLE_DEVICE_KEYS);
                return new VirtioDeviceSpec.Rng(version(what, m));
            }
            case "virtio-console", "virtconsole" -> {
                checkKeys(what, m, CONSOLE_KEYS);
                String chardev = m.get("chardev");
                if (chardev != null && !chardev.equals("testdev"))
                    throw new VmmException(what + ": chardev=" + chardev + ": the only one is testdev (without it the console takes --serial)");
                return new VirtioDeviceSpec.Console(version(what, m));
            }
            default -> throw new VmmException(what + ": unknown device (known: virtio-rng, virtio-console)");
        }
    }

    /** QEMU's [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT, the guest address left out (passt forwards to the guest's own). */
    static PasstNetBackend.HostForward hostForward(String what, String s) {
        Matcher f = HOSTFWD.matcher(s);
        if (!f.matches()) throw new VmmException(what + ": expected tcp:[HOSTADDR]:HOSTPORT-:GUESTPORT");
        String proto = f.group(1) == null || f.group(1).isEmpty() ? "tcp" : f.group(1);
        if (!proto.equals("tcp") && !proto.equals("udp")) throw new VmmException(what + ": protocol " + proto + " (use tcp or udp)");
        String hostAddr = f.group(2);
        if (!hostAddr.isEmpty() && !IPV4.matcher(hostAddr).matches())
            throw new VmmException(what + ": host address '" + hostAddr + "' is not an IPv4 address");
        if (!f.group(4).isEmpty())
            throw new VmmException(what + ": a guest address is not supported (the port is forwarded to the guest's own address; write -:" + f.group(5) + ")");
        return new PasstNetBackend.HostForward(proto, hostAddr, port(what, f.group(3)), port(what, f.group(5)));
    }

    private static int port(String what, String s) {
        int p;
        try {
            p = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new VmmException(what + ": port '" + s + "' is not a number");
        }
        if (p < 1 || p > 65535) throw new VmmException(what + ": port " + p + " is out of range");
        return p;
    }

    private static InetSocketAddress hostPort(String what, String s) {
        int colon = s.lastIndexOf(':');
        if (colon <= 0) throw new VmmException(what + ": expected HOST:PORT");
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new VmmException(what + ": port '" + s.substring(colon + 1) + "' is not a number");
        }
        if (port < 0 || port > 65535) throw new VmmException(what + ": port " + port + " is out of range");
        return InetSocketAddress.createUnresolved(host, port);
    }

    private static void checkKeys(String what, Map<String, String> m, Set<String> allowed) {
        Set<String> unknown = new TreeSet<>(m.keySet());
        unknown.removeAll(allowed);
        unknown.remove("type");
        if (!unknown.isEmpty())
            throw new VmmException(what + ": unknown option " + String.join(", ", unknown) + " (known: " + String.join(", ", new TreeSet<>(allowed)) + ")");
    }

    private static boolean onOff(String what, Map<String, String> m, String key) {
        String v = m.getOrDefault(key, "off");
        return switch (v) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new VmmException(what + ": " + key + "=" + v + " (use on or off)");
        };
    }

    private static VirtioMmioTransport.Version version(String what, Map<String, String> m) {
        return onOff(what, m, "legacy") ? VirtioMmioTransport.Version.LEGACY : VirtioMmioTransport.Version.MODERN;
    }
}
