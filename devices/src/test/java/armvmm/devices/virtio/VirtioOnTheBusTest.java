package armvmm.devices.virtio;

import static org.junit.jupiter.api.Assertions.*;

import armvmm.bus.AddressSpace;
import armvmm.bus.BusErrorException;
import armvmm.bus.BusMaster;
import armvmm.irq.LevelLatch;
import armvmm.machine.MachineConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The transports as a board maps them: reached through the physical bus, with the bus's access-size rules. */
class VirtioOnTheBusTest {
    private static final long BASE = 0x1c13_0000L;

    @Test
    void registersThroughTheBusAndBadSizesAreBusErrors() {
        var cfg = new MachineConfig("vexpress-a15", 1, 256 << 20, null, null, null, null, "none", true,
                List.of(), List.of(), List.of(Map.of("type", "virtio-rng"), Map.of("type", "virtio-rng", "legacy", "on")), "serial");
        AddressSpace bus = new AddressSpace();
        var irqs = List.of(new LevelLatch(), new LevelLatch());
        var ts = VirtioBoardDevices.build(cfg, bus, BASE, 4, irqs::get, null);
        try {
            for (int i = 0; i < ts.size(); i++) bus.mapMmio(BASE + VirtioBoardDevices.SLOT_SIZE * i, VirtioBoardDevices.SLOT_SIZE, ts.get(i));
            BusMaster cpu = BusMaster.DMA_MASTER;
            assertEquals(VirtioMmioRegister.MAGIC, (int) bus.read(BASE, 4, cpu));
            assertEquals(2, bus.read(BASE + VirtioMmioRegister.VERSION.offset, 4, cpu));
            assertEquals(1, bus.read(BASE + 0x200 + VirtioMmioRegister.VERSION.offset, 4, cpu), "the second slot is the legacy one");
            assertEquals(4, bus.read(BASE + 0x200 + VirtioMmioRegister.DEVICE_ID.offset, 4, cpu));
            var e = assertThrows(BusErrorException.class, () -> bus.read(BASE, 8, cpu));
            assertEquals(BusErrorException.Kind.BAD_SIZE, e.kind());
            assertEquals(0, bus.read(BASE + 0x1fc, 4, cpu), "the end of the window reads as an unknown register");
            assertThrows(BusErrorException.class, () -> bus.read(BASE + 0x400, 4, cpu), "nothing in the third slot");
        } finally {
            ts.forEach(VirtioMmioTransport::close);
        }
    }
}
