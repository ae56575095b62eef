package armvmm.devices.virtio;

import armvmm.bus.AddressSpace;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The device-readable or the device-writable side of a descriptor chain seen as one byte stream, whatever
 * the driver's framing: the virtio spec lets a request header and its data share a descriptor or be split
 * anywhere, so devices address bytes of the stream rather than descriptors. Every buffer was checked when
 * the chain was walked; offsets into the stream are checked here against {@link #length()}.
 */
public final class GuestBuffers {
    private final AddressSpace bus;
    private final List<GuestBuffer> buffers;
    private final long length;

    GuestBuffers(AddressSpace bus, List<GuestBuffer> buffers) {
        this.bus = bus;
        this.buffers = List.copyOf(buffers);
        long n = 0;
        for (GuestBuffer b : this.buffers) n += b.len();
        this.length = n;
    }

    public long length() { return length; }

    public List<GuestBuffer> buffers() { return buffers; }

    /** The bytes {@code [from, from+len)} of this stream. */
    public GuestBuffers range(long from, long len) {
        if (from < 0 || len < 0 || from > length - len)
            throw new IndexOutOfBoundsException("range " + from + "+" + len + " of " + length + " bytes");
        List<GuestBuffer> out = new ArrayList<>();
        long pos = 0;
        for (GuestBuffer b : buffers) {
            long start = Math.max(from, pos), end = Math.min(from + len, pos + b.len());
            if (start < end) out.add(b.part(start - pos, (int) (end - start)));
            pos += b.len();
            if (pos >= from + len) break;
        }
        return new GuestBuffers(bus, out);
    }

    /** Copies the first {@code len} bytes of the stream into {@code dst[off..]}. */
    public void read(byte[] dst, int off, int len) {
        if (len > length) throw new IndexOutOfBoundsException(len + " of " + length + " bytes");
        int done = 0;
        for (GuestBuffer b : buffers) {
            if (done == len) break;
            int n = Math.min(b.len(), len - done);
            b.ram().read(b.offset(), dst, off + done, n);
            done += n;
        }
    }

    public byte[] readAll() {
        byte[] out = new byte[Math.toIntExact(length)];
        read(out, 0, out.length);
        return out;
    }

    /** Copies {@code src[off..off+len)} to the start of the stream and tells the bus guest RAM changed. */
    public void write(byte[] src, int off, int len) {
        if (len > length) throw new IndexOutOfBoundsException(len + " of " + length + " bytes");
        int done = 0;
        for (GuestBuffer b : buffers) {
            if (done == len) break;
            int n = Math.min(b.len(), len - done);
            b.ram().write(b.offset(), src, off + done, n);
            bus.notifyRamWritten(b.gpa(), n);
            done += n;
        }
    }

    /** Views of guest RAM for scatter/gather I/O straight into or out of the guest; no copy. */
    public List<ByteBuffer> byteBuffers() {
        List<ByteBuffer> out = new ArrayList<>(buffers.size());
        for (GuestBuffer b : buffers) out.add(b.ram().slice(b.offset(), b.len()));
        return out;
    }

    /** After writing through {@link #byteBuffers()}: the bus drops whatever it cached of these bytes. */
    public void notifyWritten() {
        for (GuestBuffer b : buffers) bus.notifyRamWritten(b.gpa(), b.len());
    }
}
