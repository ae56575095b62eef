package armvmm.devices.virtio.blk;

import armvmm.devices.virtio.DescriptorChain;
import armvmm.devices.virtio.GuestBuffers;
import armvmm.devices.virtio.VirtioDeviceBase;
import armvmm.devices.virtio.VirtioFeatures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * virtio-blk (virtio 1.x, 5.2) on a {@link BlockBackend} (a raw image file, or an NBD export such as a qcow2
 * image served by qemu-nbd): an acknowledged VIRTIO_BLK_T_FLUSH is on stable storage (the backend's flush
 * returns before the status byte is written). A request the backend cannot serve (out of range, read-only,
 * I/O error) fails alone with VIRTIO_BLK_S_IOERR; an unknown type gets VIRTIO_BLK_S_UNSUPP.
 *
 * <p>{@link BlkThreading} decides which requests run on the vCPU thread that kicked and which on the
 * device's own worker thread.
 */
public final class VirtioBlk extends VirtioDeviceBase {
    private static final Logger log = LoggerFactory.getLogger(VirtioBlk.class);

    public static final int VIRTIO_ID_BLOCK = 2;

    public static final int VIRTIO_BLK_F_SIZE_MAX = 1;
    public static final int VIRTIO_BLK_F_SEG_MAX = 2;
    public static final int VIRTIO_BLK_F_RO = 5;
    public static final int VIRTIO_BLK_F_BLK_SIZE = 6;
    public static final int VIRTIO_BLK_F_FLUSH = 9;
    public static final int VIRTIO_BLK_F_DISCARD = 13;
    public static final int VIRTIO_BLK_F_WRITE_ZEROES = 14;

    public static final int VIRTIO_BLK_S_OK = 0;
    public static final int VIRTIO_BLK_S_IOERR = 1;
    public static final int VIRTIO_BLK_S_UNSUPP = 2;

    public static final int SECTOR_SIZE = 512;
    public static final int VIRTIO_BLK_ID_BYTES = 20;
    static final int HEADER_SIZE = 16;
    static final int SEGMENT_SIZE = 16;

    public static final int QUEUE_SIZE = 256;
    /** Limits advertised in the configuration space and enforced on every request. */
    public static final int SIZE_MAX = 1 << 20;
    public static final int SEG_MAX = QUEUE_SIZE - 2;
    public static final int MAX_DISCARD_SECTORS = 1 << 16;
    public static final int MAX_DISCARD_SEG = 16;

    /** Configuration space offsets (struct virtio_blk_config). */
    static final int CFG_CAPACITY = 0x00, CFG_SIZE_MAX = 0x08, CFG_SEG_MAX = 0x0c, CFG_BLK_SIZE = 0x14,
            CFG_MAX_DISCARD_SECTORS = 0x24, CFG_MAX_DISCARD_SEG = 0x28, CFG_DISCARD_SECTOR_ALIGNMENT = 0x2c,
            CFG_MAX_WRITE_ZEROES_SECTORS = 0x30, CFG_MAX_WRITE_ZEROES_SEG = 0x34, CFG_WRITE_ZEROES_MAY_UNMAP = 0x38, CFG_SIZE = 0x3c;

    private final String name;
    private final BlockBackend backend;
    private final long capacitySectors;
    private final boolean readOnly;
    private final byte[] serial;
    private final BlkThreading threading;
    private final ExecutorService worker;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    /** Flushes handed to the worker so far, and how many of them a completed force covers (worker only). */
    private final java.util.concurrent.atomic.AtomicLong flushesRequested = new java.util.concurrent.atomic.AtomicLong();
    private long flushesCovered;

    /**
     * @param image    the raw image, open for reading (and writing unless {@code readOnly})
     * @param serial   what VIRTIO_BLK_T_GET_ID returns, at most {@link #VIRTIO_BLK_ID_BYTES} bytes of ASCII
     * @param threading which requests leave the vCPU thread
     */
    public VirtioBlk(String name, FileChannel image, boolean readOnly, String serial, BlkThreading threading) throws IOException {
        this(new RawFileBackend(name, image, null, readOnly), serial, threading);
    }

