package armvmm.devices.virtio.blk;

import armvmm.devices.virtio.GuestBuffers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A raw image file: reads and writes go between the file and guest RAM with no intermediate copy; a flush
 * is FileChannel.force. Discards punch holes and write-zeroes zeroes ranges in place ({@link HolePuncher});
 * where the host file system cannot, both write zeros, so either way the range reads as zeros afterwards.
 */
public final class RawFileBackend implements BlockBackend {
    private static final Logger log = LoggerFactory.getLogger(RawFileBackend.class);
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 << 10);

    private final String name;
    private final FileChannel image;
    private final HolePuncher puncher;
    private final boolean readOnly;
    private final long size;

    /** @param puncher may be null: discards and write-zeroes then write zeros */
    RawFileBackend(String name, FileChannel image, HolePuncher puncher, boolean readOnly) throws IOException {
        this.name = name;
        this.image = image;
        this.puncher = puncher;
        this.readOnly = readOnly;
        this.size = image.size();
    }

    /** Opens {@code file}, for reading (and writing unless {@code readOnly}). */
    public static RawFileBackend open(Path file, boolean readOnly) throws IOException {
        FileChannel ch = readOnly ? FileChannel.open(file, StandardOpenOption.READ)
                : FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        HolePuncher puncher = readOnly ? null : HolePuncher.open(file);
        try {
            return new RawFileBackend(file.getFileName().toString(), ch, puncher, readOnly);
        } catch (IOException | RuntimeException e) {
            ch.close();
            if (puncher != null) puncher.close();
            throw e;
        }
    }

    @Override public String name() { return name; }
    @Override public long size() { return size; }
    @Override public boolean readOnly() { return readOnly; }
    @Override public boolean canDiscard() { return !readOnly; }

    @Override
    public void read(long pos, GuestBuffers dst) throws IOException {
        // a read that fails half-way has still written guest RAM: the code in it must be dropped either way
        try {
            for (ByteBuffer b : dst.byteBuffers()) {
                while (b.hasRemaining()) {
                    int n = image.read(b, pos);
                    if (n < 0) throw new IOException("image shorter than its capacity");
                    pos += n;
                }
            }
        } finally {
            dst.notifyWritten();
        }
    }

    @Override
    public void write(long pos, GuestBuffers src, boolean durable) throws IOException {
        for (ByteBuffer b : src.byteBuffers()) {
            while (b.hasRemaining()) pos += image.write(b, pos);
        }
        if (durable) image.force(false);
    }

    @Override
    public void flush() throws IOException { image.force(true); }

    @Override
    public void discard(long pos, long len) throws IOException {
        if (puncher == null || !puncher.punch(pos, len)) writeZeros(pos, len);
    }

    @Override
    public void writeZeroes(long pos, long len) throws IOException {
        if (puncher == null || !puncher.zero(pos, len)) writeZeros(pos, len);
    }

    private void writeZeros(long pos, long len) throws IOException {
        long end = pos + len;
        while (pos < end) {
            ByteBuffer z = ZEROS.duplicate();
            z.limit((int) Math.min(z.capacity(), end - pos));
            pos += image.write(z, pos);
        }
    }

    @Override
    public void close() {
        if (puncher != null) puncher.close();
        try {
            image.close();
        } catch (IOException e) {
            log.warn("{}: closing the image: {}", name, e.getMessage());
        }
    }
}
