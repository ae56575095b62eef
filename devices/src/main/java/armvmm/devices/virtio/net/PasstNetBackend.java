package armvmm.devices.virtio.net;

import armvmm.devices.host.HelperProcess;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * User-mode networking through passt (Debian's passt): no TAP device, no privileges. passt runs as this
 * VMM's helper ({@link HelperProcess}: a private directory, never outliving the VMM) with {@code --one-off},
 * so it also quits when the VMM's connection goes; it answers the guest's DHCP, DNS, NDP, carries its
 * TCP/UDP/ICMP through the host's sockets, maps the gateway address to the host's loopback, and forwards
 * the host ports asked for to the guest. Frames travel over its UNIX socket in QEMU's stream protocol (a
 * 4-byte big-endian length, then the frame), which {@link SocketNetBackend} speaks.
 */
public final class PasstNetBackend {
    private PasstNetBackend() {}

    /** Overrides where passt is looked for (tests use it to see the message for a missing one). */
    public static final String EXECUTABLE_PROPERTY = "armvmm.passt";
    public static final String INSTALL_HINT = "apt-get install passt";
    /** What passt tells the guest by DHCP: the Ethernet MTU virtio-net here carries (passt's default is 65520). */
    static final int MTU = 1500;
    static final long START_TIMEOUT_MS = 10_000, EXIT_TIMEOUT_MS = 2_000;

    /**
     * One host port forwarded to the guest, as QEMU's {@code hostfwd=PROTO:HOSTADDR:HOSTPORT-:GUESTPORT}.
     *
     * @param protocol    tcp or udp
     * @param hostAddress where the host listens; empty for every address
     */
    public record HostForward(String protocol, String hostAddress, int hostPort, int guestPort) {
        /** passt's spec for it: [ADDR/]HOSTPORT:GUESTPORT. */
        String passtSpec() { return (hostAddress.isEmpty() ? "" : hostAddress + "/") + hostPort + ":" + guestPort; }
    }

    public static Optional<Path> executable() {
        String override = System.getProperty(EXECUTABLE_PROPERTY);
        if (override != null) return Files.isExecutable(Path.of(override)) ? Optional.of(Path.of(override)) : Optional.empty();
        return HelperProcess.onPath("passt");
    }

    /** Starts passt and connects to it. Failures are IOExceptions of one line (passt missing, or passt's complaint). */
    public static SocketNetBackend open(List<HostForward> forwards) throws IOException {
        Path exe = executable().orElseThrow(() -> new IOException("passt is not installed (" + INSTALL_HINT + ")"));
        Path dir = HelperProcess.privateDirectory("armvmm-passt-");
        Path socket = dir.resolve("passt.sock");
        // --runas: the VMM's own user. As root passt would otherwise switch to nobody, who cannot bind a
        // socket in the private directory, and the change of user would clear the parent-death signal.
        Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid"), gid = Files.getAttribute(Path.of("/proc/self"), "unix:gid");
        List<String> cmd = new ArrayList<>(List.of(exe.toString(), "--foreground", "--quiet", "--one-off", "--runas", uid + ":" + gid,
                "--mtu", Integer.toString(MTU), "--socket", socket.toString()));
        for (HostForward f : forwards) cmd.addAll(List.of(f.protocol().equals("udp") ? "--udp-ports" : "--tcp-ports", f.passtSpec()));
        HelperProcess helper = HelperProcess.start("passt", dir, cmd, Map.of());
        SocketChannel ch = null;
        try {
            helper.awaitFile(socket, START_TIMEOUT_MS);
            try {
                ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                if (helper.exited(1000)) throw new IOException(helper.failure(), e);
                throw new IOException("cannot connect to passt: " + e.getMessage(), e);
            }
            String what = "user (passt" + (forwards.isEmpty() ? "" : ", " + forwards.size() + " port forward" + (forwards.size() > 1 ? "s" : "")) + ")";
            return SocketNetBackend.over(what, ch, () -> helper.close(EXIT_TIMEOUT_MS));
        } catch (IOException | RuntimeException e) {
            if (ch != null) ch.close();
            helper.close();
            throw e;
        }
    }
}
