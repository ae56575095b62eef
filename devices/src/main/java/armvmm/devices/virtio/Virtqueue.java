package armvmm.devices.virtio;

import armvmm.bus.AddressSpace;
import armvmm.bus.BusErrorException;
import armvmm.bus.Region;
import armvmm.memory.RamBlock;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * A split virtqueue (virtio 1.x, 2.7) in guest RAM: the descriptor table, the available ring the driver
 * fills and the used ring the device fills.
 *
 * <p>This class is the boundary for everything a driver puts in the rings: ring addresses and the queue
 * size are checked when the queue is enabled, every head, next index, buffer address and length when a
 * chain is popped. Any violation marks the queue broken and surfaces as a {@link VirtqueueException};
 * nothing is read or written outside guest RAM and no walk runs longer than the table. One lock per
 * queue: the vCPU thread that kicks, a device worker and a backend thread may all reach it.
 */
public final class Virtqueue {
    public static final int VIRTQ_DESC_F_NEXT = 1;
    public static final int VIRTQ_DESC_F_WRITE = 2;
    public static final int VIRTQ_DESC_F_INDIRECT = 4;
    public static final int VIRTQ_AVAIL_F_NO_INTERRUPT = 1;
    public static final int VIRTQ_USED_F_NO_NOTIFY = 1;

    static final int DESC_SIZE = 16;
    /** Longest indirect table accepted (QEMU and Linux use the same bound, VIRTQUEUE_MAX_SIZE). */
    public static final int MAX_INDIRECT_ENTRIES = 1024;

    private final int index;
    private final int maxSize;
    private final long maxChainBytes;
    private final AddressSpace bus;

    private int size;
    private long descAddr, driverAddr, deviceAddr;

    private boolean ready;
    private boolean broken;
    private boolean eventIdx;
    private boolean indirect;
    private Ring desc, avail, used;
    private int lastAvail;
    private int usedIdx;
    private int signalledUsed;
    /** While a snapshot is written: no new chain is taken, so guest memory and the indices stay as saved. */
    private boolean frozen;

    /** Resolved guest RAM of one ring area. */
    private record Ring(long gpa, RamBlock ram, long offset) {}

    public Virtqueue(int index, int maxSize, long maxChainBytes, AddressSpace bus) {
        if (maxSize <= 0 || Integer.bitCount(maxSize) != 1 || maxSize > 32768)
            throw new IllegalArgumentException("queue size maximum " + maxSize);
        this.index = index;
        this.maxSize = maxSize;
        this.maxChainBytes = maxChainBytes;
        this.bus = bus;
        reset();
    }

    public int index() { return index; }
    public int maxSize() { return maxSize; }

    public synchronized int size() { return size; }
    public synchronized boolean ready() { return ready; }
    public synchronized long descAddr() { return descAddr; }
    public synchronized long driverAddr() { return driverAddr; }
    public synchronized long deviceAddr() { return deviceAddr; }

    /** QueueNum: accepted as written, checked when the queue is enabled. */
    public synchronized void setSize(int n) { size = n; }

    public synchronized void setAddresses(long desc, long driver, long device) {
        descAddr = desc;
        driverAddr = driver;
        deviceAddr = device;
    }

    /** Back to the state after a device reset: not ready, size at its maximum, indices zero. */
    public synchronized void reset() {
        ready = false;
        broken = false;
        eventIdx = false;
        indirect = false;
        size = maxSize;
        descAddr = driverAddr = deviceAddr = 0;
        desc = avail = used = null;
        lastAvail = usedIdx = signalledUsed = 0;
    }

    /**
     * QueueReady = 1 (or a legacy QueuePFN): checks the size and that all three areas lie in guest RAM,
     * aligned as 2.7 requires (descriptors 16, available ring 2, used ring 4).
     */
    public synchronized void enable() throws VirtqueueException {
        if (size <= 0 || Integer.bitCount(size) != 1 || size > maxSize)
            throw breakWith(VirtqError.BAD_QUEUE_SIZE, "QueueNum " + size + " (QueueNumMax " + maxSize + ", must be a power of two)");
        desc = ring("descriptor table", descAddr, (long) size * DESC_SIZE, 16, false);
        avail = ring("available ring", driverAddr, 6 + 2L * size, 2, false);
        used = ring("used ring", deviceAddr, 6 + 8L * size, 4, true);
        lastAvail = usedIdx = signalledUsed = 0;
        broken = false;
        ready = true;
    }

    /** QueueReady = 0. */
    public synchronized void disable() {
        ready = false;
    }

    /** The negotiated ring features, known once the driver has set FEATURES_OK (DRIVER_OK for legacy). */
    public synchronized void setFeatures(long features) {
        eventIdx = VirtioFeatures.has(features, VirtioFeatures.VIRTIO_RING_F_EVENT_IDX);
        indirect = VirtioFeatures.has(features, VirtioFeatures.VIRTIO_RING_F_INDIRECT_DESC);
    }

