package armvmm.devices.virtio.net;

import armvmm.error.VmmException;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A network of two VMM instances over one TCP stream, as QEMU's socket netdev: every frame is sent as a
 * 4-byte big-endian length and the frame. The same framing reaches passt over a UNIX socket ({@link #over}). One side listens (and takes one peer at a time, the next after
 * the first goes away), the other connects. A peer that sends a length past {@link #MAX_FRAME_ON_WIRE}
 * is not speaking this protocol and is disconnected. Frames go out from a thread of their own through a
 * bounded queue, so a peer that stops reading costs dropped frames, never a stalled vCPU.
 */
public final class SocketNetBackend implements NetBackend {
    private static final Logger log = LoggerFactory.getLogger(SocketNetBackend.class);
    public static final int MAX_FRAME_ON_WIRE = 65536;

    private final String description;
    private final ServerSocketChannel server;
    private volatile SocketChannel peer;
    private volatile boolean closed;
    public static final int OUTBOX_FRAMES = 256;
    private final ArrayBlockingQueue<byte[]> outbox = new ArrayBlockingQueue<>(OUTBOX_FRAMES);
    private final AtomicLong dropped = new AtomicLong();
    private Thread sender;
    /** Closed after the stream (the program at the other end, for {@link #over}); may be null. */
    private final AutoCloseable owned;

    private SocketNetBackend(String description, ServerSocketChannel server, SocketChannel peer, AutoCloseable owned) {
        this.description = description;
        this.server = server;
        this.peer = peer;
        this.owned = owned;
    }

    /**
     * The same framing over a stream already connected (a UNIX socket to passt, which speaks QEMU's stream
     * protocol); {@code owned} is closed after the stream, may be null.
     */
    public static SocketNetBackend over(String description, SocketChannel connected, AutoCloseable owned) {
        return new SocketNetBackend(description, null, connected, owned);
    }

    /** Binds now, so that a port in use is reported before the guest starts. */
    public static SocketNetBackend listen(InetSocketAddress at) {
        try {
            ServerSocketChannel s = ServerSocketChannel.open();
            try {
                s.bind(at);
            } catch (IOException e) {
                s.close();
                throw e;
            }
            return new SocketNetBackend("socket listen " + at.getHostString() + ":" + ((InetSocketAddress) s.getLocalAddress()).getPort(), s, null, null);
        } catch (IOException e) {
            throw new VmmException("--netdev socket,listen=" + at.getHostString() + ":" + at.getPort() + ": cannot listen (" + e.getMessage() + ")");
        }
    }

    /** Connects now: the listening instance must already run, as with QEMU. */
    public static SocketNetBackend connect(InetSocketAddress to) {
        if (to.isUnresolved()) throw new VmmException("--netdev socket,connect=" + to.getHostString() + ":" + to.getPort() + ": unknown host");
        try {
            SocketChannel c = SocketChannel.open();
            try {
                c.socket().connect(to, 5000);
                c.socket().setTcpNoDelay(true);
            } catch (IOException e) {
                c.close();
                throw e;
            }
            return new SocketNetBackend("socket connect " + to.getHostString() + ":" + to.getPort(), null, c, null);
        } catch (IOException e) {
            throw new VmmException("--netdev socket,connect=" + to.getHostString() + ":" + to.getPort() + ": cannot connect (" + e.getMessage() + ")");
        }
    }

    /** The port a listening backend is bound to (for "listen=127.0.0.1:0"). */
    public int localPort() {
        try {
            return ((InetSocketAddress) server.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String describe() { return description; }

    /** Whether a peer is there to take frames. */
    public boolean connected() { return peer != null; }

    @Override
    public synchronized void start(Consumer<byte[]> receiver) {
        Thread t = new Thread(() -> run(receiver), "virtio-net " + description);
        t.setDaemon(true);
        t.start();
        sender = new Thread(this::sendLoop, "virtio-net send " + description);
        sender.setDaemon(true);
        sender.start();
    }

    /** Frames dropped on the way out: no peer, a full outbox, or a failed write. */
    public long droppedFrames() { return dropped.get(); }

    private void run(Consumer<byte[]> receiver) {
        while (!closed) {
            SocketChannel c = peer;
            try {
                if (c == null) {
                    c = server.accept();
                    c.socket().setTcpNoDelay(true);
                    peer = c;
                    log.info("{}: peer {} connected", description, c.getRemoteAddress());
                }
                readFrames(c, receiver);
            } catch (IOException e) {
                if (!closed) log.info("{}: peer gone ({})", description, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
            dropPeer(c);
            if (server == null) return; // a connecting side does not reconnect
        }
    }

    private void readFrames(SocketChannel c, Consumer<byte[]> receiver) throws IOException {
        ByteBuffer len = ByteBuffer.allocate(4);
        while (!closed) {
            len.clear();
            readFully(c, len);
            int n = len.getInt(0);
            if (n < 0 || n > MAX_FRAME_ON_WIRE) throw new IOException("frame length " + Integer.toUnsignedString(n) + " is not this protocol");
            ByteBuffer frame = ByteBuffer.allocate(n);
            readFully(c, frame);
            receiver.accept(frame.array());
        }
    }

    private static void readFully(SocketChannel c, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) if (c.read(b) < 0) throw new EOFException("end of stream");
    }

    private void dropPeer(SocketChannel c) {
        if (c == null) return;
        if (peer == c) peer = null;
        try {
            c.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void send(byte[] frame, int off, int len) {
        if (peer == null || len > MAX_FRAME_ON_WIRE) {
            dropped.incrementAndGet();
            return;
        }
        ByteBuffer b = ByteBuffer.allocate(4 + len);
        b.putInt(len).put(frame, off, len);
        if (!outbox.offer(b.array())) dropped.incrementAndGet();
    }

    private void sendLoop() {
        try {
            while (!closed) {
                ByteBuffer b = ByteBuffer.wrap(outbox.take());
                SocketChannel c = peer;
                if (c == null) {
                    dropped.incrementAndGet();
                    continue;
                }
                try {
                    while (b.hasRemaining()) c.write(b);
                } catch (IOException e) {
                    dropped.incrementAndGet();
                    if (!closed) log.info("{}: send failed, peer dropped ({})", description, e.getMessage());
                    dropPeer(c);
                }
            }
        } catch (InterruptedException e) {
            // close()
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (sender != null) sender.interrupt();
        dropPeer(peer);
        if (server != null) {
            try {
                server.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                log.warn("{}: closing: {}", description, e.toString());
            }
        }
    }
}
