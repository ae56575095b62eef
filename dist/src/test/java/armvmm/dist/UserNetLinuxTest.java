package armvmm.dist;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import armvmm.boards.GuestCache;
import armvmm.devices.virtio.net.PasstNetBackend;
import armvmm.isa.decode.Decoders;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 18's user-mode network, whole: Debian's guest with {@code --netdev user,hostfwd=tcp:127.0.0.1:P-:8080}
 * (passt, no TAP, no privileges asked for) gets its address by DHCP, serves a page with busybox httpd that
 * the host fetches through the forwarded port, and fetches a page from a server on the host's loopback
 * through the gateway address. Nothing leaves this machine: both servers are on 127.0.0.1.
 */
class UserNetLinuxTest {
    static final String PROMPT = VirtioLinuxTest.PROMPT;

    @Test
    void theGuestGetsDhcpServesAForwardedPortAndReachesTheHostsLoopback() throws Exception {
        assumeTrue(GuestCache.has(VirtioLinuxTest.FLAVOUR), GuestCache.missing(VirtioLinuxTest.FLAVOUR));
        DemoGuestTest.assumeTcg();
        assumeTrue(!Decoders.loadExtensions().isEmpty(), "the TCG CPU in this build has no VFP/Advanced SIMD decoder");
        assumeTrue(PasstNetBackend.executable().isPresent(), "passt is not installed (" + PasstNetBackend.INSTALL_HINT + ")");

        int forwarded = freePort();
        ExecutorService pool = Executors.newCachedThreadPool();
        try (ServerSocket hostServer = new ServerSocket(0, 4, InetAddress.getLoopbackAddress()); SerialConsole c = new SerialConsole()) {
            pool.submit(() -> serveOnce(hostServer, "from-the-host-" + hostServer.getLocalPort()));
            VirtioLinuxTest.Run run = VirtioLinuxTest.start(pool, c, "console=ttyAMA0",
                    "--netdev", "user,hostfwd=tcp:127.0.0.1:" + forwarded + "-:8080");
            c.accept(Duration.ofSeconds(60));
            c.waitFor(LinuxBootTest.READY, VirtioLinuxTest.BOOT);
            c.waitFor(PROMPT, Duration.ofMinutes(1));

            // busybox udhcpc applies nothing itself: the script puts the lease on eth0.
            command(c, "printf '#!/bin/sh\\ncase $1 in bound|renew) ip addr add $ip/$mask dev $interface"
                    + " && ip route add default via $router && echo $router > /tmp/router;; esac\\n' > /tmp/dhcp.sh && chmod +x /tmp/dhcp.sh");
            String dhcp = command(c, "ip link set eth0 up && udhcpc -i eth0 -n -q -t 10 -T 2 -s /tmp/dhcp.sh; echo dhcp-$?; ip -4 addr show eth0; echo gw-$(cat /tmp/router)");
            assertTrue(dhcp.contains("dhcp-0"), "udhcpc got a lease:\n" + dhcp);
            Matcher inet = Pattern.compile("inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/").matcher(dhcp);
            assertTrue(inet.find(), "eth0 has the leased address:\n" + dhcp);
            Matcher gw = Pattern.compile("gw-(\\d+\\.\\d+\\.\\d+\\.\\d+)").matcher(dhcp);
            assertTrue(gw.find(), "the lease names a router:\n" + dhcp);

            // Host -> guest, through the forwarded port.
            String httpd = command(c, "mkdir -p /www && echo from-the-guest-$((6*7)) > /www/index.html && httpd -p 8080 -h /www; echo httpd-$?");
            assertTrue(httpd.contains("httpd-0"), httpd);
            String page = fetch(forwarded, Duration.ofSeconds(60));
            assertTrue(page.contains("from-the-guest-42"), "the host reaches the guest's httpd through 127.0.0.1:" + forwarded + ":\n" + page);

            // Guest -> host loopback, through the gateway address.
            String wget = command(c, "wget -q -O - http://" + gw.group(1) + ":" + hostServer.getLocalPort() + "/; echo wget-$?");
            assertTrue(wget.contains("from-the-host-" + hostServer.getLocalPort()) && wget.contains("wget-0"),
                    "the guest reaches the host's loopback server through " + gw.group(1) + ":\n" + wget);

            c.send("poweroff -f");
            run.assertPoweredOff();
        } finally {
            pool.shutdownNow();
        }
        assertTrue(ProcessHandle.current().descendants().noneMatch(p -> p.info().command().orElse("").contains("passt")),
                "no passt is left after the VMM");
    }

    private static String command(SerialConsole c, String line) throws Exception { return VirtioLinuxTest.command(c, line); }

    /** A GET of / on 127.0.0.1:port, retried until the guest's server answers. */
    private static String fetch(int port, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(20_000);
                s.getOutputStream().write("GET /index.html HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                last = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                if (last.contains("200")) return last;
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(500);
        }
        return last;
    }

    /** One HTTP/1.0 answer carrying {@code body}. */
    private static Void serveOnce(ServerSocket server, String body) throws IOException {
        try (Socket s = server.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            byte[] buf = new byte[4096];
            StringBuilder req = new StringBuilder();
            while (!req.toString().contains("\r\n\r\n")) {
                int n = in.read(buf);
                if (n < 0) break;
                req.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
            }
            out.write(("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + (body.length() + 1) + "\r\n\r\n" + body + "\n")
                    .getBytes(StandardCharsets.US_ASCII));
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
