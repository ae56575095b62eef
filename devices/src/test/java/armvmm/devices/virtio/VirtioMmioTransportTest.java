package armvmm.devices.virtio;

import static armvmm.devices.virtio.VirtioMmioRegister.*;
import static armvmm.devices.virtio.VirtioTestDriver.Buf.*;
import static org.junit.jupiter.api.Assertions.*;

import armvmm.devices.virtio.VirtioMmioTransport.Version;
import org.junit.jupiter.api.Test;

class VirtioMmioTransportTest {
    private static final long VERSION_1 = VirtioFeatures.bit(VirtioFeatures.VIRTIO_F_VERSION_1);

    @Test
    void identifiesAsVirtioMmioVersion2Or1() {
        try (var modern = new VirtioTestDriver(new RecordingDevice()); var legacy = new VirtioTestDriver(new RecordingDevice(), Version.LEGACY)) {
            assertEquals(0x74726976, modern.reg(MAGIC_VALUE));
            assertEquals(2, modern.reg(VERSION));
            assertEquals(1, legacy.reg(VERSION));
            assertEquals(0x7e, modern.reg(DEVICE_ID));
            assertEquals(VirtioMmioTransport.VENDOR_ID, modern.reg(VENDOR_ID));
            modern.reg(QUEUE_SEL, 1);
            assertEquals(64, modern.reg(QUEUE_NUM_MAX));
            modern.reg(QUEUE_SEL, 2);
            assertEquals(0, modern.reg(QUEUE_NUM_MAX), "an absent queue has QueueNumMax 0");
        }
    }

    @Test
    void modernOffersVersion1AndLegacyOnly32Bits() {
        try (var modern = new VirtioTestDriver(new RecordingDevice()); var legacy = new VirtioTestDriver(new RecordingDevice(), Version.LEGACY)) {
            assertNotEquals(0, modern.deviceFeatures() & VERSION_1);
            assertEquals(0, legacy.deviceFeatures() >>> 32);
            assertNotEquals(0, legacy.deviceFeatures() & VirtioFeatures.bit(VirtioFeatures.VIRTIO_RING_F_EVENT_IDX));
        }
    }

    @Test
    void featuresOkIsRefusedWithoutVersion1OrWithUnofferedBits() {
        try (var d = new VirtioTestDriver(new RecordingDevice())) {
            assertThrows(IllegalStateException.class, () -> d.start(0, 16), "VIRTIO_F_VERSION_1 not accepted");
            assertThrows(IllegalStateException.class, () -> d.start(VERSION_1 | 1, 16), "bit 0 was never offered");
            d.start(VERSION_1, 16);
            assertEquals(DeviceStatus.ACKNOWLEDGE | DeviceStatus.DRIVER | DeviceStatus.FEATURES_OK | DeviceStatus.DRIVER_OK, d.reg(STATUS));
        }
    }

    @Test
    void driverOkWithoutFeaturesOkDoesNotStartAModernDevice() {
        try (var d = new VirtioTestDriver(new RecordingDevice())) {
            d.reg(STATUS, DeviceStatus.ACKNOWLEDGE | DeviceStatus.DRIVER);
            d.setupQueue(0, 16);
            d.reg(STATUS, DeviceStatus.ACKNOWLEDGE | DeviceStatus.DRIVER | DeviceStatus.DRIVER_OK);
            assertEquals(0, d.reg(STATUS) & DeviceStatus.DRIVER_OK);
            d.chain(0, out(d.alloc(8), 8));
            d.kick(0);
            assertEquals(0, d.usedIdx(0), "a kick before DRIVER_OK is not served");
        }
    }

    @Test
    void usedBufferRaisesTheLevelInterruptUntilAcknowledged() {
        var dev = new RecordingDevice();
        try (var d = new VirtioTestDriver(dev).start(VERSION_1, 16)) {
            long in = d.put(new byte[] {1, 2, 3}), out = d.alloc(4);
            int head = d.chain(0, in(in, 3), out(out, 4));
            assertFalse(d.irq.level());
            d.kick(0);
            assertEquals(1, d.usedIdx(0));
            assertEquals(new VirtioTestDriver.Used(head, 4), d.used(0, 0));
            assertArrayEquals(new byte[] {1, 2, 3}, dev.received.get(0));
            assertArrayEquals(new byte[] {(byte) 0xAB, (byte) 0xAB, (byte) 0xAB, (byte) 0xAB}, d.get(out, 4));
            assertTrue(d.irq.level());
            assertEquals(VirtioMmioTransport.VIRTIO_MMIO_INT_VRING, d.reg(INTERRUPT_STATUS));
            d.reg(INTERRUPT_ACK, VirtioMmioTransport.VIRTIO_MMIO_INT_VRING);
            assertFalse(d.irq.level());
            assertEquals(0, d.reg(INTERRUPT_STATUS));
        }
    }

