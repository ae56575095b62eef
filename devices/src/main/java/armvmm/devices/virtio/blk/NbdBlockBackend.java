package armvmm.devices.virtio.blk;

import armvmm.devices.block.nbd.NbdClient;
import armvmm.devices.block.nbd.NbdExport;
import armvmm.devices.block.nbd.QemuNbdServer;
import armvmm.devices.virtio.GuestBuffers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A disk served over NBD: VIRTIO_BLK_T_IN/OUT are NBD_CMD_READ/WRITE straight between the socket and guest
 * RAM, VIRTIO_BLK_T_FLUSH is NBD_CMD_FLUSH (acknowledged to the guest only once the server has acknowledged
 * it), DISCARD is NBD_CMD_TRIM (offered to the guest only when the server sends NBD_FLAG_SEND_TRIM) and
 * WRITE_ZEROES is NBD_CMD_WRITE_ZEROES with NBD_CMD_FLAG_NO_HOLE (zeros written where the server lacks it).
 * Optionally owns the {@link QemuNbdServer} that serves the export, and stops it after disconnecting.
 */
public final class NbdBlockBackend implements BlockBackend {
    private static final Logger log = LoggerFactory.getLogger(NbdBlockBackend.class);
    private static final int ZERO_CHUNK = 1 << 20;

    private final String name;
    private final NbdClient client;
    private final QemuNbdServer server;
    private final boolean readOnly;
    private final long size;

    /**
     * @param readOnly the user's wish; an export the server marks read-only is read-only either way
     * @param server   stopped at {@link #close()}, after the client has disconnected; may be null
     * @throws IOException an export this device cannot use (one line): a minimum block size above 512, or
     *                     a writable export without NBD_CMD_FLUSH (an acknowledged flush could not be true)
     */
    public NbdBlockBackend(String name, NbdClient client, boolean readOnly, QemuNbdServer server) throws IOException {
        NbdExport e = client.export();
        if (e.minBlock() > VirtioBlk.SECTOR_SIZE)
            throw new IOException("the NBD export's minimum block size " + e.minBlock() + " is larger than a " + VirtioBlk.SECTOR_SIZE + "-byte sector");
        boolean ro = readOnly || e.readOnly();
        if (!ro && !e.canFlush()) throw new IOException("the NBD export is writable but its server offers no NBD_CMD_FLUSH");
        this.name = name;
        this.client = client;
        this.server = server;
        this.readOnly = ro;
        this.size = e.size() - e.size() % VirtioBlk.SECTOR_SIZE;
    }

    /** Starts qemu-nbd for {@code o} and connects to it; on failure nothing is left running. */
    public static NbdBlockBackend serve(QemuNbdServer.Options o) throws IOException {
        QemuNbdServer server = QemuNbdServer.start(o);
        NbdClient client = null;
        try {
            client = server.connect();
            return new NbdBlockBackend(o.image().getFileName().toString(), client, o.readOnly(), server);
        } catch (IOException | RuntimeException e) {
            if (client != null) client.close();
            server.close();
            throw e;
        }
    }

    public NbdClient client() { return client; }

    @Override public String name() { return name; }
    @Override public long size() { return size; }
    @Override public boolean readOnly() { return readOnly; }
    @Override public boolean canDiscard() { return !readOnly && client.export().canTrim(); }

    @Override
    public void read(long pos, GuestBuffers dst) throws IOException {
        client.read(pos, dst.byteBuffers());
        dst.notifyWritten();
    }

    @Override
    public void write(long pos, GuestBuffers src, boolean durable) throws IOException {
        client.write(pos, src.byteBuffers(), durable);
    }

    @Override
    public void flush() throws IOException { client.flush(); }

    @Override
    public void discard(long pos, long len) throws IOException { client.trim(pos, len); }

    @Override
    public void writeZeroes(long pos, long len) throws IOException {
        if (client.export().canWriteZeroes()) {
            client.writeZeroes(pos, len, false);
            return;
        }
        ByteBuffer zeros = ByteBuffer.allocateDirect((int) Math.min(len, ZERO_CHUNK));
        for (long end = pos + len; pos < end; ) {
            int n = (int) Math.min(zeros.capacity(), end - pos);
            client.write(pos, List.of(zeros.duplicate().limit(n)), false);
            pos += n;
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            log.warn("{}: disconnecting from the NBD server: {}", name, e.getMessage());
        }
        if (server != null) server.close();
    }
}
