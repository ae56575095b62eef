package armvmm.boards.common;

import armvmm.devices.virtio.VirtioBoardDevices;
import armvmm.devices.virtio.VirtioMmioTransport;
import armvmm.fdt.FdtNode;
import java.util.List;

/**
 * A window of virtio-mmio transport slots ({@link VirtioSlot}): a transport is created only for a device
 * the user asked for, so that the guest probes no empty slots. The transport nodes are the run's, not
 * the board's: {@link GuestTreePatch} writes them into any tree, the board's or a --dtb.
 */
public final class VirtioMmioModel implements DeviceModel {
    public static final VirtioMmioModel INSTANCE = new VirtioMmioModel();

    private VirtioMmioModel() {}

    /**
     * One transport per slot of this window, raising the slot's SPI; a virtio console gets the --serial
     * backend. The machine resets each transport with the rest of the bus and closes its host resources
     * (image file, socket, TAP device) at shutdown.
     */
    @Override
    public void build(BoardWiring wiring, MapWindow window) {
        for (VirtioSlot slot : wiring.virtioSlots()) {
            if (slot.window() != window) continue;
            VirtioMmioTransport t = VirtioBoardDevices.transport(slot.kind().deviceName, slot.options(),
                    DeviceTreeWriter.unitName(slot.kind().deviceName, slot.base()), wiring.bus(), wiring.interruptController().spi(slot.intid()),
                    slot.kind() == VirtioSlot.Kind.CONSOLE ? wiring.virtioConsoleBackend(slot) : null);
            // Registered before mapping: should mapping fail, the opened image or socket is still closed.
            wiring.machine().onShutdown(t::close);
            wiring.bus().mapMmio(slot.base(), slot.size(), t);
        }
    }

    /** Nothing: see {@link #writeTransportNodes}. */
    @Override
    public void writeNode(DeviceTreeWriter dt, MapWindow window) {}

    /**
     * A "virtio,mmio" node (Linux's virtio/mmio.yaml) per slot at the root of {@code root}'s tree, replacing
     * a node of the same name; {@code interruptParent} (the GIC's phandle) is set on each when known, since
     * a user's tree may not make the GIC the root's interrupt parent.
     */
    public static void writeTransportNodes(FdtNode root, int addressCells, int sizeCells, List<VirtioSlot> slots, Integer interruptParent) {
        for (VirtioSlot s : slots) {
            String name = DeviceTreeWriter.unitName("virtio_mmio", s.base());
            root.removeChild(name);
            FdtNode v = root.addChild(new FdtNode(name));
            v.setString("compatible", "virtio,mmio")
                    .setCells("reg", DeviceTreeWriter.concat(DeviceTreeWriter.encode(s.base(), addressCells, "virtio base"),
                            DeviceTreeWriter.encode(s.size(), sizeCells, "virtio size")))
                    .setCells("interrupts", DeviceTreeWriter.spiInterrupts(s.spi()));
            if (interruptParent != null) v.setU32("interrupt-parent", interruptParent);
        }
    }
}
