package armvmm.chardev;

/** The device side of a {@link CharBackend}: takes received bytes as far as it has room. */
@FunctionalInterface
public interface CharReceiver {
    /**
     * Offers {@code length} received bytes; returns how many the device took (0 when it is full). Called on
     * the backend's input thread.
     */
    int receive(byte[] data, int offset, int length);
}
