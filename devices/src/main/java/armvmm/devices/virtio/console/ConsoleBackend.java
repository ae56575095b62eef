package armvmm.devices.virtio.console;

import java.util.function.Consumer;

/**
 * The host end of the console port: where guest output goes and guest input comes from. A stand-in for
 * the core's character-device backend; {@link StreamConsoleBackend} adapts any pair of streams.
 */
public interface ConsoleBackend extends AutoCloseable {
    /** Guest output; may block briefly, never for ever. */
    void write(byte[] b, int off, int len);

    /** Starts delivering host input to {@code input}, from a thread of the backend's own. */
    void start(Consumer<byte[]> input);

    @Override
    default void close() {}
}
