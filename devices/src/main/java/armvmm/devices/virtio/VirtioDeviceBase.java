package armvmm.devices.virtio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every device here shares: a configuration space held as little-endian bytes, the context set on
 * activation, and the loop that serves one queue.
 */
public abstract class VirtioDeviceBase implements VirtioDevice {
    private static final Logger log = LoggerFactory.getLogger(VirtioDeviceBase.class);

    /** The configuration space; devices lay out their fields in it, under its monitor. */
    protected final ByteBuffer config;
    private volatile DeviceContext ctx;
    private final Set<Integer> reported = ConcurrentHashMap.newKeySet();

    protected VirtioDeviceBase(int configSize) {
        config = ByteBuffer.allocate(configSize).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The active context, or null before DRIVER_OK and after a reset. */
    protected final DeviceContext context() { return ctx; }

    @Override
    public int readConfig(int offset, int size) {
        synchronized (config) {
            if (offset < 0 || offset > config.capacity() - size) {
                warnOnce(offset, "read of " + size + " bytes at config offset 0x" + Integer.toHexString(offset) + " past the end (0x"
                        + Integer.toHexString(config.capacity()) + ")");
                return 0;
            }
            return switch (size) {
                case 1 -> config.get(offset) & 0xff;
                case 2 -> config.getShort(offset) & 0xffff;
                default -> config.getInt(offset);
            };
        }
    }

    /** Configuration writes are ignored unless a device has a writable field. */
    @Override
    public void writeConfig(int offset, int size, int value) {
        warnOnce(offset | 0x1000_0000, "write of " + size + " bytes to read-only config offset 0x" + Integer.toHexString(offset));
    }

    protected final void warnOnce(int key, String msg) {
        if (reported.add(key)) log.warn("{}: {} (reported once)", kind(), msg);
    }

    @Override
    public void activate(DeviceContext c) {
        ctx = c;
        for (int q = 0; q < queueCount(); q++) queueNotify(q);
    }

    @Override
    public void reset() { ctx = null; }

    /**
     * Turns one chain into the number of bytes written to its device-writable part, or {@link #DEFERRED}
     * when the device completes it later through {@link #completeLater}.
     */
    @FunctionalInterface
    protected interface ChainHandler {
        long handle(DescriptorChain chain);
    }

    protected static final long DEFERRED = -1;

    /**
     * Finishes a chain a handler deferred, on whatever thread runs this: {@code work} returns the bytes
     * written. A reset waits for such work before the queues are set up again (see {@link #reset}), so a
     * completion never lands in a ring the driver has since replaced.
     */
    protected final void completeLater(int queue, DescriptorChain chain, java.util.function.LongSupplier work) {
        DeviceContext c = ctx;
        if (c == null) return;
        Virtqueue vq = c.queue(queue);
        try {
            vq.pushUsed(chain.head(), work.getAsLong());
        } catch (RuntimeException e) {
            log.error("{}: device model fault on queue {}", kind(), queue, e);
            c.needsReset(new VirtqueueException(VirtqError.DEVICE_FAULT, e.toString()));
            return;
        }
        c.usedBuffers(vq);
    }

    /**
     * Serves every chain available on {@code queue}, returns each with the length the handler reports, and
     * interrupts the driver once at the end if the ring asks for it. A broken chain puts the device into
     * DEVICE_NEEDS_RESET; so does a fault of the device model itself, logged as an error, because no guest
     * input may take the VMM down.
     */
    protected final void serve(int queue, ChainHandler handler) { serveWhile(queue, () -> true, handler); }

    /** As {@link #serve}, but pops a chain only while {@code more} says there is something to put in it (receive queues). */
    protected final void serveWhile(int queue, BooleanSupplier more, ChainHandler handler) {
        DeviceContext c = ctx;
        if (c == null) return;
        Virtqueue vq = c.queue(queue);
        boolean returned = false;
        try {
            DescriptorChain chain;
            while (more.getAsBoolean() && (chain = vq.pop()) != null) {
                long len = handler.handle(chain);
                if (len == DEFERRED) continue;
                vq.pushUsed(chain.head(), len);
                returned = true;
            }
        } catch (VirtqueueException e) {
            c.needsReset(e);
        } catch (RuntimeException e) {
            log.error("{}: device model fault on queue {}", kind(), queue, e);
            c.needsReset(new VirtqueueException(VirtqError.DEVICE_FAULT, e.toString()));
        }
        if (returned) c.usedBuffers(vq);
    }
}
