package armvmm.chardev;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** An embedding program's stream pair as the console: bytes both ways, and the caller's streams left open. */
class StreamsBackendTest {
    /** Remembers whether close() was called on it. */
    static final class Tracked extends ByteArrayOutputStream {
        boolean closed;

        @Override
        public void close() { closed = true; }
    }

    @Test
    void guestOutputReachesTheStreamInputReachesTheDeviceAndNeitherStreamIsClosed() throws Exception {
        Tracked out = new Tracked();
        boolean[] inClosed = {false};
        ByteArrayInputStream in = new ByteArrayInputStream("ls\n".getBytes(StandardCharsets.US_ASCII)) {
            @Override
            public void close() throws IOException {
                inClosed[0] = true;
                super.close();
            }
        };
        CharBackend b = new CharBackendSpec.Streams(in, out).open(() -> {});
        StringBuilder received = new StringBuilder();
        CountDownLatch all = new CountDownLatch(3);
        b.connect((data, off, len) -> {
            synchronized (received) {
                received.append(new String(data, off, len, StandardCharsets.US_ASCII));
            }
            for (int i = 0; i < len; i++) all.countDown();
            return len;
        });
        b.write("hello\r\n".getBytes(StandardCharsets.US_ASCII), 0, 7);
        b.write('!');
        assertTrue(all.await(10, TimeUnit.SECONDS), "input delivered: " + received);
        b.close();
        assertEquals("hello\r\n!", out.toString(StandardCharsets.US_ASCII));
        synchronized (received) {
            assertEquals("ls\n", received.toString());
        }
        assertFalse(out.closed, "the caller's output stream was closed");
        assertFalse(inClosed[0], "the caller's input stream was closed");
    }
}
