package armvmm.devices.virtio;

/**
 * Ways a driver can break the split-virtqueue contract (virtio 1.x, 2.7). Each one puts the device into
 * DEVICE_NEEDS_RESET: once the rings are not what the spec says, nothing later in them can be trusted.
 */
public enum VirtqError {
    /** QueueNum zero, not a power of two, or above QueueNumMax. */
    BAD_QUEUE_SIZE,
    /** The descriptor table, available or used ring is not wholly inside guest RAM (or is misaligned). */
    RING_OUTSIDE_RAM,
    /** The available index moved ahead of the device by more than the queue size. */
    AVAIL_INDEX_JUMP,
    /** A head in the available ring, or a next field, names a descriptor beyond the table. */
    DESCRIPTOR_INDEX_OUT_OF_RANGE,
    /** A chain visits more descriptors than the table holds: a loop, or simply too long. */
    CHAIN_TOO_LONG,
    /** A buffer lies (partly) outside guest RAM, or a device-writable buffer lies in ROM. */
    BUFFER_OUTSIDE_RAM,
    /** addr + len of a buffer wraps around the 64-bit address space. */
    BUFFER_WRAPS,
    /** The buffers of one chain add up to more than a request may carry. */
    CHAIN_TOO_LARGE,
    /** An indirect descriptor inside an indirect table. */
    NESTED_INDIRECT,
    /** VIRTQ_DESC_F_INDIRECT together with VIRTQ_DESC_F_NEXT. */
    INDIRECT_WITH_NEXT,
    /** An indirect table whose length is zero or not a multiple of 16 bytes. */
    BAD_INDIRECT_LENGTH,
    /** VIRTQ_DESC_F_INDIRECT used although VIRTIO_RING_F_INDIRECT_DESC was not negotiated. */
    INDIRECT_NOT_NEGOTIATED,
    /** A device-readable buffer after a device-writable one. */
    READABLE_AFTER_WRITABLE,
    /** Not the driver's doing: the device model failed on a request (a VMM bug, logged as an error). */
    DEVICE_FAULT
}
