package armvmm.devices.virtio;

/**
 * A virtio device behind a transport (virtio 1.x, 5): its ID, features, queues and configuration space.
 * The transport owns the registers, feature negotiation and the status state machine; the device serves
 * requests from {@link #activate} until {@link #reset}.
 */
public interface VirtioDevice extends AutoCloseable {
    /** The virtio device ID (5: 1 net, 2 block, 3 console, 4 entropy). */
    int deviceId();

    /** A short name: virtio-blk, virtio-net, ... */
    String kind();

    /** Device-specific feature bits plus the ring features the device supports; the transport adds VIRTIO_F_VERSION_1. */
    long deviceFeatures();

    int queueCount();

    /** QueueNumMax of every queue. */
    default int queueMaxSize() { return 256; }

    /** The most bytes one chain may carry on {@code queue}; larger ones break the queue. */
    default long maxChainBytes(int queue) { return Integer.MAX_VALUE; }

    /** Reads the configuration space (little-endian); offsets past its end read as zero. */
    int readConfig(int offset, int size);

    void writeConfig(int offset, int size, int value);

    /** DRIVER_OK: the queues are set up; a device may serve buffers posted before this. */
    void activate(DeviceContext ctx);

    /** The driver kicked queue {@code queue} (QueueNotify). Called on a vCPU thread: keep it short. */
    void queueNotify(int queue);

    /** Device reset: stop touching the queues (waiting for requests in flight) and forget the context. */
    void reset();

    /** Returns once no request taken from a queue is still being served (a worker thread's, a receive in progress). */
    default void quiesce() {}

    /**
     * The device's own state beyond the transport's (which holds the queues): for most devices nothing. A
     * block device saves its capacity, so that a restore onto another disk is refused.
     */
    default void saveState(java.io.DataOutput out) throws java.io.IOException {}

    default void loadState(java.io.DataInput in) throws java.io.IOException {}

    /** Releases host resources (files, sockets, threads) when the machine goes away. */
    @Override
    default void close() {}
}
