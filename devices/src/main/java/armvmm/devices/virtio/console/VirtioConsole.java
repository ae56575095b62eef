package armvmm.devices.virtio.console;

import armvmm.devices.virtio.DescriptorChain;
import armvmm.devices.virtio.VirtioDeviceBase;
import armvmm.devices.virtio.VirtioFeatures;

/**
 * virtio-console (virtio 1.x, 5.3) with one port and no multiport control queue: Linux binds it as hvc0.
 * Input the guest has no buffers for yet waits here, up to {@link #MAX_PENDING_INPUT} bytes; more is
 * dropped (a console, not a reliable channel). VIRTIO_CONSOLE_F_EMERG_WRITE lets a driver write a byte
 * through the configuration space before the queues work.
 */
public final class VirtioConsole extends VirtioDeviceBase {
    public static final int VIRTIO_ID_CONSOLE = 3;
    public static final int VIRTIO_CONSOLE_F_EMERG_WRITE = 2;
    public static final int RECEIVEQ = 0, TRANSMITQ = 1;
    public static final int MAX_PENDING_INPUT = 64 << 10;
    /** Guest output larger than this per chain is cut: the console has no reason to take more at once. */
    static final int MAX_OUTPUT_CHAIN = 64 << 10;

    static final int CFG_COLS = 0, CFG_ROWS = 2, CFG_MAX_NR_PORTS = 4, CFG_EMERG_WR = 8, CFG_SIZE = 12;

    private final ConsoleBackend backend;
    private final Object inputLock = new Object();
    private byte[] pending = new byte[0];

    public VirtioConsole(ConsoleBackend backend) {
        super(CFG_SIZE);
        this.backend = backend;
        config.putShort(CFG_COLS, (short) 80);
        config.putShort(CFG_ROWS, (short) 25);
        config.putInt(CFG_MAX_NR_PORTS, 1);
        backend.start(this::input);
    }

    @Override public int deviceId() { return VIRTIO_ID_CONSOLE; }
    @Override public String kind() { return "virtio-console"; }
    @Override public int queueCount() { return 2; }
    @Override public int queueMaxSize() { return 64; }
    @Override public long maxChainBytes(int queue) { return queue == TRANSMITQ ? MAX_OUTPUT_CHAIN : Integer.MAX_VALUE; }

    @Override
    public long deviceFeatures() {
        return VirtioFeatures.bit(VIRTIO_CONSOLE_F_EMERG_WRITE) | VirtioFeatures.bit(VirtioFeatures.VIRTIO_RING_F_INDIRECT_DESC)
                | VirtioFeatures.bit(VirtioFeatures.VIRTIO_RING_F_EVENT_IDX);
    }

    @Override
    public void writeConfig(int offset, int size, int value) {
        if (offset == CFG_EMERG_WR && size == 4) backend.write(new byte[] {(byte) value}, 0, 1);
        else super.writeConfig(offset, size, value);
    }

    @Override
    public void queueNotify(int queue) {
        if (queue == RECEIVEQ) deliver();
        else serve(TRANSMITQ, this::output);
    }

    private long output(DescriptorChain chain) {
        byte[] b = chain.readable().readAll();
        backend.write(b, 0, b.length);
        return 0;
    }

    /** Host input: queued, then handed to the guest as far as it has receive buffers. */
    void input(byte[] b) {
        synchronized (inputLock) {
            int room = MAX_PENDING_INPUT - pending.length, n = Math.min(room, b.length);
            if (n < b.length) warnOnce(1, "guest not reading its console, input dropped");
            byte[] grown = java.util.Arrays.copyOf(pending, pending.length + n);
            System.arraycopy(b, 0, grown, pending.length, n);
            pending = grown;
            deliver();
        }
    }

    private void deliver() {
        synchronized (inputLock) {
            serveWhile(RECEIVEQ, () -> pending.length > 0, chain -> {
                int n = (int) Math.min(chain.writable().length(), pending.length);
                chain.writable().write(pending, 0, n);
                pending = java.util.Arrays.copyOfRange(pending, n, pending.length);
                return n;
            });
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
