package armvmm.chardev;

import armvmm.error.VmmException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code --serial file:PATH}: the guest's output goes to a file (created or truncated); no input. */
final class FileBackend implements CharBackend {
    private static final Logger log = LoggerFactory.getLogger(FileBackend.class);

    private final Path path;
    private final OutputStream out;
    private boolean failed;

    FileBackend(Path path) {
        this.path = path;
        try {
            out = Files.newOutputStream(path);
        } catch (IOException e) {
            throw new VmmException("--serial file:" + path + ": cannot write (" + e.getMessage() + ")");
        }
    }

    @Override
    public synchronized void write(byte[] data, int offset, int length) {
        if (failed) return;
        try {
            out.write(data, offset, length);
            // Unbuffered on purpose: whoever watches the file (a test, tail -f) sees each byte at once.
            out.flush();
        } catch (IOException e) {
            failed = true;
            log.warn("serial output to {} stopped: {}", path, e.getMessage());
        }
    }

    @Override
    public void connect(CharReceiver receiver) {}

    @Override
    public void inputReady() {}

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            log.warn("closing {}: {}", path, e.getMessage());
        }
    }
}
