package armvmm.devices.virtio.net;

import armvmm.devices.virtio.DescriptorChain;
import armvmm.devices.virtio.VirtioDeviceBase;
import armvmm.devices.virtio.VirtioFeatures;
import java.util.ArrayDeque;

/**
 * virtio-net (virtio 1.x, 5.1) with one receive and one transmit queue and no offloads: every frame
 * carries a virtio_net_hdr of zeros (flags, gso_type VIRTIO_NET_HDR_GSO_NONE) and the guest computes its
 * own checksums. The header is 12 bytes with VIRTIO_F_VERSION_1 (num_buffers always present), 10 for a
 * legacy driver. Frames from the network wait here while the guest has no receive buffers, up to
 * {@link #MAX_PENDING_FRAMES}; past that, while the driver is up, the backend's thread waits until the guest
 * takes some, as QEMU stops reading its backend then: the network's own flow control (a TCP peer's window
 * through passt, a tap device's queue) slows the sender instead of losing frames, which a TCP stream into a
 * busy guest took as losses and, under passt, as a reset. With no driver (before DRIVER_OK, after a reset)
 * they are dropped, as by a NIC that is down.
 */
public final class VirtioNet extends VirtioDeviceBase {
    public static final int VIRTIO_ID_NET = 1;
    public static final int VIRTIO_NET_F_MAC = 5;
    public static final int VIRTIO_NET_F_STATUS = 16;
    public static final int VIRTIO_NET_S_LINK_UP = 1;
    public static final int RECEIVEQ = 0, TRANSMITQ = 1;
    public static final int MAX_PENDING_FRAMES = 256;
    /** The largest frame either way: a 1500-byte MTU Ethernet frame with a VLAN tag, with room to spare. */
    public static final int MAX_FRAME = 1518 + 4 + 2048;

    static final int HDR_LEN_MODERN = 12, HDR_LEN_LEGACY = 10;
    static final int CFG_MAC = 0, CFG_STATUS = 6, CFG_SIZE = 8;

    private final NetBackend backend;
    private final MacAddress mac;
    private final Object rxLock = new Object();
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private long dropped;
    private boolean closed;

    public VirtioNet(NetBackend backend, MacAddress mac) {
        super(CFG_SIZE);
        this.backend = backend;
        this.mac = mac;
        config.put(CFG_MAC, mac.bytes());
        config.putShort(CFG_STATUS, (short) VIRTIO_NET_S_LINK_UP);
        backend.start(this::receive);
    }

    @Override public int deviceId() { return VIRTIO_ID_NET; }
    @Override public String kind() { return "virtio-net"; }
    @Override public int queueCount() { return 2; }
    @Override public long maxChainBytes(int queue) { return 1 << 20; }

    public MacAddress mac() { return mac; }

    public NetBackend backend() { return backend; }

    /** Frames dropped: too many waiting with no driver up, or a receive buffer too small. */
    public long droppedFrames() {
        synchronized (rxLock) { return dropped; }
    }

    @Override
    public long deviceFeatures() {
        return VirtioFeatures.bit(VIRTIO_NET_F_MAC) | VirtioFeatures.bit(VIRTIO_NET_F_STATUS)
                | VirtioFeatures.bit(VirtioFeatures.VIRTIO_RING_F_INDIRECT_DESC) | VirtioFeatures.bit(VirtioFeatures.VIRTIO_RING_F_EVENT_IDX);
    }

    private int headerLength() {
        var c = context();
        return c != null && VirtioFeatures.has(c.features(), VirtioFeatures.VIRTIO_F_VERSION_1) ? HDR_LEN_MODERN : HDR_LEN_LEGACY;
    }

    @Override
    public void queueNotify(int queue) {
        if (queue == RECEIVEQ) deliver();
        else serve(TRANSMITQ, this::transmit);
    }

    private long transmit(DescriptorChain chain) {
        int hdr = headerLength();
        long len = chain.readable().length();
        if (len < hdr || len - hdr > MAX_FRAME) {
            warnOnce(1, "transmitted frame of " + len + " bytes with its header dropped");
            return 0;
        }
        byte[] b = chain.readable().readAll();
        backend.send(b, hdr, b.length - hdr);
        return 0;
    }

    /** A frame from the network. */
    void receive(byte[] frame) {
        synchronized (rxLock) {
            while (pending.size() >= MAX_PENDING_FRAMES && context() != null && !closed) {
                try {
                    rxLock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (pending.size() >= MAX_PENDING_FRAMES) {
                dropped++;
                return;
            }
            pending.add(frame);
            deliver();
        }
    }

    private void deliver() {
        synchronized (rxLock) {
            int hdr = headerLength();
            serveWhile(RECEIVEQ, () -> !pending.isEmpty(), chain -> {
                byte[] frame = pending.poll();
                if (chain.writable().length() < hdr + frame.length) {
                    warnOnce(2, "receive buffer of " + chain.writable().length() + " bytes too small for a " + frame.length + "-byte frame");
                    dropped++;
                    return 0;
                }
                byte[] b = new byte[hdr + frame.length];
                if (hdr == HDR_LEN_MODERN) b[10] = 1; // num_buffers: the frame fits in this one chain
                System.arraycopy(frame, 0, b, hdr, frame.length);
                chain.writable().write(b, 0, b.length);
                return b.length;
            });
            if (pending.size() < MAX_PENDING_FRAMES) rxLock.notifyAll();
        }
    }

    /** A delivery in progress ends before this returns; frames arriving later wait in {@code pending} for the thaw. */
    @Override
    public void quiesce() {
        synchronized (rxLock) {
            return;
        }
    }

    @Override
    public void reset() {
        synchronized (rxLock) {
            super.reset();
            pending.clear();
            rxLock.notifyAll(); // a backend waiting for room drops its frame now: no driver
        }
    }

    @Override
    public void close() {
        synchronized (rxLock) {
            closed = true;
            rxLock.notifyAll();
        }
        backend.close();
    }
}
