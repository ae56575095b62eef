package armvmm.devices.virtio.net;

import java.util.function.Consumer;

/** The host side of a virtio-net device: a network that takes and delivers whole Ethernet frames. */
public interface NetBackend extends AutoCloseable {
    /** Starts delivering frames from the network to {@code receiver}, on a thread of the backend's own. */
    void start(Consumer<byte[]> receiver);

    /** Sends one frame; a frame the network cannot take now (no peer, an error) is dropped, as a wire would. */
    void send(byte[] frame, int off, int len);

    /** For logs: "socket listen 127.0.0.1:5555", "tap tap0". */
    String describe();

    @Override
    void close();
}
