package armvmm.devices.block.nbd;

import static armvmm.devices.block.nbd.Nbd.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A minimal NBD server for tests that must see what the client sends: the handshake with the given size
 * and transmission flags, then every request recorded; reads answered with zeros, NBD_CMD_FLUSH answered
 * only once {@link #releaseFlushes()} (or with {@code flushError}). The real server tests use qemu-nbd.
 */
public final class ScriptedNbdServer implements AutoCloseable {
    /** One request as received. */
    public record Request(int type, int flags, long offset, long length) {}

    public final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ServerSocketChannel listener;
    private final CompletableFuture<Void> done;
    private final CountDownLatch flushGate = new CountDownLatch(1);
    private volatile int flushError;

    public ScriptedNbdServer(Path socket, long size, int transmissionFlags) throws IOException {
        listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(socket));
        done = CompletableFuture.runAsync(() -> serve(size, transmissionFlags));
    }

    public void releaseFlushes() { flushGate.countDown(); }

    /** From now on flushes fail with this NBD error (0: succeed). */
    public void failFlushesWith(int error) { flushError = error; }

    private void serve(long size, int flags) {
        try (SocketChannel c = listener.accept()) {
            greetAndReadOption(c, NBD_FLAG_FIXED_NEWSTYLE);
            ByteBuffer info = ByteBuffer.allocate(12).putShort((short) NBD_INFO_EXPORT).putLong(size).putShort((short) flags).flip();
            write(c, ByteBuffer.allocate(20).putLong(OPTION_REPLY_MAGIC).putInt(NBD_OPT_GO).putInt(NBD_REP_INFO).putInt(12).flip());
            write(c, info);
            write(c, ByteBuffer.allocate(20).putLong(OPTION_REPLY_MAGIC).putInt(NBD_OPT_GO).putInt(NBD_REP_ACK).putInt(0).flip());
            while (true) {
                ByteBuffer h = read(c, 28);
                h.getInt();
                int cmdFlags = Short.toUnsignedInt(h.getShort()), type = Short.toUnsignedInt(h.getShort());
                long cookie = h.getLong(), offset = h.getLong(), length = Integer.toUnsignedLong(h.getInt());
                requests.add(new Request(type, cmdFlags, offset, length));
                if (type == NBD_CMD_DISC) return;
                if (type == NBD_CMD_WRITE) read(c, (int) length);
                int error = 0;
                if (type == NBD_CMD_FLUSH) {
                    flushGate.await();
                    error = flushError;
                }
                write(c, ByteBuffer.allocate(16).putInt(NBD_SIMPLE_REPLY_MAGIC).putInt(error).putLong(cookie).flip());
                if (type == NBD_CMD_READ) write(c, ByteBuffer.allocate((int) length));
            }
        } catch (IOException | UncheckedIOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws Exception {
        releaseFlushes();
        listener.close();
        done.get();
    }

    /** The server's greeting with {@code handshakeFlags}, then the client's flags and one option read; returns the option. */
    public static int greetAndReadOption(SocketChannel c, int handshakeFlags) {
        write(c, ByteBuffer.allocate(18).putLong(NBDMAGIC).putLong(IHAVEOPT).putShort((short) handshakeFlags).flip());
        read(c, 4);
        ByteBuffer opt = read(c, 16);
        opt.getLong();
        int option = opt.getInt();
        read(c, opt.getInt());
        return option;
    }

    public static void write(SocketChannel c, ByteBuffer b) {
        try {
            while (b.hasRemaining()) c.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ByteBuffer read(SocketChannel c, int n) {
        ByteBuffer b = ByteBuffer.allocate(n);
        try {
            while (b.hasRemaining()) if (c.read(b) < 0) throw new IOException("client went away");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.flip();
    }
}
