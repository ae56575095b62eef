package armvmm.chardev;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * {@code [HOST]:PORT} where a VMM service listens (the gdb stub, the QMP monitor): the loopback address
 * when HOST is left out, so that nothing is reachable from elsewhere unless the user names a host.
 */
public final class TcpListenAddress {
    private TcpListenAddress() {}

    /** Checked: an IllegalArgumentException says in one line what is wrong. */
    public static InetSocketAddress parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) throw new IllegalArgumentException("no port (use tcp:[HOST]:PORT)");
        String host = hostPort.substring(0, colon), p = hostPort.substring(colon + 1);
        int port;
        try {
            port = Integer.parseInt(p);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port '" + p + "' is not a number");
        }
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port + " is not 0..65535");
        try {
            return new InetSocketAddress(host.isEmpty() ? InetAddress.getLoopbackAddress() : InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host '" + host + "'");
        }
    }
}