    @Test
    void noInterruptFlagSuppressesTheInterruptWithoutEventIdx() {
        try (var d = new VirtioTestDriver(new RecordingDevice()).start(VERSION_1, 16)) {
            d.write16(d.availRing(0), Virtqueue.VIRTQ_AVAIL_F_NO_INTERRUPT);
            d.chain(0, out(d.alloc(4), 4));
            d.kick(0);
            assertEquals(1, d.usedIdx(0));
            assertFalse(d.irq.level());
        }
    }

    @Test
    void eventIdxInterruptsOnlyWhenUsedEventIsCrossedAndPublishesAvailEvent() {
        long eventIdx = VirtioFeatures.bit(VirtioFeatures.VIRTIO_RING_F_EVENT_IDX);
        try (var d = new VirtioTestDriver(new RecordingDevice()).start(VERSION_1 | eventIdx, 16)) {
            long usedEvent = d.availRing(0) + 4 + 2 * 16;
            d.write16(usedEvent, 1); // interrupt once used idx passes 1, i.e. at the second buffer
            d.chain(0, out(d.alloc(4), 4));
            d.kick(0);
            assertEquals(1, d.usedIdx(0));
            assertFalse(d.irq.level(), "used idx 1 has not passed used_event 1");
            assertEquals(1, d.read16(d.usedRing(0) + 4 + 8 * 16), "avail_event: the device has seen one buffer");
            d.chain(0, out(d.alloc(4), 4));
            d.kick(0);
            assertTrue(d.irq.level());
        }
    }

    /**
     * avail_event is guest RAM the device writes like any other: the bus must hear of it, or TCG keeps running
     * code decoded from those bytes before (ICIALLU is a no-op there; guests/hostile's avail_event case).
     */
    @Test
    void availEventWriteOnAnEmptyRingIsReportedToTheBus() {
        long eventIdx = VirtioFeatures.bit(VirtioFeatures.VIRTIO_RING_F_EVENT_IDX);
        try (var d = new VirtioTestDriver(new RecordingDevice()).start(VERSION_1 | eventIdx, 16)) {
            long availEvent = d.usedRing(0) + 4 + 8 * 16;
            d.chain(0, out(d.alloc(4), 4));
            d.kick(0);
            java.util.List<long[]> written = new java.util.concurrent.CopyOnWriteArrayList<>();
            d.bus.addRamWriteListener((pa, len) -> written.add(new long[] {pa, len}));
            d.write16(availEvent, 0x7777);
            d.kick(0); // nothing new: the device only publishes avail_event
            assertEquals(1, d.read16(availEvent));
            assertTrue(written.stream().anyMatch(w -> w[0] <= availEvent && availEvent + 2 <= w[0] + w[1]),
                    "the avail_event write was reported to the bus");
        }
    }

    @Test
    void legacyQueueIsPlacedByPfnAndAlign() {
        var dev = new RecordingDevice();
        try (var d = new VirtioTestDriver(dev, Version.LEGACY).start(0, 16)) {
            d.reg(QUEUE_SEL, 0);
            assertEquals((int) (VirtioTestDriver.RAM_BASE / 4096), d.reg(QUEUE_PFN));
            long out = d.alloc(2);
            int head = d.chain(0, in(d.put(new byte[] {9}), 1), out(out, 2));
            d.kick(0);
            assertEquals(new VirtioTestDriver.Used(head, 2), d.used(0, 0));
            assertEquals(0xAB, d.read8(out + 1));
        }
    }

    /**
     * Virtio 1.2, 3.1.2: legacy drivers often used the device before DRIVER_OK; kvm-unit-tests' never sets any
     * status bit. A legacy transport serves such a kick; a modern one does not (driverOkWithoutFeaturesOk...).
     */
    @Test
    void aLegacyDriverThatNeverSetsDriverOkIsServed() {
        var dev = new RecordingDevice();
        try (var d = new VirtioTestDriver(dev, Version.LEGACY)) {
            d.reg(GUEST_PAGE_SIZE, 4096);
            d.setupQueue(0, 16);
            long out = d.alloc(2);
            int head = d.chain(0, in(d.put(new byte[] {9}), 1), out(out, 2));
            d.kick(0);
            assertEquals(new VirtioTestDriver.Used(head, 2), d.used(0, 0));
            assertEquals(0, d.reg(STATUS), "the transport does not set status bits for the driver");
            d.reg(STATUS, 0);
            d.chain(0, in(d.put(new byte[] {9}), 1), out(d.alloc(2), 2));
            assertEquals(1, d.usedIdx(0), "after a reset nothing is served before the next kick");
        }
    }