    /** The whole device went to DEVICE_NEEDS_RESET: this queue stops until the driver resets. */
    public synchronized void halt() { broken = true; }

    private Ring ring(String what, long gpa, long len, int align, boolean writable) throws VirtqueueException {
        if ((gpa & (align - 1)) != 0)
            throw breakWith(VirtqError.RING_OUTSIDE_RAM, what + " at 0x" + Long.toHexString(gpa) + " not " + align + "-byte aligned");
        GuestBuffer b = resolve(gpa, len, writable, VirtqError.RING_OUTSIDE_RAM, what);
        return new Ring(gpa, b.ram(), b.offset());
    }

    /**
     * The next available chain, or null when the driver has posted nothing new (or the queue is not
     * running). With VIRTIO_RING_F_EVENT_IDX an empty ring also publishes avail_event and looks once more,
     * so that a buffer posted meanwhile is not left waiting for a kick the driver will not send.
     */
    public synchronized DescriptorChain pop() throws VirtqueueException {
        if (!ready || broken || frozen) return null;
        int pending = pending();
        if (pending == 0 && eventIdx) {
            used.ram.write16(used.offset + 4 + 8L * size, lastAvail);
            bus.notifyRamWritten(used.gpa + 4 + 8L * size, 2);
            VarHandle.fullFence();
            pending = pending();
        }
        if (pending == 0) return null;
        VarHandle.acquireFence();
        int head = avail.ram.read16(avail.offset + 4 + 2L * (lastAvail & (size - 1)));
        lastAvail = (lastAvail + 1) & 0xffff;
        return walk(head);
    }

    private int pending() throws VirtqueueException {
        int availIdx = avail.ram.read16(avail.offset + 2);
        int pending = (availIdx - lastAvail) & 0xffff;
        if (pending > size)
            throw breakWith(VirtqError.AVAIL_INDEX_JUMP, "avail idx " + availIdx + " is " + pending + " ahead of " + lastAvail + ", queue size " + size);
        return pending;
    }

    private DescriptorChain walk(int head) throws VirtqueueException {
        if (head >= size) throw breakWith(VirtqError.DESCRIPTOR_INDEX_OUT_OF_RANGE, "head " + head + " in a table of " + size);
        List<GuestBuffer> readable = new ArrayList<>(4), writable = new ArrayList<>(4);
        long total = 0;
        RamBlock tableRam = desc.ram;
        long tableOff = desc.offset;
        int entries = size;
        boolean inIndirect = false;
        int i = head, visited = 0;
        while (true) {
            if (++visited > entries)
                throw breakWith(VirtqError.CHAIN_TOO_LONG, "chain from head " + head + " visits more than " + entries + " descriptors");
            long at = tableOff + (long) i * DESC_SIZE;
            long addr = tableRam.read64(at);
            long len = tableRam.read32(at + 8) & 0xffffffffL;
            int flags = tableRam.read16(at + 12);
            int next = tableRam.read16(at + 14);
            if ((flags & VIRTQ_DESC_F_INDIRECT) != 0) {
                if (!indirect) throw breakWith(VirtqError.INDIRECT_NOT_NEGOTIATED, "descriptor " + i);
                if (inIndirect) throw breakWith(VirtqError.NESTED_INDIRECT, "descriptor " + i + " of an indirect table");
                if ((flags & VIRTQ_DESC_F_NEXT) != 0) throw breakWith(VirtqError.INDIRECT_WITH_NEXT, "descriptor " + i);
                if (len == 0 || len % DESC_SIZE != 0 || len / DESC_SIZE > MAX_INDIRECT_ENTRIES)
                    throw breakWith(VirtqError.BAD_INDIRECT_LENGTH, "indirect table of " + len + " bytes at descriptor " + i);
                GuestBuffer table = resolve(addr, len, false, VirtqError.BUFFER_OUTSIDE_RAM, "indirect table");
                tableRam = table.ram();
                tableOff = table.offset();
                entries = (int) (len / DESC_SIZE);
                inIndirect = true;
                i = 0;
                visited = 0;
                continue;
            }
            boolean write = (flags & VIRTQ_DESC_F_WRITE) != 0;
            if (!write && !writable.isEmpty())
                throw breakWith(VirtqError.READABLE_AFTER_WRITABLE, "descriptor " + i + " of the chain from head " + head);
            total += len; // both at most 2^32 per step and checked below each step: cannot overflow
            if (total > maxChainBytes)
                throw breakWith(VirtqError.CHAIN_TOO_LARGE, "chain from head " + head + " carries more than " + maxChainBytes + " bytes");
            (write ? writable : readable).add(resolve(addr, len, write, VirtqError.BUFFER_OUTSIDE_RAM, "buffer of descriptor " + i));
            if ((flags & VIRTQ_DESC_F_NEXT) == 0) break;
            if (next >= entries)
                throw breakWith(VirtqError.DESCRIPTOR_INDEX_OUT_OF_RANGE, "next " + next + " of descriptor " + i + " in a table of " + entries);
            i = next;
        }
        return new DescriptorChain(head, new GuestBuffers(bus, readable), new GuestBuffers(bus, writable));
    }

