package armvmm.boards.common;

import armvmm.memory.RamBlock;

/**
 * The board's RAM window: the first --memory bytes of it are RAM (the loader has checked they fit), the
 * rest is left unmapped.
 */
public final class RamModel implements DeviceModel {
    private final String regionName;

    /** {@code regionName} names the RAM block and its bus region (e.g. vexpress.dram). */
    public RamModel(String regionName) { this.regionName = regionName; }

    @Override
    public void build(BoardWiring wiring, MapWindow window) {
        wiring.bus().mapRam(regionName, window.base(), new RamBlock(regionName, wiring.config().memoryBytes()));
    }

    /**
     * Nothing: the memory node belongs to the tree's skeleton ({@link #writeMemoryNode}) and its reg to
     * the run ({@link GuestTreePatch}), since a user's tree gets the same reg.
     */
    @Override
    public void writeNode(DeviceTreeWriter dt, MapWindow window) {}

    /** The memory node at the window's base, its reg left to {@link GuestTreePatch}. */
    public static void writeMemoryNode(DeviceTreeWriter dt, MapWindow window) {
        dt.root().addChild(new armvmm.fdt.FdtNode(DeviceTreeWriter.unitName("memory", window.base()))).setString("device_type", "memory");
    }
}