    @Test
    void legacyGuestPageSizeSurvivesTheDriversDeviceReset() {
        // Linux's legacy probe writes GuestPageSize once, then resets the device through Status.
        try (var d = new VirtioTestDriver(new RecordingDevice(), Version.LEGACY)) {
            d.reg(GUEST_PAGE_SIZE, 1024);
            d.reg(STATUS, 0);
            d.reg(STATUS, DeviceStatus.ACKNOWLEDGE | DeviceStatus.DRIVER);
            d.reg(QUEUE_SEL, 0);
            d.reg(QUEUE_NUM, 16);
            d.reg(QUEUE_ALIGN, 4096);
            d.reg(QUEUE_PFN, (VirtioTestDriver.RAM_BASE + 0x3000) / 1024);
            assertFalse(d.needsReset());
            assertEquals((int) ((VirtioTestDriver.RAM_BASE + 0x3000) / 1024), d.reg(QUEUE_PFN), "QueuePFN reads back in units of 1 KiB");
        }
    }

    @Test
    void writingZeroToStatusResetsEverything() {
        try (var d = new VirtioTestDriver(new RecordingDevice()).start(VERSION_1, 16)) {
            d.chain(0, out(d.alloc(4), 4));
            d.kick(0);
            assertTrue(d.irq.level());
            d.reg(STATUS, 0);
            assertEquals(0, d.reg(STATUS));
            assertEquals(0, d.reg(INTERRUPT_STATUS));
            assertFalse(d.irq.level());
            d.reg(QUEUE_SEL, 0);
            assertEquals(0, d.reg(QUEUE_READY));
            d.start(VERSION_1, 16);
            d.chain(0, out(d.alloc(4), 4));
            d.kick(0);
            assertEquals(1, d.usedIdx(0), "a fresh queue after reset starts again at used idx 0");
        }
    }

    @Test
    void configSpaceAndGeneration() {
        var dev = new RecordingDevice();
        try (var d = new VirtioTestDriver(dev).start(VERSION_1, 16)) {
            assertEquals(0x12345678, d.transport.read(CONFIG, 4, 0));
            assertEquals(0x34, d.transport.read(CONFIG + 2, 1, 0), "little-endian");
            assertEquals(0, d.transport.read(CONFIG + 0x40, 4, 0), "past the config space reads as zero");
            int gen = d.reg(CONFIG_GENERATION);
            dev.changeConfig(7);
            assertNotEquals(gen, d.reg(CONFIG_GENERATION));
            assertEquals(VirtioMmioTransport.VIRTIO_MMIO_INT_CONFIG, d.reg(INTERRUPT_STATUS));
            assertEquals(7, d.transport.read(CONFIG, 4, 0));
        }
    }

    @Test
    void unknownRegistersAndBadSizesAreIgnored() {
        try (var d = new VirtioTestDriver(new RecordingDevice())) {
            assertEquals(0, d.transport.read(0x0e8, 4, 0));
            assertEquals(0, d.transport.read(MAGIC_VALUE.offset, 2, 0), "registers are 32-bit only");
            d.transport.write(0x0e8, 4, 1, 0);
            assertEquals(0, d.transport.read(QUEUE_PFN.offset, 4, 0), "QueuePFN does not exist in version 2");
            d.reg(QUEUE_SEL, 0x7fff_ffff);
            d.reg(QUEUE_NUM, 8);
            d.reg(QUEUE_READY, 1);
            d.reg(QUEUE_NOTIFY, 99);
            d.reg(DRIVER_FEATURES_SEL, 5);
            d.reg(DRIVER_FEATURES, -1);
            d.transport.write(CONFIG + 2, 2, 0xffff, 0);
            assertFalse(d.needsReset(), "ignored, not fatal");
            assertEquals(0x12345678, d.transport.read(CONFIG, 4, 0), "the config space is read-only");
            assertEquals("QueueNumMax", d.transport.registerName(QUEUE_NUM_MAX.offset));
            assertEquals("InterruptACK", d.transport.registerName(INTERRUPT_ACK.offset));
            assertEquals("Config+0x8", d.transport.registerName(CONFIG + 8));
        }
    }

    @Test
    void queueRegistersOfALiveQueueCannotBeMoved() {
        try (var d = new VirtioTestDriver(new RecordingDevice()).start(VERSION_1, 16)) {
            d.reg(QUEUE_SEL, 0);
            d.reg(QUEUE_DESC_LOW, 0x1000);
            d.chain(0, out(d.alloc(4), 4));
            d.kick(0);
            assertEquals(1, d.usedIdx(0));
            assertFalse(d.needsReset());
        }
    }
}
