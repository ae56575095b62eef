package armvmm.devices.virtio;

import static armvmm.devices.virtio.VirtioMmioRegister.*;

import armvmm.bus.AddressSpace;
import armvmm.irq.LevelLatch;
import armvmm.memory.RamBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays the guest driver in tests: programs a transport through its registers and writes descriptor
 * tables and rings into guest RAM by hand, so tests can hand the device any chain, well-formed or hostile.
 * Queue q's areas live at RAM_BASE + q * 0x10000 (descriptors, +0x4000 available ring, +0x8000 used ring);
 * buffers come from a bump allocator above 0x100000.
 */
public final class VirtioTestDriver implements AutoCloseable {
    public static final long RAM_BASE = 0x8000_0000L;
    public static final int RAM_SIZE = 16 << 20;
    private static final long BUFFERS = RAM_BASE + 0x10_0000;

    public final AddressSpace bus = new AddressSpace();
    public final RamBlock ram = new RamBlock("ram", RAM_SIZE);
    public final LevelLatch irq = new LevelLatch();
    public final VirtioMmioTransport transport;

    private long nextBuffer = BUFFERS;
    private final int[] nextDesc = new int[8];
    private final int[] availIdx = new int[8];
    private final int[] size = new int[8];
    private final long[] descBase = new long[8], availBase = new long[8], usedBase = new long[8];

    public VirtioTestDriver(VirtioDevice device, VirtioMmioTransport.Version version) {
        bus.mapRam("ram", RAM_BASE, ram);
        transport = new VirtioMmioTransport(device.kind(), device, bus, irq, version);
    }

    public VirtioTestDriver(VirtioDevice device) { this(device, VirtioMmioTransport.Version.MODERN); }

    public int reg(VirtioMmioRegister r) { return (int) transport.read(r.offset, 4, 0); }

    public void reg(VirtioMmioRegister r, long v) { transport.write(r.offset, 4, v, 0); }

    public long deviceFeatures() {
        reg(DEVICE_FEATURES_SEL, 0);
        long lo = reg(DEVICE_FEATURES) & 0xffffffffL;
        reg(DEVICE_FEATURES_SEL, 1);
        return lo | (long) reg(DEVICE_FEATURES) << 32;
    }

    /** The whole 3.1.1 initialisation: accepts {@code features}, sets up every queue with {@code queueSize}, DRIVER_OK. */
    public VirtioTestDriver start(long features, int queueSize) {
        reg(STATUS, 0);
        reg(STATUS, DeviceStatus.ACKNOWLEDGE);
        reg(STATUS, DeviceStatus.ACKNOWLEDGE | DeviceStatus.DRIVER);
        reg(DRIVER_FEATURES_SEL, 0);
        reg(DRIVER_FEATURES, features & 0xffffffffL);
        reg(DRIVER_FEATURES_SEL, 1);
        reg(DRIVER_FEATURES, features >>> 32);
        int s = DeviceStatus.ACKNOWLEDGE | DeviceStatus.DRIVER;
        if (transport.version() == VirtioMmioTransport.Version.MODERN) {
            s |= DeviceStatus.FEATURES_OK;
            reg(STATUS, s);
            if ((reg(STATUS) & DeviceStatus.FEATURES_OK) == 0) throw new IllegalStateException("FEATURES_OK refused");
        } else {
            reg(GUEST_PAGE_SIZE, 4096);
        }
        for (int q = 0; q < transport.device().queueCount(); q++) setupQueue(q, queueSize);
        reg(STATUS, s | DeviceStatus.DRIVER_OK);
        return this;
    }

    /** Offers back everything the device offers. */
    public VirtioTestDriver start() { return start(transport.offeredFeatures(), 16); }

    public void setupQueue(int q, int n) {
        size[q] = n;
        nextDesc[q] = 0;
        availIdx[q] = 0;
        long base = RAM_BASE + 0x10000L * q;
        ram.write(base - RAM_BASE, new byte[0x10000], 0, 0x10000); // a driver hands over zeroed rings
        reg(QUEUE_SEL, q);
        reg(QUEUE_NUM, n);
        if (transport.version() == VirtioMmioTransport.Version.MODERN) {
            descBase[q] = base;
            availBase[q] = base + 0x4000;
            usedBase[q] = base + 0x8000;
            reg(QUEUE_DESC_LOW, descBase[q]);
            reg(QUEUE_DESC_HIGH, descBase[q] >>> 32);
            reg(QUEUE_DRIVER_LOW, availBase[q]);
            reg(QUEUE_DRIVER_HIGH, 0);
            reg(QUEUE_DEVICE_LOW, usedBase[q]);
            reg(QUEUE_DEVICE_HIGH, 0);
            reg(QUEUE_READY, 1);
        } else {
            descBase[q] = base;
            availBase[q] = base + 16L * n;
            usedBase[q] = (availBase[q] + 6 + 2L * n + 4095) & -4096L;
            reg(QUEUE_ALIGN, 4096);
            reg(QUEUE_PFN, base / 4096);
        }
    }

