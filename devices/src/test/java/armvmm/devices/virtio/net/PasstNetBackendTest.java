package armvmm.devices.virtio.net;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** passt as the VMM's user-mode network: frames in QEMU's stream protocol over its UNIX socket. */
class PasstNetBackendTest {
    private static final byte[] GUEST_MAC = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};

    @Test
    void aMissingPasstSaysHowToInstallIt() {
        String old = System.setProperty(PasstNetBackend.EXECUTABLE_PROPERTY, "/nonexistent/passt");
        try {
            IOException e = assertThrows(IOException.class, () -> PasstNetBackend.open(List.of()));
            assertEquals("passt is not installed (apt-get install passt)", e.getMessage());
        } finally {
            if (old == null) System.clearProperty(PasstNetBackend.EXECUTABLE_PROPERTY);
            else System.setProperty(PasstNetBackend.EXECUTABLE_PROPERTY, old);
        }
    }

    /** An ARP request from the guest's side for {@code target} (sender address 0.0.0.0, as before DHCP). */
    private static byte[] arpRequest(byte[] target) {
        ByteBuffer b = ByteBuffer.allocate(42);
        b.put(new byte[] {-1, -1, -1, -1, -1, -1}).put(GUEST_MAC).putShort((short) 0x0806);
        b.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) 1);
        b.put(GUEST_MAC).put(new byte[4]).put(new byte[6]).put(target);
        return b.array();
    }

    @Test
    void passtAnswersTheGuestsArpAndForwardsAHostPortAndGoesWithTheBackend() throws Exception {
        assumeTrue(PasstNetBackend.executable().isPresent(), "passt is not installed (" + PasstNetBackend.INSTALL_HINT + ")");
        int hostPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            hostPort = s.getLocalPort();
        }
        SocketNetBackend net = PasstNetBackend.open(List.of(new PasstNetBackend.HostForward("tcp", "127.0.0.1", hostPort, 8080)));
        long passt = ProcessHandle.current().descendants().filter(p -> p.info().command().orElse("").contains("passt"))
                .findFirst().orElseThrow().pid();
        try {
            LinkedBlockingQueue<byte[]> got = new LinkedBlockingQueue<>();
            net.start(got::add);
            byte[] gateway = {(byte) 192, 0, 2, 1}; // passt answers ARP for any address but the guest's own
            byte[] reply = null;
            for (int i = 0; i < 20 && reply == null; i++) {
                net.send(arpRequest(gateway), 0, 42);
                for (byte[] f; (f = got.poll(250, TimeUnit.MILLISECONDS)) != null; ) {
                    if (f.length >= 42 && f[12] == 0x08 && f[13] == 0x06 && f[21] == 2) {
                        reply = f;
                        break;
                    }
                }
            }
            assertNotNull(reply, "an ARP reply from passt");
            ByteBuffer r = ByteBuffer.wrap(reply);
            byte[] dst = new byte[6], tpa = new byte[4], spa = new byte[4];
            r.get(dst);
            r.position(28);
            r.get(spa);
            r.position(38);
            r.get(tpa);
            assertArrayEquals(GUEST_MAC, dst, "addressed to the guest");
            assertArrayEquals(gateway, spa, "for the address asked about");
            // The forward: passt listens on the host port for the guest.
            try (java.net.Socket c = new java.net.Socket(InetAddress.getLoopbackAddress(), hostPort)) {
                assertTrue(c.isConnected(), "passt listens on 127.0.0.1:" + hostPort);
            }
        } finally {
            net.close();
        }
        ProcessHandle.of(passt).ifPresent(p -> assertFalse(p.isAlive(), "passt is gone with the backend"));
    }
}
