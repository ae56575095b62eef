package armvmm.chardev;

/**
 * Where a character device (a UART, a virtio console) sends the guest's output and gets its input from:
 * the {@code --serial} backend. Output is written synchronously by the device. Input is pushed to the
 * {@link CharReceiver} the device connects, only as fast as the device takes it: when the receiver
 * accepts nothing (its FIFO is full), the backend stops delivering until the device calls
 * {@link #inputReady()}.
 */
public interface CharBackend extends AutoCloseable {
    /** Sends bytes the guest transmitted. Never throws for a peer that has gone away: the bytes are dropped. */
    void write(byte[] data, int offset, int length);

    default void write(int b) { write(new byte[] {(byte) b}, 0, 1); }

    /** Starts delivering received bytes to {@code receiver}; at most one receiver, connected once. */
    void connect(CharReceiver receiver);

    /** The device has room again: delivery resumes. Cheap and callable from any thread. */
    void inputReady();

    /** Stops input delivery and releases the terminal, file or socket. Idempotent. */
    @Override
    void close();
}
