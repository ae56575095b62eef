package armvmm.devices.virtio.blk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/** A real file channel that also runs a hook on every force(): to see what the guest could observe at that moment. */
final class ObservedFileChannel extends FileChannel {
    private final FileChannel real;
    volatile Runnable onForce = () -> {};
    volatile Thread lastIoThread;

    ObservedFileChannel(FileChannel real) { this.real = real; }

    @Override public void force(boolean metaData) throws IOException {
        onForce.run();
        real.force(metaData);
    }

    @Override public int read(ByteBuffer dst, long position) throws IOException {
        lastIoThread = Thread.currentThread();
        return real.read(dst, position);
    }

    @Override public int write(ByteBuffer src, long position) throws IOException {
        lastIoThread = Thread.currentThread();
        return real.write(src, position);
    }

    @Override public int read(ByteBuffer dst) throws IOException { return real.read(dst); }
    @Override public long read(ByteBuffer[] dsts, int offset, int length) throws IOException { return real.read(dsts, offset, length); }
    @Override public int write(ByteBuffer src) throws IOException { return real.write(src); }
    @Override public long write(ByteBuffer[] srcs, int offset, int length) throws IOException { return real.write(srcs, offset, length); }
    @Override public long position() throws IOException { return real.position(); }
    @Override public FileChannel position(long p) throws IOException { real.position(p); return this; }
    @Override public long size() throws IOException { return real.size(); }
    @Override public FileChannel truncate(long size) throws IOException { real.truncate(size); return this; }
    @Override public long transferTo(long position, long count, WritableByteChannel target) throws IOException { return real.transferTo(position, count, target); }
    @Override public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException { return real.transferFrom(src, position, count); }
    @Override public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException { return real.map(mode, position, size); }
    @Override public FileLock lock(long position, long size, boolean shared) throws IOException { return real.lock(position, size, shared); }
    @Override public FileLock tryLock(long position, long size, boolean shared) throws IOException { return real.tryLock(position, size, shared); }
    @Override protected void implCloseChannel() throws IOException { real.close(); }
}
