package armvmm.devices.virtio.rng;

import armvmm.devices.virtio.DescriptorChain;
import armvmm.devices.virtio.VirtioDeviceBase;
import armvmm.devices.virtio.VirtioFeatures;
import java.security.SecureRandom;

/** virtio-rng, the entropy device (virtio 1.x, 5.4): fills each device-writable buffer from the host's SecureRandom. */
public final class VirtioRng extends VirtioDeviceBase {
    public static final int VIRTIO_ID_ENTROPY = 4;
    /** A request may be any size; serving more than this per chain would let one guest buffer stall the vCPU. */
    public static final int MAX_BYTES_PER_REQUEST = 64 * 1024;

    private final SecureRandom random;

    public VirtioRng(SecureRandom random) {
        super(0);
        this.random = random;
    }

    public VirtioRng() { this(new SecureRandom()); }

    @Override public int deviceId() { return VIRTIO_ID_ENTROPY; }
    @Override public String kind() { return "virtio-rng"; }
    @Override public int queueCount() { return 1; }

    @Override
    public long deviceFeatures() {
        return VirtioFeatures.bit(VirtioFeatures.VIRTIO_RING_F_INDIRECT_DESC) | VirtioFeatures.bit(VirtioFeatures.VIRTIO_RING_F_EVENT_IDX);
    }

    @Override
    public void queueNotify(int queue) { serve(queue, this::fill); }

    private long fill(DescriptorChain chain) {
        int n = (int) Math.min(chain.writable().length(), MAX_BYTES_PER_REQUEST);
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        chain.writable().write(bytes, 0, n);
        return n;
    }
}
