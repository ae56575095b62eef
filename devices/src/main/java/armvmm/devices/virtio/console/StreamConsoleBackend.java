package armvmm.devices.virtio.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A console backend on an input and an output stream (stdio, a pipe, a socket's streams). */
public final class StreamConsoleBackend implements ConsoleBackend {
    private static final Logger log = LoggerFactory.getLogger(StreamConsoleBackend.class);

    private final InputStream in;
    private final OutputStream out;
    private volatile boolean closed;
    private boolean outputFailed;

    public StreamConsoleBackend(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        if (outputFailed) return;
        try {
            out.write(b, off, len);
            out.flush();
        } catch (IOException e) {
            outputFailed = true;
            log.warn("console output failed, further output dropped: {}", e.getMessage());
        }
    }

    @Override
    public void start(Consumer<byte[]> input) {
        if (in == null) return;
        Thread t = new Thread(() -> {
            byte[] buf = new byte[1024];
            try {
                int n;
                while (!closed && (n = in.read(buf)) > 0) input.accept(Arrays.copyOf(buf, n));
            } catch (IOException e) {
                if (!closed) log.warn("console input ended: {}", e.getMessage());
            }
        }, "virtio-console input");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() { closed = true; }
}
