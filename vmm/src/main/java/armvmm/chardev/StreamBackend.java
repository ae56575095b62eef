package armvmm.chardev;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backend over a byte stream pair (a terminal, a socket). One daemon thread reads the input and hands it
 * to the receiver; while the receiver is full that thread waits for {@link #inputReady()}, so a guest that
 * does not read its UART makes the peer block instead of the VMM buffering without bound.
 */
class StreamBackend implements CharBackend {
    private static final Logger log = LoggerFactory.getLogger(StreamBackend.class);

    private final String name;
    private final InputStream in;
    private final OutputStream out;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition roomAgain = lock.newCondition();
    private boolean ready;
    private volatile boolean closed;
    private volatile boolean outputBroken;
    private Thread reader;

    StreamBackend(String name, InputStream in, OutputStream out) {
        this.name = name;
        this.in = in;
        this.out = out;
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        if (outputBroken || closed) return;
        try {
            synchronized (out) {
                out.write(data, offset, length);
                out.flush();
            }
        } catch (IOException e) {
            outputBroken = true;
            // A peer that disconnects (telnet quit, a closed pipe) is ordinary, not worth a warning.
            log.debug("serial {}: output stopped ({})", name, e.getMessage());
        }
    }

    @Override
    public synchronized void connect(CharReceiver receiver) {
        if (reader != null) throw new IllegalStateException("serial " + name + " already has a receiver");
        reader = new Thread(() -> pump(receiver), "serial-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    private void pump(CharReceiver receiver) {
        byte[] buf = new byte[256];
        try {
            int n;
            while (!closed && (n = in.read(buf)) >= 0) {
                int done = 0;
                while (done < n && !closed) {
                    // Cleared before offering: an inputReady() that races with a refused offer is not lost.
                    setReady(false);
                    // Outside our lock: the device takes its own lock here and may call inputReady() under it.
                    int took = receiver.receive(buf, done, n - done);
                    done += took;
                    if (took == 0) awaitRoom();
                }
            }
        } catch (IOException e) {
            if (!closed) log.warn("serial {}: input stopped ({})", name, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitRoom() throws InterruptedException {
        lock.lock();
        try {
            while (!ready && !closed) roomAgain.await();
        } finally {
            lock.unlock();
        }
    }

    private void setReady(boolean value) {
        lock.lock();
        try {
            ready = value;
            if (value) roomAgain.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void inputReady() { setReady(true); }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        inputReady();
        closeStreams();
    }

    /** Releases what the streams stand on; a reader blocked in read() ends with the socket, not with stdin. */
    void closeStreams() {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing a stream we are abandoning: nothing left to tell anyone
        }
        try {
            out.close();
        } catch (IOException ignored) {
            // as above
        }
    }
}
