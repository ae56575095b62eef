package armvmm.devices.virtio.blk;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fallocate(2) on a second descriptor of the image: FALLOC_FL_PUNCH_HOLE gives a discarded range back to
 * the host file system (a sparse image stays sparse, and mkfs's whole-disk discard costs no writes),
 * FALLOC_FL_ZERO_RANGE zeroes a range without writing it. Both descriptors share the file's page cache,
 * so reads through the FileChannel see the result at once. Where the file system refuses, the caller
 * writes zeros instead.
 */
final class HolePuncher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HolePuncher.class);

    static final int FALLOC_FL_KEEP_SIZE = 0x01, FALLOC_FL_PUNCH_HOLE = 0x02, FALLOC_FL_ZERO_RANGE = 0x10;
    private static final int O_RDWR = 2, O_CLOEXEC = 0x80000;

    private static final class LibC {
        static {
            Native.register(LibC.class, "c");
        }

        static native int open(String path, int flags) throws LastErrorException;
        static native int fallocate(int fd, int mode, long offset, long len) throws LastErrorException;
        static native int close(int fd) throws LastErrorException;
    }

    private final int fd;
    private volatile boolean punchWorks = true, zeroRangeWorks = true;

    private HolePuncher(int fd) { this.fd = fd; }

    /** A puncher for {@code file}, or null where this host has no fallocate for it (the caller then writes zeros). */
    static HolePuncher open(Path file) {
        try {
            return new HolePuncher(LibC.open(file.toString(), O_RDWR | O_CLOEXEC));
        } catch (LastErrorException | UnsatisfiedLinkError | NoClassDefFoundError e) {
            log.debug("{}: no fallocate ({}); discards write zeros", file, e.getMessage());
            return null;
        }
    }

    /** Deallocates {@code [pos, pos+len)}; false if the file system cannot. */
    boolean punch(long pos, long len) {
        if (!punchWorks) return false;
        return punchWorks = fallocate(FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, pos, len);
    }

    /** Makes {@code [pos, pos+len)} read as zeros, keeping it allocated; false if the file system cannot. */
    boolean zero(long pos, long len) {
        if (!zeroRangeWorks) return false;
        return zeroRangeWorks = fallocate(FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE, pos, len);
    }

    private boolean fallocate(int mode, long pos, long len) {
        try {
            LibC.fallocate(fd, mode, pos, len);
            return true;
        } catch (LastErrorException e) {
            log.debug("fallocate mode {} refused (errno {}); falling back to writing zeros", mode, e.getErrorCode());
            return false;
        }
    }

    @Override
    public void close() {
        try {
            LibC.close(fd);
        } catch (LastErrorException ignored) {
            // nothing left to release
        }
    }
}
