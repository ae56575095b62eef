package armvmm.devices.virtio;

import static armvmm.devices.virtio.DeviceStatus.*;

import armvmm.bus.AccessSizes;
import armvmm.bus.AddressSpace;
import armvmm.bus.MmioDevice;
import armvmm.irq.IrqLine;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The virtio-mmio transport (virtio 1.x, 4.2): the register window a driver programs, feature negotiation,
 * the device status state machine, queue setup and the interrupt.
 *
 * <p>{@link Version#MODERN} is version 2 (virtio 1.x): 64-bit features with VIRTIO_F_VERSION_1 required,
 * FEATURES_OK, and the three ring addresses per queue. {@link Version#LEGACY} is version 1: 32-bit features,
 * no FEATURES_OK, and a queue placed by GuestPageSize, QueuePFN and QueueAlign in the legacy layout.
 *
 * <p>The interrupt line is level-triggered and high while InterruptStatus is non-zero. Registers are 32
 * bits wide; the configuration space from 0x100 also takes 8- and 16-bit accesses.
 */
public final class VirtioMmioTransport implements MmioDevice, armvmm.snapshot.Snapshottable {
    private static final Logger log = LoggerFactory.getLogger(VirtioMmioTransport.class);

    public enum Version {
        LEGACY(1), MODERN(2);

        public final int register;

        Version(int register) { this.register = register; }
    }

    /** InterruptStatus bits. */
    public static final int VIRTIO_MMIO_INT_VRING = 1;
    public static final int VIRTIO_MMIO_INT_CONFIG = 2;
    /** VendorID: none registered; QEMU reports "QEMU", we report "AVMM". */
    public static final int VENDOR_ID = 0x4d4d5641;

    private final String name;
    private final VirtioDevice device;
    private final AddressSpace bus;
    private final IrqLine irq;
    private final Version version;
    private final Virtqueue[] queues;
    private final Set<Long> reported = ConcurrentHashMap.newKeySet();

    // Driver-visible state, guarded by this.
    private int status;
    private long driverFeatures;
    private int deviceFeaturesSel, driverFeaturesSel, queueSel;
    private int guestPageSize = 4096, queueAlign;
    private int configGeneration;
    private VirtqError needsResetReason;
    /** A legacy driver used the device before DRIVER_OK and it was activated then (guarded by this). */
    private boolean legacyEarlyActive;

    private final Object irqLock = new Object();
    private int interruptStatus;

    private final DeviceContext context = new DeviceContext() {
        @Override
        public Virtqueue queue(int index) { return queues[index]; }

        @Override
        public long features() {
            synchronized (VirtioMmioTransport.this) { return driverFeatures; }
        }

        @Override
        public AddressSpace bus() { return bus; }

        @Override
        public void usedBuffers(Virtqueue q) {
            if (q.needsInterrupt()) raiseInterrupt(VIRTIO_MMIO_INT_VRING);
        }

        @Override
        public void needsReset(VirtqueueException e) { deviceNeedsReset(e); }

        @Override
        public void configChanged() {
            synchronized (VirtioMmioTransport.this) { configGeneration++; }
            raiseInterrupt(VIRTIO_MMIO_INT_CONFIG);
        }
    };

    public VirtioMmioTransport(String name, VirtioDevice device, AddressSpace bus, IrqLine irq, Version version) {
        this.name = name;
        this.device = device;
        this.bus = bus;
        this.irq = irq;
        this.version = version;
        this.queues = new Virtqueue[device.queueCount()];
        for (int i = 0; i < queues.length; i++)
            queues[i] = new Virtqueue(i, device.queueMaxSize(), device.maxChainBytes(i), bus);
        resetRegisters();
    }

    @Override
    public String name() { return name; }

    public VirtioDevice device() { return device; }

    public Version version() { return version; }

    @Override
    public AccessSizes accessSizes() { return AccessSizes.UP_TO_WORD; }

    @Override
    public String registerName(long offset) {
        if (offset >= VirtioMmioRegister.CONFIG) return "Config+0x" + Long.toHexString(offset - VirtioMmioRegister.CONFIG);
        VirtioMmioRegister r = VirtioMmioRegister.at(offset);
        return r == null ? null : r.specName;
    }

    /** The features this transport offers: the device's, plus VIRTIO_F_VERSION_1 (modern) or cut to 32 bits (legacy). */
    public long offeredFeatures() {
        long f = device.deviceFeatures();
        return version == Version.MODERN ? f | VirtioFeatures.bit(VirtioFeatures.VIRTIO_F_VERSION_1) : f & 0xffffffffL;
    }

    public synchronized int status() { return status; }

    /** Why the device last went to DEVICE_NEEDS_RESET (null when it has not since the last reset): for logs and tests. */
    public synchronized VirtqError needsResetReason() { return needsResetReason; }

    public int interruptStatus() {
        synchronized (irqLock) { return interruptStatus; }
    }

    @Override
    public long read(long offset, int size, int requester) {
        if (offset >= VirtioMmioRegister.CONFIG) return device.readConfig((int) (offset - VirtioMmioRegister.CONFIG), size);
        VirtioMmioRegister r = VirtioMmioRegister.at(offset);
        if (r == null || size != 4 || !existsInVersion(r)) {
            warnOnce(offset, "read", size, 0);
            return 0;
        }
        synchronized (this) {
            return switch (r) {
                case MAGIC_VALUE -> VirtioMmioRegister.MAGIC;
                case VERSION -> version.register;
                case DEVICE_ID -> device.deviceId();
                case VENDOR_ID -> VENDOR_ID;
                case DEVICE_FEATURES -> deviceFeaturesSel > 1 ? 0 : (offeredFeatures() >>> (32 * deviceFeaturesSel)) & 0xffffffffL;
                case QUEUE_NUM_MAX -> selected() == null ? 0 : selected().maxSize();
                case QUEUE_READY -> selected() != null && selected().ready() ? 1 : 0;
                case QUEUE_PFN -> selected() == null || !selected().ready() || guestPageSize == 0 ? 0 : selected().descAddr() / guestPageSize;
                case INTERRUPT_STATUS -> interruptStatus();
                case STATUS -> status;
                case CONFIG_GENERATION -> configGeneration;
                default -> {
                    warnOnce(offset, "read of write-only", size, 0);
                    yield 0;
                }
            } & 0xffffffffL;
        }
    }

    @Override
    public void write(long offset, int size, long value, int requester) {
        if (offset >= VirtioMmioRegister.CONFIG) {
            device.writeConfig((int) (offset - VirtioMmioRegister.CONFIG), size, (int) value);
            return;
        }
        VirtioMmioRegister r = VirtioMmioRegister.at(offset);
        if (r == null || size != 4 || !existsInVersion(r)) {
            warnOnce(offset, "write", size, value);
            return;
        }
        int v = (int) value;
        switch (r) {
            case QUEUE_NOTIFY -> notifyQueue(v);
            case INTERRUPT_ACK -> ackInterrupt(v);
            case STATUS -> writeStatus(v);
            default -> writeRegister(r, v);
        }
    }

    private boolean existsInVersion(VirtioMmioRegister r) {
        return switch (r) {
            case GUEST_PAGE_SIZE, QUEUE_ALIGN, QUEUE_PFN -> version == Version.LEGACY;
            case QUEUE_READY, QUEUE_DESC_LOW, QUEUE_DESC_HIGH, QUEUE_DRIVER_LOW, QUEUE_DRIVER_HIGH, QUEUE_DEVICE_LOW,
                 QUEUE_DEVICE_HIGH, CONFIG_GENERATION -> version == Version.MODERN;
            default -> true;
        };
    }

    private Virtqueue selected() {
        return queueSel >= 0 && queueSel < queues.length ? queues[queueSel] : null;
    }

    private synchronized void writeRegister(VirtioMmioRegister r, int v) {
        switch (r) {
            case DEVICE_FEATURES_SEL -> deviceFeaturesSel = v;
            case DRIVER_FEATURES_SEL -> driverFeaturesSel = v;
            case DRIVER_FEATURES -> {
                if ((status & (FEATURES_OK | DRIVER_OK)) != 0) {
                    warnOnce(r.offset, "DriverFeatures write after feature negotiation ended", 4, v);
                } else if (driverFeaturesSel == 0 || driverFeaturesSel == 1) {
                    int shift = 32 * driverFeaturesSel;
                    driverFeatures = (driverFeatures & ~(0xffffffffL << shift)) | ((v & 0xffffffffL) << shift);
                }
            }
            case GUEST_PAGE_SIZE -> guestPageSize = v;
            case QUEUE_SEL -> queueSel = v;
            case QUEUE_ALIGN -> queueAlign = v;
            default -> writeQueueRegister(r, v);
        }
    }

    /** QueueNum, QueueReady, the ring addresses and QueuePFN of the selected queue. */
    private void writeQueueRegister(VirtioMmioRegister r, int v) {
        Virtqueue q = selected();
        if (q == null) {
            warnOnce(r.offset, "write to " + r.specName + " of absent queue " + queueSel + ",", 4, v);
            return;
        }
        if (r != VirtioMmioRegister.QUEUE_READY && r != VirtioMmioRegister.QUEUE_PFN && q.ready()) {
            warnOnce(r.offset, r.specName + " write while queue " + queueSel + " is live,", 4, v);
            return;
        }
        long u = v & 0xffffffffL;
        switch (r) {
            case QUEUE_NUM -> q.setSize(v);
            case QUEUE_DESC_LOW -> q.setAddresses((q.descAddr() & ~0xffffffffL) | u, q.driverAddr(), q.deviceAddr());
            case QUEUE_DESC_HIGH -> q.setAddresses((q.descAddr() & 0xffffffffL) | u << 32, q.driverAddr(), q.deviceAddr());
            case QUEUE_DRIVER_LOW -> q.setAddresses(q.descAddr(), (q.driverAddr() & ~0xffffffffL) | u, q.deviceAddr());
            case QUEUE_DRIVER_HIGH -> q.setAddresses(q.descAddr(), (q.driverAddr() & 0xffffffffL) | u << 32, q.deviceAddr());
            case QUEUE_DEVICE_LOW -> q.setAddresses(q.descAddr(), q.driverAddr(), (q.deviceAddr() & ~0xffffffffL) | u);
            case QUEUE_DEVICE_HIGH -> q.setAddresses(q.descAddr(), q.driverAddr(), (q.deviceAddr() & 0xffffffffL) | u << 32);
            case QUEUE_READY -> {
                if (v == 0) q.disable();
                else enableQueue(q);
            }
            case QUEUE_PFN -> writeQueuePfn(q, u);
            default -> warnOnce(r.offset, "write to read-only " + r.specName, 4, v);
        }
    }

    /**
     * Legacy layout (virtio 0.9.5 / 1.x 2.7.2 legacy interfaces): descriptors at QueuePFN * GuestPageSize,
     * the available ring right after them, the used ring at the next QueueAlign boundary.
     */
    private void writeQueuePfn(Virtqueue q, long pfn) {
        if (pfn == 0) {
            q.disable();
            return;
        }
        if (guestPageSize <= 0 || Integer.bitCount(guestPageSize) != 1 || queueAlign <= 0 || Integer.bitCount(queueAlign) != 1) {
            deviceNeedsReset(new VirtqueueException(VirtqError.RING_OUTSIDE_RAM,
                    "queue " + q.index() + ": GuestPageSize " + guestPageSize + " / QueueAlign " + queueAlign + " not a power of two"));
            return;
        }
        int n = q.size();
        if (n <= 0 || n > q.maxSize()) {
            deviceNeedsReset(new VirtqueueException(VirtqError.BAD_QUEUE_SIZE, "queue " + q.index() + ": QueueNum " + n));
            return;
        }
        // pfn < 2^32, page size < 2^31, n <= 32768: no step can overflow a long.
        long desc = pfn * guestPageSize;
        long avail = desc + (long) n * Virtqueue.DESC_SIZE;
        long used = (avail + 6 + 2L * n + queueAlign - 1) & -(long) queueAlign;
        q.setAddresses(desc, avail, used);
        enableQueue(q);
    }

    private void enableQueue(Virtqueue q) {
        try {
            q.enable();
        } catch (VirtqueueException e) {
            deviceNeedsReset(e);
        }
    }

    private void writeStatus(int v) {
        if (v == 0) {
            deviceReset();
            return;
        }
        boolean activate = false;
        long features;
        synchronized (this) {
            int requested = v & DRIVER_BITS;
            if ((status & DRIVER_BITS & ~requested) != 0) {
                warnOnce(VirtioMmioRegister.STATUS.offset, "Status bits cleared without a reset (from 0x" + Integer.toHexString(status) + ")", 4, v);
                requested |= status & DRIVER_BITS;
            }
            int added = requested & ~status;
            if ((added & FEATURES_OK) != 0 && !featuresAcceptable()) requested &= ~FEATURES_OK;
            if ((added & DRIVER_OK) != 0) {
                if (version == Version.MODERN && (requested & FEATURES_OK) == 0) {
                    warnOnce(VirtioMmioRegister.STATUS.offset + 1, "DRIVER_OK without FEATURES_OK ignored", 4, v);
                    requested &= ~DRIVER_OK;
                } else {
                    if (version == Version.LEGACY) driverFeatures &= offeredFeatures();
                    activate = (status & DEVICE_NEEDS_RESET) == 0;
                }
            }
            status = (status & DEVICE_NEEDS_RESET) | requested;
            features = driverFeatures;
        }
        if (activate) {
            for (Virtqueue q : queues) q.setFeatures(features);
            device.activate(context);
        }
    }

    /** 2.2.1 and 6.1: the driver accepted only offered features, and a modern driver accepted VIRTIO_F_VERSION_1. */
    private boolean featuresAcceptable() {
        long extra = driverFeatures & ~offeredFeatures();
        if (extra != 0) {
            log.warn("{}: driver accepted features 0x{} that were not offered; FEATURES_OK refused", name, Long.toHexString(extra));
            return false;
        }
        if (version == Version.MODERN && !VirtioFeatures.has(driverFeatures, VirtioFeatures.VIRTIO_F_VERSION_1)) {
            log.warn("{}: driver did not accept VIRTIO_F_VERSION_1; FEATURES_OK refused", name);
            return false;
        }
        return true;
    }

    private void notifyQueue(int q) {
        boolean live, activateEarly = false;
        long features;
        synchronized (this) {
            live = (status & DRIVER_OK) != 0 && (status & DEVICE_NEEDS_RESET) == 0;
            // Virtio 1.2, 3.1.2 (legacy interface): "legacy driver implementations often used the device before
            // setting the DRIVER_OK bit", and so does kvm-unit-tests' driver, which never sets it; QEMU serves
            // them. A legacy transport's first notify before DRIVER_OK activates the device as DRIVER_OK would.
            if (!live && version == Version.LEGACY && (status & DEVICE_NEEDS_RESET) == 0 && q >= 0 && q < queues.length) {
                activateEarly = !legacyEarlyActive;
                legacyEarlyActive = true;
                live = true;
                driverFeatures &= offeredFeatures();
            }
            features = driverFeatures;
        }
        if (q < 0 || q >= queues.length) {
            warnOnce(VirtioMmioRegister.QUEUE_NOTIFY.offset, "QueueNotify of absent queue", 4, q);
            return;
        }
        if (activateEarly) {
            for (Virtqueue vq : queues) vq.setFeatures(features);
            device.activate(context);
        }
        if (live) device.queueNotify(q);
    }

    private void deviceNeedsReset(VirtqueueException e) {
        synchronized (this) {
            if ((status & DEVICE_NEEDS_RESET) != 0) return;
            status |= DEVICE_NEEDS_RESET;
            needsResetReason = e.error();
        }
        log.warn("{}: {}; DEVICE_NEEDS_RESET", name, e.getMessage());
        for (Virtqueue q : queues) q.halt();
        raiseInterrupt(VIRTIO_MMIO_INT_CONFIG);
    }

    private void raiseInterrupt(int bits) {
        synchronized (irqLock) {
            interruptStatus |= bits;
            irq.set(true);
        }
    }

    private void ackInterrupt(int bits) {
        synchronized (irqLock) {
            interruptStatus &= ~bits;
            irq.set(interruptStatus != 0);
        }
    }

    /**
     * A machine reset: the device reset, and GuestPageSize forgotten too. A legacy driver writes GuestPageSize
     * once when it probes, before its first device reset, so writing 0 to Status must keep it.
     */
    @Override
    public void reset() {
        deviceReset();
        synchronized (this) {
            guestPageSize = 4096;
        }
    }

    /** Writing 0 to Status: the device stops first, so no request completes into a queue being reset. */
    private void deviceReset() {
        for (Virtqueue q : queues) q.disable();
        device.reset();
        synchronized (this) {
            resetRegisters();
        }
        for (Virtqueue q : queues) q.reset();
        ackInterrupt(~0);
    }

    private void resetRegisters() {
        status = 0;
        legacyEarlyActive = false;
        needsResetReason = null;
        driverFeatures = 0;
        deviceFeaturesSel = driverFeaturesSel = queueSel = 0;
        queueAlign = 4096;
    }

    public void close() { device.close(); }

    // ---- snapshot: requests are drained (quiesce), not recorded, so a restored device has none in flight

    @Override
    public void quiesce() {
        for (Virtqueue q : queues) q.setFrozen(true);
        device.quiesce();
    }

    /** After the save: the queues run again, and whatever the driver posted meanwhile is served. */
    @Override
    public void resumeAfterSave() {
        for (Virtqueue q : queues) q.setFrozen(false);
        boolean live;
        synchronized (this) {
            live = (status & DEVICE_NEEDS_RESET) == 0 && ((status & DRIVER_OK) != 0 || legacyEarlyActive);
        }
        if (live) for (int q = 0; q < queues.length; q++) device.queueNotify(q);
    }

    @Override
    public void saveState(java.io.DataOutput out) throws java.io.IOException {
        synchronized (this) {
            out.writeInt(device.deviceId());
            out.writeByte(version.register);
            out.writeInt(status);
            out.writeLong(driverFeatures);
            out.writeInt(deviceFeaturesSel);
            out.writeInt(driverFeaturesSel);
            out.writeInt(queueSel);
            out.writeInt(guestPageSize);
            out.writeInt(queueAlign);
            out.writeInt(configGeneration);
            out.writeByte(needsResetReason == null ? 0xff : needsResetReason.ordinal());
            out.writeBoolean(legacyEarlyActive);
        }
        synchronized (irqLock) {
            out.writeInt(interruptStatus);
        }
        out.writeByte(queues.length);
        for (Virtqueue q : queues) q.saveState(out);
        device.saveState(out);
    }

    @Override
    public void loadState(java.io.DataInput in) throws java.io.IOException {
        int id = in.readInt(), ver = in.readUnsignedByte();
        if (id != device.deviceId() || ver != version.register)
            throw new armvmm.snapshot.SnapshotFormatException(name + ": the snapshot holds virtio device " + id + " (transport version " + ver
                    + ") here, this machine device " + device.deviceId() + " (version " + version.register + ")");
        boolean activate;
        long features;
        synchronized (this) {
            status = in.readInt() & 0xff;
            driverFeatures = in.readLong();
            deviceFeaturesSel = in.readInt();
            driverFeaturesSel = in.readInt();
            queueSel = in.readInt();
            guestPageSize = in.readInt();
            queueAlign = in.readInt();
            configGeneration = in.readInt();
            int reason = in.readUnsignedByte();
            VirtqError[] errors = VirtqError.values();
            if (reason != 0xff && reason >= errors.length)
                throw new armvmm.snapshot.SnapshotFormatException(name + ": unknown DEVICE_NEEDS_RESET reason " + reason);
            needsResetReason = reason == 0xff ? null : errors[reason];
            legacyEarlyActive = in.readBoolean();
            if ((driverFeatures & ~offeredFeatures()) != 0)
                throw new armvmm.snapshot.SnapshotFormatException(name + ": the snapshot's driver accepted features 0x"
                        + Long.toHexString(driverFeatures) + ", more than this device offers (0x" + Long.toHexString(offeredFeatures()) + ")");
            activate = (status & DEVICE_NEEDS_RESET) == 0 && ((status & DRIVER_OK) != 0 || legacyEarlyActive);
            features = driverFeatures;
        }
        int irqStatus = in.readInt() & (VIRTIO_MMIO_INT_VRING | VIRTIO_MMIO_INT_CONFIG);
        int n = in.readUnsignedByte();
        if (n != queues.length)
            throw new armvmm.snapshot.SnapshotFormatException(name + ": the snapshot has " + n + " queues, this device " + queues.length);
        for (Virtqueue q : queues) q.loadState(in);
        device.loadState(in);
        synchronized (irqLock) {
            interruptStatus = irqStatus;
            irq.set(interruptStatus != 0);
        }
        if (activate) {
            for (Virtqueue q : queues) q.setFeatures(features);
            device.activate(context);
        }
    }

    private void warnOnce(long offset, String what, int size, long value) {
        if (reported.add(offset << 8 | size))
            log.warn("{}: {} of {} bytes at offset 0x{} (value 0x{}) ignored (reported once)", name, what, size,
                    Long.toHexString(offset), Long.toHexString(value));
    }
}
