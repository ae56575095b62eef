package armvmm.devices.virtio.net;

import armvmm.error.VmmException;
import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host TAP interface (/dev/net/tun with TUNSETIFF, IFF_TAP | IFF_NO_PI): frames written by the guest
 * appear on the host interface and the other way round. Creating or attaching to a TAP device needs
 * CAP_NET_ADMIN (or a persistent device owned by the user); when the host refuses, the error says so.
 */
public final class TapNetBackend implements NetBackend {
    private static final Logger log = LoggerFactory.getLogger(TapNetBackend.class);

    static final int O_RDWR = 2, O_CLOEXEC = 0x80000;
    static final long TUNSETIFF = 0x400454caL;
    static final short IFF_TAP = 0x0002, IFF_NO_PI = 0x1000;
    static final int IFNAMSIZ = 16, IFREQ_SIZE = 40;
    static final short POLLIN = 1;

    /** libc through JNA direct mapping. */
    private static final class LibC {
        static {
            Native.register(LibC.class, "c");
        }

        static native int open(String path, int flags) throws LastErrorException;
        static native int ioctl(int fd, long request, byte[] arg) throws LastErrorException;
        static native int read(int fd, byte[] buf, long count) throws LastErrorException;
        static native int write(int fd, byte[] buf, long count) throws LastErrorException;
        static native int close(int fd) throws LastErrorException;
        static native int poll(byte[] fds, long nfds, int timeout) throws LastErrorException;
        static native String strerror(int errnum);
    }

    private final String ifname;
    private final int fd;
    private volatile boolean closed;
    private Thread reader;

    private TapNetBackend(String ifname, int fd) {
        this.ifname = ifname;
        this.fd = fd;
    }

    public static TapNetBackend open(String ifname) {
        byte[] name = ifname.getBytes(StandardCharsets.US_ASCII);
        if (name.length == 0 || name.length >= IFNAMSIZ || ifname.contains("/"))
            throw new VmmException("--netdev tap,ifname=" + ifname + ": an interface name has 1 to " + (IFNAMSIZ - 1) + " characters and no '/'");
        int fd;
        try {
            fd = LibC.open("/dev/net/tun", O_RDWR | O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new VmmException("--netdev tap,ifname=" + ifname + ": cannot open /dev/net/tun (" + LibC.strerror(e.getErrorCode()) + ")");
        } catch (UnsatisfiedLinkError e) {
            throw new VmmException("--netdev tap: this host has no TAP support (" + e.getMessage() + ")");
        }
        byte[] ifreq = new byte[IFREQ_SIZE];
        System.arraycopy(name, 0, ifreq, 0, name.length);
        short flags = IFF_TAP | IFF_NO_PI;
        ifreq[IFNAMSIZ] = (byte) flags; // ifr_flags, host order: every host this runs on is little-endian
        ifreq[IFNAMSIZ + 1] = (byte) (flags >> 8);
        try {
            LibC.ioctl(fd, TUNSETIFF, ifreq);
        } catch (LastErrorException e) {
            LibC.close(fd);
            String hint = e.getErrorCode() == 1 ? "; creating a TAP device needs CAP_NET_ADMIN, or create it first with 'ip tuntap add "
                    + ifname + " mode tap user $USER'" : "";
            throw new VmmException("--netdev tap,ifname=" + ifname + ": TUNSETIFF refused (" + LibC.strerror(e.getErrorCode()) + hint + ")");
        }
        return new TapNetBackend(ifname, fd);
    }

    public String ifname() { return ifname; }

    @Override
    public String describe() { return "tap " + ifname; }

    @Override
    public synchronized void start(Consumer<byte[]> receiver) {
        Thread t = new Thread(() -> {
            try {
                readLoop(receiver);
            } finally {
                LibC.close(fd); // here, not in close(): the fd number must not be reused while poll still holds it
            }
        }, "virtio-net tap " + ifname);
        t.setDaemon(true);
        reader = t;
        t.start();
    }

    private void readLoop(Consumer<byte[]> receiver) {
        byte[] buf = new byte[65536];
        byte[] pollfd = new byte[8];
        pollfd[0] = (byte) fd;
        pollfd[1] = (byte) (fd >> 8);
        pollfd[2] = (byte) (fd >> 16);
        pollfd[3] = (byte) (fd >> 24);
        pollfd[4] = POLLIN;
        while (!closed) {
            try {
                // poll with a timeout so that close() is noticed: close does not wake a blocked read.
                if (LibC.poll(pollfd, 1, 200) <= 0) continue;
                int n = LibC.read(fd, buf, buf.length);
                if (n > 0) receiver.accept(Arrays.copyOf(buf, n));
            } catch (LastErrorException e) {
                if (!closed) {
                    log.warn("tap {}: read failed ({}), interface detached", ifname, LibC.strerror(e.getErrorCode()));
                    return;
                }
            }
        }
    }

    @Override
    public void send(byte[] frame, int off, int len) {
        if (closed) return;
        byte[] b = off == 0 && len == frame.length ? frame : Arrays.copyOfRange(frame, off, off + len);
        try {
            LibC.write(fd, b, len);
        } catch (LastErrorException e) {
            // EIO while the interface is down: the frame is lost, as on a cable nobody listens to.
        }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (reader == null) {
            LibC.close(fd);
            return;
        }
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