    /** A disk on {@code backend}, which the device closes with itself. */
    public VirtioBlk(BlockBackend backend, String serial, BlkThreading threading) {
        super(CFG_SIZE);
        this.backend = backend;
        this.name = backend.name();
        this.readOnly = backend.readOnly();
        this.serial = serial.getBytes(StandardCharsets.US_ASCII);
        if (this.serial.length > VIRTIO_BLK_ID_BYTES) throw new IllegalArgumentException("serial longer than " + VIRTIO_BLK_ID_BYTES + " bytes");
        this.capacitySectors = backend.size() / SECTOR_SIZE;
        this.threading = threading;
        this.worker = threading != BlkThreading.INLINE ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "virtio-blk " + name);
            t.setDaemon(true);
            return t;
        }) : null;
        config.putLong(CFG_CAPACITY, capacitySectors);
        config.putInt(CFG_SIZE_MAX, SIZE_MAX);
        config.putInt(CFG_SEG_MAX, SEG_MAX);
        config.putInt(CFG_BLK_SIZE, SECTOR_SIZE);
        config.putInt(CFG_MAX_DISCARD_SECTORS, MAX_DISCARD_SECTORS);
        config.putInt(CFG_MAX_DISCARD_SEG, MAX_DISCARD_SEG);
        config.putInt(CFG_DISCARD_SECTOR_ALIGNMENT, 1);
        config.putInt(CFG_MAX_WRITE_ZEROES_SECTORS, MAX_DISCARD_SECTORS);
        config.putInt(CFG_MAX_WRITE_ZEROES_SEG, MAX_DISCARD_SEG);
        config.put(CFG_WRITE_ZEROES_MAY_UNMAP, (byte) 0);
    }

    /** Opens {@code file} as a raw image. */
    public static VirtioBlk open(Path file, boolean readOnly, String serial, BlkThreading threading) throws IOException {
        RawFileBackend raw = RawFileBackend.open(file, readOnly);
        try {
            return new VirtioBlk(raw, serial, threading);
        } catch (RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    @Override public int deviceId() { return VIRTIO_ID_BLOCK; }
    @Override public String kind() { return "virtio-blk"; }
    @Override public int queueCount() { return 1; }
    @Override public int queueMaxSize() { return QUEUE_SIZE; }

    /** Header, data of at most SEG_MAX segments of SIZE_MAX, status. */
    @Override
    public long maxChainBytes(int queue) { return (long) SEG_MAX * SIZE_MAX + HEADER_SIZE + 1; }

    public long capacitySectors() { return capacitySectors; }

    @Override
    public long deviceFeatures() {
        long f = VirtioFeatures.bit(VIRTIO_BLK_F_SIZE_MAX) | VirtioFeatures.bit(VIRTIO_BLK_F_SEG_MAX)
                | VirtioFeatures.bit(VIRTIO_BLK_F_BLK_SIZE) | VirtioFeatures.bit(VIRTIO_BLK_F_FLUSH)
                | VirtioFeatures.bit(VirtioFeatures.VIRTIO_RING_F_INDIRECT_DESC) | VirtioFeatures.bit(VirtioFeatures.VIRTIO_RING_F_EVENT_IDX);
        if (readOnly) return f | VirtioFeatures.bit(VIRTIO_BLK_F_RO);
        f |= VirtioFeatures.bit(VIRTIO_BLK_F_WRITE_ZEROES);
        return backend.canDiscard() ? f | VirtioFeatures.bit(VIRTIO_BLK_F_DISCARD) : f;
    }

    @Override
    public void queueNotify(int queue) {
        if (threading != BlkThreading.WORKER) {
            serve(queue, this::handle);
        } else if (!drainScheduled.getAndSet(true)) {
            worker.execute(() -> {
                drainScheduled.set(false);
                serve(queue, this::handle);
            });
        }
    }

    @Override
    public void quiesce() {
        // the drain the last kick scheduled may schedule nothing more: two rounds see it through
        for (int i = 0; i < 2 && worker != null; i++) {
            try {
                worker.submit(() -> {}).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void saveState(java.io.DataOutput out) throws java.io.IOException { out.writeLong(capacitySectors); }

    @Override
    public void loadState(java.io.DataInput in) throws java.io.IOException {
        long saved = in.readLong();
        if (saved != capacitySectors)
            throw new armvmm.snapshot.SnapshotFormatException(name + ": the snapshot's disk has " + saved * 512 + " bytes, this --drive "
                    + capacitySectors * 512 + " (name the same disk again)");
    }

    @Override
    public void reset() {
        if (worker != null) {
            try {
                worker.submit(() -> {}).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
        super.reset();
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.shutdown();
            try {
                worker.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        backend.close();
    }

    /** One request: header, data, status byte (5.2.6). Returns the bytes written to the device-writable part. */
    private long handle(DescriptorChain chain) {
        GuestBuffers in = chain.readable(), out = chain.writable();
        if (out.length() < 1) {
            warnOnce(1, "request without a status byte dropped");
            return 0;
        }
        GuestBuffers status = out.range(out.length() - 1, 1);
        GuestBuffers outData = out.range(0, out.length() - 1);
        if (in.length() < HEADER_SIZE) {
            warnOnce(2, "request with a " + in.length() + "-byte header");
            return complete(status, VIRTIO_BLK_S_IOERR, 0);
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        in.read(header.array(), 0, HEADER_SIZE);
        int code = header.getInt(0);
        long sector = header.getLong(8);
        GuestBuffers inData = in.range(HEADER_SIZE, in.length() - HEADER_SIZE);
        BlkRequestType type = BlkRequestType.of(code);
        if (type == null) {
            warnOnce(3, "unsupported request type " + code);
            return complete(status, VIRTIO_BLK_S_UNSUPP, 0);
        }
        try {
            return switch (type) {
                case VIRTIO_BLK_T_IN -> {
                    if (!inRange(sector, outData.length())) yield complete(status, VIRTIO_BLK_S_IOERR, 0);
                    backend.read(sector * SECTOR_SIZE, outData);
                    yield complete(status, VIRTIO_BLK_S_OK, outData.length());
                }
                case VIRTIO_BLK_T_OUT -> {
                    if (readOnly || !inRange(sector, inData.length())) yield complete(status, VIRTIO_BLK_S_IOERR, 0);
                    backend.write(sector * SECTOR_SIZE, inData, !VirtioFeatures.has(negotiated(), VIRTIO_BLK_F_FLUSH));
                    yield complete(status, VIRTIO_BLK_S_OK, 0);
                }
                case VIRTIO_BLK_T_FLUSH -> {
                    if (threading != BlkThreading.FLUSH_ON_WORKER) yield flush(status);
                    long ticket = flushesRequested.incrementAndGet();
                    worker.execute(() -> completeLater(0, chain, () -> coalescedFlush(ticket, status)));
                    yield DEFERRED;
                }
                case VIRTIO_BLK_T_GET_ID -> {
                    int n = (int) Math.min(outData.length(), VIRTIO_BLK_ID_BYTES);
                    byte[] id = new byte[n];
                    System.arraycopy(serial, 0, id, 0, Math.min(n, serial.length));
                    outData.write(id, 0, n);
                    yield complete(status, VIRTIO_BLK_S_OK, n);
                }
                case VIRTIO_BLK_T_DISCARD -> complete(status, readOnly ? VIRTIO_BLK_S_IOERR
                        : backend.canDiscard() ? zeroSegments(inData, true) : VIRTIO_BLK_S_UNSUPP, 0);
                case VIRTIO_BLK_T_WRITE_ZEROES -> complete(status, readOnly ? VIRTIO_BLK_S_IOERR : zeroSegments(inData, false), 0);
            };
        } catch (IOException e) {
            log.warn("{}: {} at sector {}: {}", name, type, sector, e.toString());
            return complete(status, VIRTIO_BLK_S_IOERR, 0);
        }
    }

    /** The backend's writes on stable storage, then the status: a flush is acknowledged only once it is true. */
    private long flush(GuestBuffers status) {
        return complete(status, force() ? VIRTIO_BLK_S_OK : VIRTIO_BLK_S_IOERR, 0);
    }

    private boolean force() {
        try {
            backend.flush();
            return true;
        } catch (IOException e) {
            log.warn("{}: flush: {}", name, e.toString());
            return false;
        }
    }

    /**
     * On the worker: flush number {@code ticket}. A force that began after this flush was handed over
     * covers every write completed before it, so flushes queued behind one force share the next.
     */
    private long coalescedFlush(long ticket, GuestBuffers status) {
        if (flushesCovered >= ticket) return complete(status, VIRTIO_BLK_S_OK, 0);
        long covers = flushesRequested.get();
        if (!force()) return complete(status, VIRTIO_BLK_S_IOERR, 0);
        flushesCovered = covers;
        return complete(status, VIRTIO_BLK_S_OK, 0);
    }

    private long negotiated() {
        var c = context();
        return c == null ? 0 : c.features();
    }

    private static long complete(GuestBuffers status, int s, long dataWritten) {
        status.write(new byte[] {(byte) s}, 0, 1);
        return dataWritten + 1;
    }

    /** Whether {@code len} bytes from {@code sector} (a guest number, any 64-bit value) are whole sectors inside the image. */
    private boolean inRange(long sector, long len) {
        if (len % SECTOR_SIZE != 0) {
            warnOnce(4, "data length " + len + " not a multiple of " + SECTOR_SIZE);
            return false;
        }
        return sector >= 0 && sector <= capacitySectors && len / SECTOR_SIZE <= capacitySectors - sector;
    }

    /**
     * VIRTIO_BLK_T_DISCARD or VIRTIO_BLK_T_WRITE_ZEROES: every segment is checked before any is handed to
     * the backend.
     */
    private int zeroSegments(GuestBuffers segments, boolean discard) throws IOException {
        long len = segments.length();
        if (len == 0 || len % SEGMENT_SIZE != 0 || len / SEGMENT_SIZE > MAX_DISCARD_SEG) return VIRTIO_BLK_S_IOERR;
        ByteBuffer segs = ByteBuffer.allocate((int) len).order(ByteOrder.LITTLE_ENDIAN);
        segments.read(segs.array(), 0, (int) len);
        for (int i = 0; i < len; i += SEGMENT_SIZE) {
            long sector = segs.getLong(i);
            long count = segs.getInt(i + 8) & 0xffffffffL;
            if (count > MAX_DISCARD_SECTORS || !inRange(sector, count * SECTOR_SIZE)) return VIRTIO_BLK_S_IOERR;
        }
        for (int i = 0; i < len; i += SEGMENT_SIZE) {
            long pos = segs.getLong(i) * SECTOR_SIZE;
            long n = (segs.getInt(i + 8) & 0xffffffffL) * SECTOR_SIZE;
            if (discard) backend.discard(pos, n);
            else backend.writeZeroes(pos, n);
        }
        return VIRTIO_BLK_S_OK;
    }
}
