package armvmm.devices.virtio;

/** Device-independent feature bits (virtio 1.x, 6) this implementation knows. */
public final class VirtioFeatures {
    private VirtioFeatures() {}

    public static final int VIRTIO_RING_F_INDIRECT_DESC = 28;
    public static final int VIRTIO_RING_F_EVENT_IDX = 29;
    public static final int VIRTIO_F_VERSION_1 = 32;

    public static long bit(int feature) { return 1L << feature; }

    public static boolean has(long features, int feature) { return (features & bit(feature)) != 0; }
}
