package armvmm.memory;

import java.nio.ByteBuffer;

/**
 * A block of guest RAM in host native memory.
 *
 * <p>The same bytes are handed to KVM (through {@link #hostAddress()}), reached by the TCG software TLB and
 * read and written by device models; nothing is ever copied between them. All accessors are little-endian,
 * as ARM guests are, and take an offset into the block. The offset is checked here (the block is the
 * boundary between guest-supplied numbers and host memory); callers that already hold a checked host
 * address, such as a TLB entry, use {@link HostMemory} directly.
 */
public final class RamBlock implements AutoCloseable {
    private final String name;
    private final long size;
    private final long host;
    private volatile boolean closed;

    public RamBlock(String name, long size) {
        if (size <= 0 || (size & (HostMemory.PAGE_SIZE - 1)) != 0)
            throw new IllegalArgumentException("RAM block " + name + ": size " + size + " is not a positive multiple of the page size");
        this.name = name;
        this.size = size;
        this.host = HostMemory.allocate(size);
    }

    public String name() { return name; }
    public long size() { return size; }

    /** The host virtual address of byte 0: what KVM_SET_USER_MEMORY_REGION takes as userspace_addr. */
    public long hostAddress() { return host; }

    private long at(long offset, int len) {
        if (offset < 0 || offset > size - len)
            throw new IndexOutOfBoundsException(name + ": offset 0x" + Long.toHexString(offset) + "+" + len + " outside 0x" + Long.toHexString(size));
        return host + offset;
    }

    public int read8(long offset) { return HostMemory.read8(at(offset, 1)); }
    public int read16(long offset) { return HostMemory.read16(at(offset, 2)); }
    public int read32(long offset) { return HostMemory.read32(at(offset, 4)); }
    public long read64(long offset) { return HostMemory.read64(at(offset, 8)); }
    public void write8(long offset, int v) { HostMemory.write8(at(offset, 1), v); }
    public void write16(long offset, int v) { HostMemory.write16(at(offset, 2), v); }
    public void write32(long offset, int v) { HostMemory.write32(at(offset, 4), v); }
    public void write64(long offset, long v) { HostMemory.write64(at(offset, 8), v); }

    /** Reads {@code len} bytes at {@code offset} into {@code dst[dstOff..]}. */
    public void read(long offset, byte[] dst, int dstOff, int len) {
        java.util.Objects.checkFromIndexSize(dstOff, len, dst.length);
        HostMemory.copyToArray(at(offset, len), dst, dstOff, len);
    }

    public void write(long offset, byte[] src, int srcOff, int len) {
        java.util.Objects.checkFromIndexSize(srcOff, len, src.length);
        HostMemory.copyFromArray(src, srcOff, at(offset, len), len);
    }

    /** Copies within this block (overlapping ranges are handled as memmove). */
    public void copyWithin(long srcOffset, long dstOffset, long len) {
        if (len == 0) return;
        if (len < 0 || srcOffset < 0 || dstOffset < 0 || srcOffset > size - len || dstOffset > size - len)
            throw new IndexOutOfBoundsException(name + ": copy of " + len + " bytes from 0x" + Long.toHexString(srcOffset)
                    + " to 0x" + Long.toHexString(dstOffset) + " outside 0x" + Long.toHexString(size));
        HostMemory.copy(host + srcOffset, host + dstOffset, len);
    }

    /**
     * A ByteBuffer view of {@code [offset, offset+len)} sharing the same memory, for file and socket I/O
     * (a virtio-blk request reads a file straight into guest RAM).
     */
    public ByteBuffer slice(long offset, int len) {
        if (len < 0) throw new IllegalArgumentException("negative length " + len);
        long addr = at(offset, len);
        return new com.sun.jna.Pointer(addr).getByteBuffer(0, len).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    /** Makes the whole block read as zero again. */
    public void clear() { HostMemory.zero(host, size); }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            HostMemory.free(host, size);
        }
    }

    @Override
    public String toString() { return name + " (" + size + " bytes)"; }
}
