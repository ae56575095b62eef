package armvmm.devices.virtio.blk;

/** Which thread serves a virtio-blk request. */
public enum BlkThreading {
    /** Every request on the vCPU thread that kicked the queue. */
    INLINE,
    /** Every request on the device's worker thread; the kick only hands the queue over. */
    WORKER,
    /**
     * Reads and writes inline (from the page cache they cost microseconds, less than a hand-off to
     * another thread on a busy host), flushes on the worker (an fsync costs milliseconds the vCPU
     * should spend running the guest).
     */
    FLUSH_ON_WORKER
}
