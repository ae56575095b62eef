package armvmm.devices.virtio.console;

import armvmm.chardev.CharBackend;
import armvmm.chardev.CharReceiver;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/** A character backend for tests: records output; the test offers input by hand and sees what the device took. */
public final class RecordingCharBackend implements CharBackend {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final AtomicInteger readySignals = new AtomicInteger();
    private CharReceiver receiver;

    @Override public synchronized void write(byte[] b, int off, int len) { out.write(b, off, len); }
    @Override public void connect(CharReceiver r) { receiver = r; }
    @Override public void inputReady() { readySignals.incrementAndGet(); }
    @Override public void close() {}

    public int offer(String s) { return receiver.receive(s.getBytes(StandardCharsets.US_ASCII), 0, s.length()); }

    public synchronized String output() { return out.toString(StandardCharsets.US_ASCII); }
}
