package armvmm.boards.vexpress;

import armvmm.chardev.CharBackend;
import armvmm.devices.virtio.VirtioBoardDevices;
import armvmm.devices.virtio.VirtioMmioTransport;
import armvmm.irq.InterruptController;
import armvmm.machine.Machine;
import armvmm.error.VmmException;
import java.util.List;

/**
 * The virtio-mmio transports of the {@link VexpressMap#VIRTIO} window: one per {@link VirtioSlot}, at
 * the slot's base, raising the slot's SPI. A virtio console takes the --serial backend (UART0 is then
 * left unconnected, see {@link VexpressDevices}). The machine resets each transport with the rest of the
 * bus and closes its host resources (image file, socket, TAP device) at shutdown.
 */
public final class VexpressVirtio {
    private VexpressVirtio() {}

    /** Whether the slots include a virtio console, which then owns the --serial backend. */
    public static boolean hasConsole(List<VirtioSlot> slots) {
        long consoles = slots.stream().filter(s -> s.kind() == VirtioSlot.Kind.CONSOLE).count();
        if (consoles > 1)
            throw new VmmException("only one virtio console on vexpress-a15: it takes the --serial backend (" + consoles + " requested)");
        return consoles == 1;
    }

    public static void build(Machine machine, InterruptController ic, List<VirtioSlot> slots, CharBackend serial) {
        for (VirtioSlot slot : slots) {
            VirtioMmioTransport t = VirtioBoardDevices.transport(slot.kind().deviceName, slot.options(),
                    String.format("%s@%x", slot.kind().deviceName, slot.base()), machine.bus(), ic.spi(slot.intid()),
                    slot.kind() == VirtioSlot.Kind.CONSOLE ? serial : null);
            // Registered before mapping: should mapping fail, the opened image or socket is still closed.
            machine.onShutdown(t::close);
            machine.bus().mapMmio(slot.base(), slot.size(), t);
        }
    }
}
