package armvmm.devices.virtio;

import static armvmm.devices.virtio.Virtqueue.*;
import static armvmm.devices.virtio.VirtioMmioRegister.*;
import static armvmm.devices.virtio.VirtioTestDriver.Buf.*;
import static org.junit.jupiter.api.Assertions.*;

import armvmm.memory.RamBlock;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A driver that breaks the split-virtqueue rules, one rule per test. Each must leave the device in
 * DEVICE_NEEDS_RESET with a configuration change interrupt, return nothing in the used ring, write nothing
 * outside the buffers it was given, and throw nothing out of the MMIO write that kicked it.
 */
class HostileVirtqueueTest {
    private static final long VERSION_1 = VirtioFeatures.bit(VirtioFeatures.VIRTIO_F_VERSION_1);
    private static final long INDIRECT = VirtioFeatures.bit(VirtioFeatures.VIRTIO_RING_F_INDIRECT_DESC);
    private static final long RAM_END = VirtioTestDriver.RAM_BASE + VirtioTestDriver.RAM_SIZE;

    /** Sets up a driver, lets {@code hostile} write rings, kicks queue 0 and checks the device refused. */
    private static VirtioTestDriver refuses(VirtqError why, long features, Consumer<VirtioTestDriver> hostile) {
        var dev = new RecordingDevice(INDIRECT | VirtioFeatures.bit(VirtioFeatures.VIRTIO_RING_F_EVENT_IDX), 1 << 20);
        var d = new VirtioTestDriver(dev).start(VERSION_1 | features, 16);
        hostile.accept(d);
        assertDoesNotThrow(() -> d.kick(0));
        assertTrue(d.needsReset(), "DEVICE_NEEDS_RESET");
        assertEquals(why, d.transport.needsResetReason());
        assertEquals(VirtioMmioTransport.VIRTIO_MMIO_INT_CONFIG, d.reg(INTERRUPT_STATUS) & VirtioMmioTransport.VIRTIO_MMIO_INT_CONFIG);
        assertTrue(d.irq.level());
        assertEquals(0, d.usedIdx(0), "nothing returned");
        assertTrue(dev.received.isEmpty(), "the device served nothing");
        return d;
    }

    private static VirtioTestDriver refuses(VirtqError why, Consumer<VirtioTestDriver> hostile) { return refuses(why, INDIRECT, hostile); }

    @Test
    void bufferOutsideGuestRam() {
        refuses(VirtqError.BUFFER_OUTSIDE_RAM, d -> d.chain(0, out(0x1000, 64))).close();
    }

    @Test
    void bufferRunningOffTheEndOfRamIsNotWrittenAtAll() {
        try (var d = refuses(VirtqError.BUFFER_OUTSIDE_RAM, h -> h.chain(0, out(RAM_END - 16, 32)))) {
            assertArrayEquals(new byte[16], d.get(RAM_END - 16, 16), "the part inside RAM is untouched too");
        }
    }

    @Test
    void bufferWrappingAroundTheAddressSpace() {
        refuses(VirtqError.BUFFER_WRAPS, d -> d.chain(0, out(0xFFFF_FFFF_FFFF_FFF0L, 0x20))).close();
        refuses(VirtqError.BUFFER_WRAPS, d -> d.chain(0, out(Long.MAX_VALUE - 8, 0x20))).close();
    }

    @Test
    void writableBufferInRom() {
        try (RamBlock rom = new RamBlock("rom", 1 << 16)) {
            refuses(VirtqError.BUFFER_OUTSIDE_RAM, d -> {
                d.bus.mapRom("rom", 0x1000_0000L, rom);
                d.chain(0, out(0x1000_0000L, 16));
            }).close();
        }
    }

    @Test
    void descriptorLoop() {
        refuses(VirtqError.CHAIN_TOO_LONG, d -> {
            long b = d.alloc(8);
            d.desc(d.descTable(0), 0, b, 8, VIRTQ_DESC_F_NEXT, 1);
            d.desc(d.descTable(0), 1, b, 8, VIRTQ_DESC_F_NEXT, 0);
            d.publish(0, 0);
        }).close();
    }

    @Test
    void selfLoopInAnIndirectTable() {
        refuses(VirtqError.CHAIN_TOO_LONG, d -> {
            long b = d.alloc(8), table = d.alloc(32);
            d.desc(table, 0, b, 8, VIRTQ_DESC_F_NEXT, 1);
            d.desc(table, 1, b, 8, VIRTQ_DESC_F_NEXT, 1);
            d.desc(d.descTable(0), 0, table, 32, VIRTQ_DESC_F_INDIRECT, 0);
            d.publish(0, 0);
        }).close();
    }

