package armvmm.devices.virtio.blk;

import armvmm.devices.virtio.GuestBuffers;
import java.io.IOException;

/**
 * Where a virtio-blk disk's bytes live: a raw image file ({@link RawFileBackend}) or an NBD export
 * ({@link NbdBlockBackend}). {@link VirtioBlk} checks every request against {@link #size()} and
 * {@link #readOnly()} before it calls in; offsets and lengths are whole 512-byte sectors.
 */
public interface BlockBackend extends AutoCloseable {
    /** For messages. */
    String name();

    /** Bytes; the disk has {@code size() / 512} sectors. */
    long size();

    boolean readOnly();

    /** Whether {@link #discard} does something useful (the device offers VIRTIO_BLK_F_DISCARD only then). */
    boolean canDiscard();

    /** {@code dst.length()} bytes from {@code pos} into guest memory. */
    void read(long pos, GuestBuffers dst) throws IOException;

    /** {@code src} at {@code pos}; with {@code durable} on stable storage before this returns (a driver without VIRTIO_BLK_F_FLUSH). */
    void write(long pos, GuestBuffers src, boolean durable) throws IOException;

    /** Every write completed so far on stable storage. */
    void flush() throws IOException;

    /** The range may be deallocated (VIRTIO_BLK_T_DISCARD). */
    void discard(long pos, long len) throws IOException;

    /** The range reads as zeros afterwards (VIRTIO_BLK_T_WRITE_ZEROES). */
    void writeZeroes(long pos, long len) throws IOException;

    @Override
    void close();
}
