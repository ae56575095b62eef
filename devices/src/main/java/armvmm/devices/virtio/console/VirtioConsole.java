package armvmm.devices.virtio.console;

import armvmm.chardev.CharBackend;
import armvmm.devices.virtio.DescriptorChain;
import armvmm.devices.virtio.VirtioDeviceBase;
import armvmm.devices.virtio.VirtioFeatures;

/**
 * virtio-console (virtio 1.x, 5.3) with one port and no multiport control queue: Linux binds it as hvc0.
 * Input goes straight from the character backend into the guest's receive buffers; while the guest has
 * none, the device takes nothing and the backend holds back until the guest posts more (its
 * {@link CharBackend#inputReady()}), so nothing is buffered here and nothing is lost.
 * VIRTIO_CONSOLE_F_EMERG_WRITE lets a driver write a byte through the configuration space before the
 * queues work.
 */
public final class VirtioConsole extends VirtioDeviceBase {
    public static final int VIRTIO_ID_CONSOLE = 3;
    public static final int VIRTIO_CONSOLE_F_EMERG_WRITE = 2;
    public static final int RECEIVEQ = 0, TRANSMITQ = 1;
    /** Guest output larger than this per chain breaks the queue: a console has no reason to take more at once. */
    static final int MAX_OUTPUT_CHAIN = 64 << 10;

    static final int CFG_COLS = 0, CFG_ROWS = 2, CFG_MAX_NR_PORTS = 4, CFG_EMERG_WR = 8, CFG_SIZE = 12;

    private final CharBackend backend;
    private final Object inputLock = new Object();

    public VirtioConsole(CharBackend backend) {
        super(CFG_SIZE);
        this.backend = backend;
        config.putShort(CFG_COLS, (short) 80);
        config.putShort(CFG_ROWS, (short) 25);
        config.putInt(CFG_MAX_NR_PORTS, 1);
        backend.connect(this::receive);
    }

    @Override public int deviceId() { return VIRTIO_ID_CONSOLE; }
    @Override public String kind() { return "virtio-console"; }
    @Override public int queueCount() { return 2; }
    /** 128, as QEMU's virtio-serial: kvm-unit-tests' legacy driver sets up 128-entry rings and asserts QueueNumMax allows them. */
    @Override public int queueMaxSize() { return 128; }
    @Override public long maxChainBytes(int queue) { return queue == TRANSMITQ ? MAX_OUTPUT_CHAIN : Integer.MAX_VALUE; }

    @Override
    public long deviceFeatures() {
        return VirtioFeatures.bit(VIRTIO_CONSOLE_F_EMERG_WRITE) | VirtioFeatures.bit(VirtioFeatures.VIRTIO_RING_F_INDIRECT_DESC)
                | VirtioFeatures.bit(VirtioFeatures.VIRTIO_RING_F_EVENT_IDX);
    }

    @Override
    public void writeConfig(int offset, int size, int value) {
        if (offset == CFG_EMERG_WR && size == 4) backend.write(value);
        else super.writeConfig(offset, size, value);
    }

    @Override
    public void queueNotify(int queue) {
        if (queue == RECEIVEQ) backend.inputReady();
        else serve(TRANSMITQ, this::output);
    }

    private long output(DescriptorChain chain) {
        byte[] b = chain.readable().readAll();
        backend.write(b, 0, b.length);
        return 0;
    }

    /** Host input, on the backend's thread: as much as the posted receive buffers hold. */
    private int receive(byte[] data, int offset, int length) {
        synchronized (inputLock) {
            int[] taken = {0};
            serveWhile(RECEIVEQ, () -> taken[0] < length, chain -> {
                int n = (int) Math.min(chain.writable().length(), length - taken[0]);
                chain.writable().write(data, offset + taken[0], n);
                taken[0] += n;
                return n;
            });
            return taken[0];
        }
    }

    @Override
    public void reset() {
        synchronized (inputLock) {
            super.reset();
        }
    }

    @Override
    public void close() { backend.close(); }
}