    @Test
    void nextIndexBeyondTheTable() {
        refuses(VirtqError.DESCRIPTOR_INDEX_OUT_OF_RANGE, d -> {
            d.desc(d.descTable(0), 0, d.alloc(8), 8, VIRTQ_DESC_F_NEXT, 16);
            d.publish(0, 0);
        }).close();
    }

    @Test
    void headIndexBeyondTheTable() {
        refuses(VirtqError.DESCRIPTOR_INDEX_OUT_OF_RANGE, d -> d.publish(0, 0xffff)).close();
    }

    @Test
    void nestedIndirectTable() {
        refuses(VirtqError.NESTED_INDIRECT, d -> {
            long inner = d.alloc(16), outer = d.alloc(16);
            d.desc(inner, 0, d.alloc(8), 8, VIRTQ_DESC_F_WRITE, 0);
            d.desc(outer, 0, inner, 16, VIRTQ_DESC_F_INDIRECT, 0);
            d.desc(d.descTable(0), 0, outer, 16, VIRTQ_DESC_F_INDIRECT, 0);
            d.publish(0, 0);
        }).close();
    }

    @Test
    void indirectDescriptorWithNext() {
        refuses(VirtqError.INDIRECT_WITH_NEXT, d -> {
            long table = d.alloc(16);
            d.desc(table, 0, d.alloc(8), 8, VIRTQ_DESC_F_WRITE, 0);
            d.desc(d.descTable(0), 0, table, 16, VIRTQ_DESC_F_INDIRECT | VIRTQ_DESC_F_NEXT, 1);
            d.desc(d.descTable(0), 1, d.alloc(8), 8, VIRTQ_DESC_F_WRITE, 0);
            d.publish(0, 0);
        }).close();
    }

    @Test
    void indirectTableLengthNotAMultipleOf16() {
        refuses(VirtqError.BAD_INDIRECT_LENGTH, d -> {
            long table = d.alloc(32);
            d.desc(table, 0, d.alloc(8), 8, VIRTQ_DESC_F_WRITE, 0);
            d.desc(d.descTable(0), 0, table, 24, VIRTQ_DESC_F_INDIRECT, 0);
            d.publish(0, 0);
        }).close();
        refuses(VirtqError.BAD_INDIRECT_LENGTH, d -> {
            d.desc(d.descTable(0), 0, d.alloc(16), 0, VIRTQ_DESC_F_INDIRECT, 0);
            d.publish(0, 0);
        }).close();
    }

    @Test
    void indirectTableLongerThanAnyChainMayBe() {
        refuses(VirtqError.BAD_INDIRECT_LENGTH, d -> {
            int n = Virtqueue.MAX_INDIRECT_ENTRIES + 1;
            long table = d.alloc(16 * n), b = d.alloc(8);
            for (int i = 0; i < n; i++) d.desc(table, i, b, 8, i + 1 < n ? VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE : VIRTQ_DESC_F_WRITE, i + 1);
            d.desc(d.descTable(0), 0, table, 16L * n, VIRTQ_DESC_F_INDIRECT, 0);
            d.publish(0, 0);
        }).close();
    }

    @Test
    void legacyQueuePlacedOutsideRamOrTooLarge() {
        try (var d = new VirtioTestDriver(new RecordingDevice(), VirtioMmioTransport.Version.LEGACY)) {
            d.reg(QUEUE_SEL, 0);
            d.reg(QUEUE_NUM, 16);
            assertDoesNotThrow(() -> d.reg(QUEUE_PFN, 0xFFFFF)); // 4 GiB - 4 KiB: nothing there
            assertEquals(VirtqError.RING_OUTSIDE_RAM, d.transport.needsResetReason());
        }
        try (var d = new VirtioTestDriver(new RecordingDevice(), VirtioMmioTransport.Version.LEGACY)) {
            d.reg(QUEUE_SEL, 0);
            d.reg(QUEUE_NUM, 65536);
            assertDoesNotThrow(() -> d.reg(QUEUE_PFN, VirtioTestDriver.RAM_BASE / 4096));
            assertEquals(VirtqError.BAD_QUEUE_SIZE, d.transport.needsResetReason());
        }
    }

    @Test
    void indirectTableOutsideRam() {
        refuses(VirtqError.BUFFER_OUTSIDE_RAM, d -> {
            d.desc(d.descTable(0), 0, RAM_END - 16, 32, VIRTQ_DESC_F_INDIRECT, 0);
            d.publish(0, 0);
        }).close();
    }

