package armvmm.chardev;

import java.util.function.IntConsumer;

/**
 * QEMU's chr-testdev protocol, as kvm-unit-tests speaks it on a virtio console: the guest writes a
 * decimal number followed by {@code q} ("%dq") to end the run with that exit code. Other bytes are
 * ignored, and, as a {@link NullBackend}, it never sends anything to the guest.
 */
public final class TestdevBackend extends NullBackend {
    private final IntConsumer onExit;
    // guarded by this
    private long number;
    private boolean negative, digits;

    /** {@code onExit} receives the guest's code. */
    public TestdevBackend(IntConsumer onExit) { this.onExit = onExit; }

    @Override
    public synchronized void write(byte[] data, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            char c = (char) (data[i] & 0xff);
            if (c >= '0' && c <= '9') {
                number = Math.min(number * 10 + (c - '0'), Integer.MAX_VALUE);
                digits = true;
            } else if (c == '-' && !digits) {
                negative = true;
            } else {
                if (c == 'q' && digits) onExit.accept((int) (negative ? -number : number));
                number = 0;
                negative = digits = false;
            }
        }
    }
}
