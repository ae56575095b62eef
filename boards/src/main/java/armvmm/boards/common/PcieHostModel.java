package armvmm.boards.common;

import armvmm.devices.pci.PciEcamHost;
import armvmm.devices.pci.PciTestDev;
import armvmm.error.VmmException;
import armvmm.fdt.FdtNode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A generic PCIe host's three windows (configuration space, memory, I/O) and the functions the user adds
 * with {@code --device}. The board creates the host from its three windows at once ({@link #create}),
 * since one host decodes all of them, and writes its one node ({@link #writeNode}); the loop over the
 * table does nothing for these windows.
 */
public final class PcieHostModel implements DeviceModel {
    public static final PcieHostModel ECAM = new PcieHostModel(), MEMORY = new PcieHostModel(), IO = new PcieHostModel();

    /** The --device types that become PCI functions on this host. */
    public static final Set<String> DEVICE_TYPES = Set.of("pci-testdev");
    private static final Set<String> TESTDEV_KEYS = Set.of("type", "id");

    /** phys.hi of a range in the PCI bus binding (IEEE 1275 PCI, 2.2.1.1): space code 01 I/O, 10 32-bit memory. */
    private static final int RANGE_IO = 0x0100_0000, RANGE_MEMORY_32 = 0x0200_0000;

    private PcieHostModel() {}

    /** Nothing: see {@link #create}. */
    @Override
    public void build(BoardWiring wiring, MapWindow window) {}

    /** Nothing: see {@link #writeNode(DeviceTreeWriter, MapWindow, MapWindow, MapWindow)}. */
    @Override
    public void writeNode(DeviceTreeWriter dt, MapWindow window) {}

    /**
     * The host mapped at its windows, with a function for every --device of {@link #DEVICE_TYPES} in
     * command-line order (device 1, 2, ...; device 0 is the host bridge).
     */
    public static PciEcamHost create(BoardWiring wiring, MapWindow ecam, MapWindow memory, MapWindow io) {
        PciEcamHost host = new PciEcamHost(BoardWiring.deviceName("pcie", ecam));
        for (Map<String, String> d : wiring.config().devices()) {
            String type = d.getOrDefault("type", "");
            if (!DEVICE_TYPES.contains(type)) continue;
            for (String k : d.keySet())
                if (!TESTDEV_KEYS.contains(k)) throw new VmmException("--device " + type + ": unknown option " + k + "= (it takes id=)");
            int number = host.plug(new PciTestDev(type + "@" + host.ecam().name()));
            if (number < 0) throw new VmmException("--device " + type + ": no free device number on PCI bus 0");
        }
        wiring.map(ecam, host.ecam());
        wiring.map(memory, host.memoryWindow(memory.base()));
        wiring.map(io, host.ioWindow());
        return host;
    }

    /**
     * The pci-host-ecam-generic node (Linux's pci/host-generic-pci.yaml): reg the ECAM window, as many
     * buses as it holds, and ranges mapping PCI I/O 0 to the I/O window and PCI memory one to one onto
     * the memory window. No interrupt-map and no msi-map: no function here raises an interrupt.
     */
    public static FdtNode writeNode(DeviceTreeWriter dt, MapWindow ecam, MapWindow memory, MapWindow io) {
        FdtNode n = dt.root().addChild(new FdtNode(DeviceTreeWriter.unitName("pcie", ecam.base())));
        int[] ranges = DeviceTreeWriter.concat(range(dt, RANGE_IO, 0, io), range(dt, RANGE_MEMORY_32, memory.base(), memory));
        return n.setString("compatible", "pci-host-ecam-generic")
                .setString("device_type", "pci")
                .setCells("#address-cells", 3)
                .setCells("#size-cells", 2)
                .setCells("reg", dt.reg(ecam))
                .setCells("bus-range", 0, (int) (ecam.size() >>> PciEcamHost.BUS_SHIFT) - 1)
                .setCells("ranges", ranges)
                .setU32("linux,pci-domain", 0)
                .setEmpty("dma-coherent");
    }

    /** One entry of ranges: the PCI address (3 cells), the CPU address (the root's cells), the size (2 cells). */
    private static int[] range(DeviceTreeWriter dt, int space, long pciAddress, MapWindow window) {
        int[] child = {space, (int) (pciAddress >>> 32), (int) pciAddress};
        int[] parent = DeviceTreeWriter.encode(window.base(), dt.addressCells(), window.name() + " base");
        return DeviceTreeWriter.concat(DeviceTreeWriter.concat(child, parent), DeviceTreeWriter.encode(window.size(), 2, window.name() + " size"));
    }

    /** The types the host takes, for a board's list of --device types. */
    public static List<String> deviceTypes() { return DEVICE_TYPES.stream().sorted().toList(); }
}