    @Test
    void indirectWithoutTheFeature() {
        refuses(VirtqError.INDIRECT_NOT_NEGOTIATED, 0, d -> d.indirectChain(0, out(d.alloc(8), 8))).close();
    }

    @Test
    void readableBufferAfterAWritableOne() {
        refuses(VirtqError.READABLE_AFTER_WRITABLE, d -> d.chain(0, out(d.alloc(8), 8), in(d.alloc(8), 8))).close();
    }

    @Test
    void chainCarryingMoreThanTheDeviceTakes() {
        // The recording device takes at most 1 MiB per chain; two buffers of 768 KiB each are inside RAM.
        refuses(VirtqError.CHAIN_TOO_LARGE, d -> d.chain(0, in(d.alloc(768 << 10), 768 << 10), in(d.alloc(768 << 10), 768 << 10))).close();
    }

    @Test
    void oversizedLengthOfOneDescriptor() {
        refuses(VirtqError.CHAIN_TOO_LARGE, d -> d.chain(0, out(d.alloc(8), 0xFFFF_FFFFL))).close();
    }

    @Test
    void availableIndexJumpingAheadByMoreThanTheQueueSize() {
        refuses(VirtqError.AVAIL_INDEX_JUMP, d -> {
            d.chain(0, out(d.alloc(8), 8));
            d.setAvailIdx(0, 17);
        }).close();
    }

    @Test
    void queueSizeNotAPowerOfTwoOrAboveMax() {
        for (int n : new int[] {3, 128, 0}) {
            try (var d = new VirtioTestDriver(new RecordingDevice())) {
                d.reg(STATUS, DeviceStatus.ACKNOWLEDGE | DeviceStatus.DRIVER);
                assertDoesNotThrow(() -> d.setupQueue(0, n));
                assertTrue(d.needsReset(), "QueueNum " + n);
                assertEquals(VirtqError.BAD_QUEUE_SIZE, d.transport.needsResetReason());
                assertEquals(0, d.reg(QUEUE_READY));
            }
        }
    }

    @Test
    void ringsOutsideRamOrMisaligned() {
        for (long descAddr : new long[] {0x1000, VirtioTestDriver.RAM_BASE + 8, RAM_END - 64}) {
            try (var d = new VirtioTestDriver(new RecordingDevice())) {
                d.reg(QUEUE_SEL, 0);
                d.reg(QUEUE_NUM, 16);
                d.reg(QUEUE_DESC_LOW, descAddr);
                d.reg(QUEUE_DRIVER_LOW, VirtioTestDriver.RAM_BASE + 0x4000);
                d.reg(QUEUE_DEVICE_LOW, VirtioTestDriver.RAM_BASE + 0x8000);
                assertDoesNotThrow(() -> d.reg(QUEUE_READY, 1));
                assertTrue(d.needsReset(), "descriptor table at 0x" + Long.toHexString(descAddr));
                assertEquals(VirtqError.RING_OUTSIDE_RAM, d.transport.needsResetReason());
            }
        }
    }

    @Test
    void aBrokenDeviceStaysQuietUntilResetThenWorksAgain() {
        try (var d = refuses(VirtqError.BUFFER_OUTSIDE_RAM, h -> h.chain(0, out(0x1000, 64)))) {
            d.chain(0, out(d.alloc(8), 8));
            d.kick(0);
            assertEquals(0, d.usedIdx(0), "no service while DEVICE_NEEDS_RESET");
            d.start(VERSION_1, 16);
            assertFalse(d.needsReset());
            d.chain(0, out(d.alloc(8), 8));
            d.kick(0);
            assertEquals(1, d.usedIdx(0));
        }
    }

    @Test
    void wellFormedIndirectAndMixedChainsAreServed() {
        var dev = new RecordingDevice();
        try (var d = new VirtioTestDriver(dev).start(VERSION_1 | INDIRECT, 16)) {
            long a = d.put(new byte[] {1, 2}), b = d.put(new byte[] {3}), w = d.alloc(5);
            int head = d.indirectChain(0, in(a, 2), in(b, 1), out(w, 5));
            d.kick(0);
            assertFalse(d.needsReset());
            assertEquals(new VirtioTestDriver.Used(head, 5), d.used(0, 0));
            assertArrayEquals(new byte[] {1, 2, 3}, dev.received.get(0));
            // A chain of exactly the queue size is legal.
            VirtioTestDriver.Buf[] sixteen = new VirtioTestDriver.Buf[16];
            for (int i = 0; i < 16; i++) sixteen[i] = out(d.alloc(1), 1);
            d.chain(0, sixteen);
            d.kick(0);
            assertEquals(new VirtioTestDriver.Used(1, 16), d.used(0, 1));
        }
    }
}
