package armvmm.devices.block.nbd;

import static armvmm.devices.block.nbd.Nbd.*;

import java.io.EOFException;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An NBD client over a stream socket (NetworkBlockDevice/nbd, doc/proto.md): the fixed newstyle handshake
 * ending in NBD_OPT_GO, asking for NBD_INFO_EXPORT and NBD_INFO_BLOCK_SIZE, then transmission with simple
 * replies, one request in flight at a time.
 *
 * <p>Everything the server sends is checked before it is used: magics, the option a reply answers, the
 * cookie of a transmission reply, info lengths, the size constraints. A server that breaks the protocol
 * ends the session ({@link NbdException#fatal()}); a command it refuses fails alone with the error's name.
 * Requests are checked against the export (range, read-only, the flags that make a command legal) before
 * they are sent, and reads and writes longer than the server's maximum payload are split.
 *
 * <p>Data moves between the socket and the caller's buffers (guest RAM, for virtio-blk) with no copy.
 * Methods are thread-safe; concurrent callers are served one after another.
 */
public final class NbdClient implements AutoCloseable {
    /** Longest option reply the client accepts (error messages and info replies are short). */
    static final int MAX_OPTION_REPLY = 64 << 10;
    /** The client never sends more than this in one read or write, whatever the server allows. */
    static final int MAX_REQUEST_PAYLOAD = 1 << 25;
    /** TRIM and WRITE_ZEROES lengths are 32-bit; longer ranges are split at this (a multiple of any minimum block). */
    static final long MAX_RANGE_REQUEST = 1L << 30;

    private final SocketChannel channel;
    private final NbdExport export;
    private final String exportName;
    private final ByteBuffer header = ByteBuffer.allocateDirect(28);
    private final ByteBuffer reply = ByteBuffer.allocateDirect(16);
    private long nextCookie = 1;
    private boolean broken, closed;

    private NbdClient(SocketChannel channel, String exportName, NbdExport export) {
        this.channel = channel;
        this.exportName = exportName;
        this.export = export;
    }

    /** Connects to the server listening on the UNIX socket {@code socket} and negotiates {@code exportName}. */
    public static NbdClient connect(Path socket, String exportName) throws IOException {
        SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        try {
            return handshake(ch, exportName);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The handshake on an open, blocking channel; the client owns the channel from here on. */
    public static NbdClient handshake(SocketChannel ch, String exportName) throws IOException {
        ByteBuffer greeting = readFully(ch, 18, "the server's greeting");
        long magic = greeting.getLong();
        if (magic != NBDMAGIC) throw fatal(String.format("not an NBD server (greeting 0x%016x)", magic));
        long style = greeting.getLong();
        if (style != IHAVEOPT) throw fatal(String.format("the server does not speak newstyle negotiation (0x%016x)", style));
        int handshakeFlags = Short.toUnsignedInt(greeting.getShort());
        if ((handshakeFlags & NBD_FLAG_FIXED_NEWSTYLE) == 0) throw fatal("the server does not offer fixed newstyle negotiation");
        int clientFlags = NBD_FLAG_C_FIXED_NEWSTYLE | ((handshakeFlags & NBD_FLAG_NO_ZEROES) != 0 ? NBD_FLAG_C_NO_ZEROES : 0);
        writeFully(ch, ByteBuffer.allocate(4).putInt(0, clientFlags));

        byte[] name = exportName.getBytes(StandardCharsets.UTF_8);
        int dataLen = 4 + name.length + 2 + 2 * 2;
        ByteBuffer opt = ByteBuffer.allocate(16 + dataLen);
        opt.putLong(IHAVEOPT).putInt(NBD_OPT_GO).putInt(dataLen);
        opt.putInt(name.length).put(name).putShort((short) 2).putShort((short) NBD_INFO_EXPORT).putShort((short) NBD_INFO_BLOCK_SIZE);
        writeFully(ch, opt.flip());

        long size = -1;
        int flags = 0;
        int minBlock = DEFAULT_MIN_BLOCK, preferred = DEFAULT_PREFERRED_BLOCK;
        long maxPayload = DEFAULT_MAX_PAYLOAD;
        while (true) {
            ByteBuffer rh = readFully(ch, 20, "an option reply");
            long replyMagic = rh.getLong();
            if (replyMagic != OPTION_REPLY_MAGIC) throw fatal(String.format("bad option reply magic 0x%016x", replyMagic));
            int option = rh.getInt(), type = rh.getInt();
            long len = Integer.toUnsignedLong(rh.getInt());
            if (option != NBD_OPT_GO) throw fatal("reply to option " + option + " while NBD_OPT_GO was sent");
            if (len > MAX_OPTION_REPLY) throw fatal(replyName(type) + " of " + len + " bytes");
            ByteBuffer data = readFully(ch, (int) len, replyName(type));
            if ((type & NBD_REP_FLAG_ERROR) != 0) {
                String msg = StandardCharsets.UTF_8.decode(data).toString().strip();
                abort(ch);
                throw fatal("export '" + exportName + "' refused: " + replyName(type) + (msg.isEmpty() ? "" : " (" + msg + ")"));
            }
            if (type == NBD_REP_ACK) {
                if (len != 0) throw fatal("NBD_REP_ACK with " + len + " bytes of data");
                if (size < 0) throw fatal("NBD_REP_ACK to NBD_OPT_GO without NBD_INFO_EXPORT");
                return new NbdClient(ch, exportName, new NbdExport(size, flags, minBlock, preferred, maxPayload));
            }
            if (type != NBD_REP_INFO) throw fatal("unexpected " + replyName(type) + " to NBD_OPT_GO");
            if (len < 2) throw fatal("NBD_REP_INFO of " + len + " bytes");
            int info = Short.toUnsignedInt(data.getShort());
            switch (info) {
                case NBD_INFO_EXPORT -> {
                    if (len != 12) throw fatal("NBD_INFO_EXPORT of " + len + " bytes (12 expected)");
                    size = data.getLong();
                    if (size < 0) throw fatal("export size " + Long.toUnsignedString(size) + " is beyond 2^63");
                    flags = Short.toUnsignedInt(data.getShort());
                    if ((flags & NBD_FLAG_HAS_FLAGS) == 0) throw fatal("transmission flags without NBD_FLAG_HAS_FLAGS");
                }
                case NBD_INFO_BLOCK_SIZE -> {
                    if (len != 14) throw fatal("NBD_INFO_BLOCK_SIZE of " + len + " bytes (14 expected)");
                    long min = Integer.toUnsignedLong(data.getInt()), pref = Integer.toUnsignedLong(data.getInt()),
                            max = Integer.toUnsignedLong(data.getInt());
                    if (min == 0 || Long.bitCount(min) != 1 || min > MAX_MIN_BLOCK)
                        throw fatal("minimum block size " + min + " is not a power of 2 up to " + MAX_MIN_BLOCK);
                    if (Long.bitCount(pref) != 1 || pref < Math.max(min, 512))
                        throw fatal("preferred block size " + pref + " is not a power of 2 of at least max(" + min + ", 512)");
                    if (max < pref) throw fatal("maximum payload " + max + " is below the preferred block size " + pref);
                    minBlock = (int) min;
                    preferred = (int) Math.min(pref, Integer.MAX_VALUE);
                    maxPayload = max;
                }
                default -> { } // NBD_INFO_NAME, NBD_INFO_DESCRIPTION and unknown types: ignored, as the spec says
            }
        }
    }

    public NbdExport export() { return export; }

    public String exportName() { return exportName; }

    /** Reads {@code [offset, offset + remaining of dst)} into {@code dst}, in order. */
    public synchronized void read(long offset, List<ByteBuffer> dst) throws IOException {
        long len = remaining(dst);
        checkRange(NBD_CMD_READ, offset, len);
        long limit = payloadLimit();
        for (List<ByteBuffer> chunk : chunks(dst, limit)) {
            long n = remaining(chunk);
            transact(NBD_CMD_READ, 0, offset, n, null, chunk);
            offset += n;
        }
    }

    /**
     * Writes {@code src} at {@code offset}. With {@code fua}, the data is on stable storage when this
     * returns: NBD_CMD_FLAG_FUA where the server offers it, otherwise an NBD_CMD_FLUSH after the write.
     */
    public synchronized void write(long offset, List<ByteBuffer> src, boolean fua) throws IOException {
        long len = remaining(src);
        checkWritable(NBD_CMD_WRITE);
        checkRange(NBD_CMD_WRITE, offset, len);
        int flags = fua && export.canFua() ? NBD_CMD_FLAG_FUA : 0;
        for (List<ByteBuffer> chunk : chunks(src, payloadLimit())) {
            long n = remaining(chunk);
            transact(NBD_CMD_WRITE, flags, offset, n, chunk, null);
            offset += n;
        }
        if (fua && !export.canFua()) flush();
    }

    /** NBD_CMD_FLUSH: every write completed before it is on the server's stable storage when it returns. */
    public synchronized void flush() throws IOException {
        if (!export.canFlush()) throw new NbdException("the server does not offer NBD_CMD_FLUSH", false);
        transact(NBD_CMD_FLUSH, 0, 0, 0, null, null);
    }

    /** NBD_CMD_TRIM: the server may deallocate the range; what it reads afterwards is unspecified. */
    public synchronized void trim(long offset, long length) throws IOException {
        if (!export.canTrim()) throw new NbdException("the server does not offer NBD_CMD_TRIM", false);
        checkWritable(NBD_CMD_TRIM);
        rangeCommand(NBD_CMD_TRIM, 0, offset, length);
    }

    /**
     * NBD_CMD_WRITE_ZEROES: the range reads as zeros afterwards. Without {@code mayUnmap} the server keeps
     * it allocated (NBD_CMD_FLAG_NO_HOLE).
     */
    public synchronized void writeZeroes(long offset, long length, boolean mayUnmap) throws IOException {
        if (!export.canWriteZeroes()) throw new NbdException("the server does not offer NBD_CMD_WRITE_ZEROES", false);
        checkWritable(NBD_CMD_WRITE_ZEROES);
        rangeCommand(NBD_CMD_WRITE_ZEROES, mayUnmap ? 0 : NBD_CMD_FLAG_NO_HOLE, offset, length);
    }

    /** NBD_CMD_DISC (the server finishes what it has, then closes), then the socket is closed. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
            if (!broken) {
                fillHeader(NBD_CMD_DISC, 0, nextCookie++, 0, 0);
                writeFully(channel, header);
            }
        } finally {
            channel.close();
        }
    }

    private void rangeCommand(int type, int flags, long offset, long length) throws IOException {
        checkRange(type, offset, length);
        while (length > 0) {
            long n = Math.min(length, MAX_RANGE_REQUEST);
            transact(type, flags, offset, n, null, null);
            offset += n;
            length -= n;
        }
    }

    /** One request and its simple reply; {@code out} is the payload of a write, {@code in} where a read's goes. */
    private void transact(int type, int flags, long offset, long length, List<ByteBuffer> out, List<ByteBuffer> in) throws IOException {
        if (closed) throw new NbdException(commandName(type) + ": the NBD connection is closed", true);
        if (broken) throw new NbdException(commandName(type) + ": the NBD connection failed earlier", true);
        long cookie = nextCookie++;
        try {
            fillHeader(type, flags, cookie, offset, length);
            if (out == null) {
                writeFully(channel, header);
            } else {
                ByteBuffer[] all = new ByteBuffer[out.size() + 1];
                all[0] = header;
                for (int i = 0; i < out.size(); i++) all[i + 1] = out.get(i).duplicate();
                writeFully(channel, all);
            }
            reply.clear();
            readFully(channel, reply, "the reply to " + commandName(type));
            reply.flip();
            int magic = reply.getInt();
            if (magic != NBD_SIMPLE_REPLY_MAGIC)
                throw fatal(String.format("%s: reply magic 0x%08x (simple replies were negotiated)", commandName(type), magic));
            int error = reply.getInt();
            long gotCookie = reply.getLong();
            if (gotCookie != cookie) throw fatal(commandName(type) + ": reply for cookie " + gotCookie + ", " + cookie + " was sent");
            if (error != 0) throw new NbdException(commandName(type) + " at " + offset + "+" + length + ": " + errorName(error), false);
            if (in != null) {
                ByteBuffer[] dst = in.toArray(ByteBuffer[]::new);
                readFully(channel, dst, "the data of " + commandName(type));
            }
        } catch (NbdException e) {
            if (e.fatal()) fail();
            throw e;
        } catch (IOException e) {
            fail();
            throw new NbdException(commandName(type) + ": " + e.getMessage(), e);
        }
    }

    private void fail() {
        broken = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // the session is over either way
        }
    }

    private void fillHeader(int type, int flags, long cookie, long offset, long length) {
        header.clear();
        header.putInt(NBD_REQUEST_MAGIC).putShort((short) flags).putShort((short) type).putLong(cookie).putLong(offset).putInt((int) length);
        header.flip();
    }

    private long payloadLimit() {
        long limit = Math.min(export.maxPayload(), MAX_REQUEST_PAYLOAD);
        return limit - limit % export.minBlock();
    }

    private void checkWritable(int type) throws NbdException {
        if (export.readOnly()) throw new NbdException(commandName(type) + ": the export is read-only", false);
    }

    private void checkRange(int type, long offset, long length) throws NbdException {
        if (offset < 0 || length < 0 || offset > export.size() || length > export.size() - offset)
            throw new NbdException(commandName(type) + " at " + offset + "+" + length + ": outside the export's " + export.size() + " bytes", false);
        if (offset % export.minBlock() != 0 || length % export.minBlock() != 0)
            throw new NbdException(commandName(type) + " at " + offset + "+" + length + ": not aligned to the minimum block size "
                    + export.minBlock(), false);
    }

    private static long remaining(List<ByteBuffer> bufs) {
        long n = 0;
        for (ByteBuffer b : bufs) n += b.remaining();
        return n;
    }

    /** {@code bufs} cut into consecutive lists of at most {@code limit} bytes (slices; the originals are not moved). */
    static List<List<ByteBuffer>> chunks(List<ByteBuffer> bufs, long limit) {
        List<List<ByteBuffer>> out = new ArrayList<>();
        List<ByteBuffer> cur = new ArrayList<>();
        long curLen = 0;
        for (ByteBuffer b : bufs) {
            ByteBuffer rest = b.slice();
            while (rest.hasRemaining()) {
                int n = (int) Math.min(rest.remaining(), limit - curLen);
                cur.add(rest.slice(0, n));
                rest.position(rest.position() + n);
                rest = rest.slice();
                curLen += n;
                if (curLen == limit) {
                    out.add(cur);
                    cur = new ArrayList<>();
                    curLen = 0;
                }
            }
        }
        if (!cur.isEmpty()) out.add(cur);
        if (out.isEmpty()) out.add(List.of());
        return out;
    }

    /** A soft disconnect after a refused NBD_OPT_GO (best effort: the session is being dropped anyway). */
    private static void abort(SocketChannel ch) {
        try {
            writeFully(ch, ByteBuffer.allocate(16).putLong(IHAVEOPT).putInt(NBD_OPT_ABORT).putInt(0).flip());
        } catch (IOException ignored) {
            // the caller closes the channel
        }
    }

    private static NbdException fatal(String message) { return new NbdException(message, true); }

    private static ByteBuffer readFully(SocketChannel ch, int n, String what) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        readFully(ch, b, what);
        return b.flip();
    }

    private static void readFully(SocketChannel ch, ByteBuffer b, String what) throws IOException {
        while (b.hasRemaining()) if (ch.read(b) < 0) throw new EOFException("the server closed the connection during " + what);
    }

    private static void readFully(SocketChannel ch, ByteBuffer[] bufs, String what) throws IOException {
        int first = 0;
        while (first < bufs.length) {
            if (!bufs[first].hasRemaining()) {
                first++;
                continue;
            }
            if (ch.read(bufs, first, bufs.length - first) < 0) throw new EOFException("the server closed the connection during " + what);
        }
    }

    private static void writeFully(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }

    private static void writeFully(SocketChannel ch, ByteBuffer[] bufs) throws IOException {
        int first = 0;
        while (first < bufs.length) {
            if (!bufs[first].hasRemaining()) {
                first++;
                continue;
            }
            ch.write(bufs, first, bufs.length - first);
        }
    }
}