    public long usedRing(int q) { return usedBase[q]; }
    public long availRing(int q) { return availBase[q]; }
    public long descTable(int q) { return descBase[q]; }

    /** A zeroed guest buffer of {@code len} bytes, 16-byte aligned. */
    public long alloc(int len) {
        long a = nextBuffer;
        nextBuffer = (nextBuffer + len + 15) & -16L;
        ram.write(a - RAM_BASE, new byte[len], 0, len);
        return a;
    }

    public long put(byte[] data) {
        long a = alloc(data.length);
        ram.write(a - RAM_BASE, data, 0, data.length);
        return a;
    }

    public byte[] get(long gpa, int len) {
        byte[] b = new byte[len];
        ram.read(gpa - RAM_BASE, b, 0, len);
        return b;
    }

    public int read8(long gpa) { return ram.read8(gpa - RAM_BASE); }
    public int read16(long gpa) { return ram.read16(gpa - RAM_BASE); }
    public void write16(long gpa, int v) { ram.write16(gpa - RAM_BASE, v); }

    /** Writes descriptor {@code i} of a table at {@code table} (the queue's own or an indirect one). */
    public void desc(long table, int i, long addr, long len, int flags, int next) {
        long at = table - RAM_BASE + 16L * i;
        ram.write64(at, addr);
        ram.write32(at + 8, (int) len);
        ram.write16(at + 12, flags);
        ram.write16(at + 14, next);
    }

    /** Puts {@code head} in the available ring and advances its idx. */
    public void publish(int q, int head) {
        long a = availBase[q] - RAM_BASE;
        ram.write16(a + 4 + 2L * (availIdx[q] % size[q]), head);
        availIdx[q] = (availIdx[q] + 1) & 0xffff;
        ram.write16(a + 2, availIdx[q]);
    }

    public void setAvailIdx(int q, int idx) {
        availIdx[q] = idx & 0xffff;
        ram.write16(availBase[q] - RAM_BASE + 2, idx);
    }

    public void kick(int q) { reg(QUEUE_NOTIFY, q); }

    public record Buf(long addr, long len, boolean write) {
        public static Buf in(long addr, long len) { return new Buf(addr, len, false); }
        public static Buf out(long addr, long len) { return new Buf(addr, len, true); }
    }

    /** Builds a direct chain from the queue's next free descriptors, publishes it, returns its head. */
    public int chain(int q, Buf... bufs) {
        int head = nextDesc[q];
        for (int k = 0; k < bufs.length; k++) {
            int i = (head + k) % size[q];
            boolean last = k == bufs.length - 1;
            desc(descBase[q], i, bufs[k].addr, bufs[k].len,
                    (bufs[k].write ? Virtqueue.VIRTQ_DESC_F_WRITE : 0) | (last ? 0 : Virtqueue.VIRTQ_DESC_F_NEXT), (i + 1) % size[q]);
        }
        nextDesc[q] = (head + bufs.length) % size[q];
        publish(q, head);
        return head;
    }

    /** Builds a chain as one indirect table and a single VIRTQ_DESC_F_INDIRECT descriptor, publishes it. */
    public int indirectChain(int q, Buf... bufs) {
        long table = alloc(16 * bufs.length);
        for (int k = 0; k < bufs.length; k++)
            desc(table, k, bufs[k].addr, bufs[k].len,
                    (bufs[k].write ? Virtqueue.VIRTQ_DESC_F_WRITE : 0) | (k == bufs.length - 1 ? 0 : Virtqueue.VIRTQ_DESC_F_NEXT), k + 1);
        int head = nextDesc[q];
        desc(descBase[q], head, table, 16L * bufs.length, Virtqueue.VIRTQ_DESC_F_INDIRECT, 0);
        nextDesc[q] = (head + 1) % size[q];
        publish(q, head);
        return head;
    }

    public int usedIdx(int q) { return ram.read16(usedBase[q] - RAM_BASE + 2); }

    public record Used(int id, int len) {}

    public Used used(int q, int n) {
        long e = usedBase[q] - RAM_BASE + 4 + 8L * (n % size[q]);
        return new Used(ram.read32(e), ram.read32(e + 4));
    }

    /** Waits (bounded) until the used idx reaches {@code idx}: for devices that complete on their own thread. */
    public void awaitUsed(int q, int idx) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (usedIdx(q) != (idx & 0xffff)) {
            if (System.nanoTime() > deadline) throw new AssertionError("used idx of queue " + q + " stuck at " + usedIdx(q) + ", want " + idx);
            Thread.onSpinWait();
        }
    }

    public boolean needsReset() { return (reg(STATUS) & DeviceStatus.DEVICE_NEEDS_RESET) != 0; }

    public List<Used> allUsed(int q) {
        List<Used> out = new ArrayList<>();
        for (int i = 0; i < usedIdx(q); i++) out.add(used(q, i));
        return out;
    }

    @Override
    public void close() {
        transport.reset();
        transport.close();
        ram.close();
    }
}
