package armvmm.devices.virtio;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A test device with two queues: records what each chain carried and fills its writable part with 0xAB. */
final class RecordingDevice extends VirtioDeviceBase {
    final List<byte[]> received = new CopyOnWriteArrayList<>();
    private final long maxChainBytes;
    private final long features;

    RecordingDevice(long features, long maxChainBytes) {
        super(8);
        this.features = features;
        this.maxChainBytes = maxChainBytes;
        config.putInt(0, 0x12345678);
    }

    RecordingDevice() {
        this(VirtioFeatures.bit(VirtioFeatures.VIRTIO_RING_F_INDIRECT_DESC) | VirtioFeatures.bit(VirtioFeatures.VIRTIO_RING_F_EVENT_IDX), 1 << 20);
    }

    @Override public int deviceId() { return 0x7e; }
    @Override public String kind() { return "recording"; }
    @Override public long deviceFeatures() { return features; }
    @Override public int queueCount() { return 2; }
    @Override public int queueMaxSize() { return 64; }
    @Override public long maxChainBytes(int queue) { return maxChainBytes; }

    @Override
    public void queueNotify(int queue) {
        serve(queue, chain -> {
            received.add(chain.readable().readAll());
            byte[] fill = new byte[(int) chain.writable().length()];
            java.util.Arrays.fill(fill, (byte) 0xAB);
            chain.writable().write(fill, 0, fill.length);
            return fill.length;
        });
    }

    void changeConfig(int v) {
        synchronized (config) { config.putInt(0, v); }
        context().configChanged();
    }
}