    /** Checks that {@code [gpa, gpa+len)} (unsigned 64-bit, from the guest) lies wholly in one RAM region. */
    private GuestBuffer resolve(long gpa, long len, boolean writable, VirtqError outside, String what) throws VirtqueueException {
        long end;
        try {
            end = Math.addExact(gpa, len);
        } catch (ArithmeticException e) {
            throw breakWith(VirtqError.BUFFER_WRAPS, what + " [0x" + Long.toHexString(gpa) + ", +0x" + Long.toHexString(len) + ")");
        }
        if (gpa < 0) {
            VirtqError e = Long.compareUnsigned(end, gpa) < 0 ? VirtqError.BUFFER_WRAPS : outside;
            throw breakWith(e, what + " at 0x" + Long.toUnsignedString(gpa, 16));
        }
        if (len > Integer.MAX_VALUE)
            throw breakWith(outside, what + " of 0x" + Long.toHexString(len) + " bytes");
        Region r;
        try {
            r = bus.memoryRegion(gpa, len);
        } catch (BusErrorException e) {
            throw breakWith(outside, what + ": " + e.getMessage());
        }
        if (writable && r.kind() != Region.Kind.RAM)
            throw breakWith(outside, what + " at 0x" + Long.toHexString(gpa) + " is in " + r.kind().name().toLowerCase() + " " + r.name());
        return new GuestBuffer(gpa, r.ram(), r.offsetInBlock() + (gpa - r.base()), (int) len);
    }

    private VirtqueueException breakWith(VirtqError e, String detail) {
        broken = true;
        return new VirtqueueException(e, "queue " + index + ": " + detail);
    }

    /** Returns a chain to the driver: one used element, then (after a release fence) the new used idx. */
    public synchronized void pushUsed(int head, long len) {
        if (!ready || used == null) return;
        long elem = used.offset + 4 + 8L * (usedIdx & (size - 1));
        used.ram.write32(elem, head);
        used.ram.write32(elem + 4, (int) len);
        usedIdx = (usedIdx + 1) & 0xffff;
        VarHandle.releaseFence();
        used.ram.write16(used.offset + 2, usedIdx);
        bus.notifyRamWritten(used.gpa + 2, 2);
        bus.notifyRamWritten(used.gpa + 4 + 8L * ((usedIdx - 1) & (size - 1)), 8);
    }

    /**
     * Whether the used buffers returned since the last call call for an interrupt: the driver's used_event
     * with VIRTIO_RING_F_EVENT_IDX (2.7.10), else VIRTQ_AVAIL_F_NO_INTERRUPT.
     */
    public synchronized boolean needsInterrupt() {
        if (!ready || avail == null) return false;
        VarHandle.fullFence();
        boolean need;
        if (eventIdx) {
            int usedEvent = avail.ram.read16(avail.offset + 4 + 2L * size);
            need = ((usedIdx - usedEvent - 1) & 0xffff) < ((usedIdx - signalledUsed) & 0xffff);
        } else {
            need = usedIdx != signalledUsed && (avail.ram.read16(avail.offset) & VIRTQ_AVAIL_F_NO_INTERRUPT) == 0;
        }
        signalledUsed = usedIdx;
        return need;
    }

    public synchronized void setFrozen(boolean f) { frozen = f; }

    /** The driver's ring addresses and both sides' indices (virtio 1.2, 2.7): what the rings in RAM need to go on. */
    public synchronized void saveState(java.io.DataOutput out) throws java.io.IOException {
        out.writeInt(size);
        out.writeLong(descAddr);
        out.writeLong(driverAddr);
        out.writeLong(deviceAddr);
        out.writeByte((ready ? 1 : 0) | (broken ? 2 : 0) | (eventIdx ? 4 : 0) | (indirect ? 8 : 0));
        out.writeShort(lastAvail);
        out.writeShort(usedIdx);
        out.writeShort(signalledUsed);
    }

    /** The rings are checked against guest RAM again, as when the driver enabled the queue. */
    public synchronized void loadState(java.io.DataInput in) throws java.io.IOException {
        reset();
        size = in.readInt();
        descAddr = in.readLong();
        driverAddr = in.readLong();
        deviceAddr = in.readLong();
        int flags = in.readUnsignedByte();
        int last = in.readUnsignedShort(), usedIndex = in.readUnsignedShort(), signalled = in.readUnsignedShort();
        if ((flags & 1) != 0) {
            try {
                enable();
            } catch (VirtqueueException e) {
                throw new armvmm.snapshot.SnapshotFormatException("virtqueue " + index + ": " + e.getMessage());
            }
        }
        broken = (flags & 2) != 0;
        eventIdx = (flags & 4) != 0;
        indirect = (flags & 8) != 0;
        lastAvail = last;
        usedIdx = usedIndex;
        signalledUsed = signalled;
    }
}
