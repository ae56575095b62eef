package armvmm.boards.common;

import armvmm.memory.RamBlock;
import java.util.function.Function;

/**
 * A read-only window of code the VMM provides in place of the board's firmware (vexpress: the secondary
 * CPUs' holding pen; virt: the stub that powers the secondary CPUs off until PSCI CPU_ON). Its contents are
 * built for the window; the guest cannot write them, so a reset needs no refill.
 */
public final class RomModel implements DeviceModel {
    private final String regionName;
    private final Function<MapWindow, RamBlock> contents;

    public RomModel(String regionName, Function<MapWindow, RamBlock> contents) {
        this.regionName = regionName;
        this.contents = contents;
    }

    @Override
    public void build(BoardWiring wiring, MapWindow window) {
        wiring.bus().mapRom(regionName, window.base(), contents.apply(window));
    }

    /** Nothing: it is code CPUs run, not a device the guest drives. */
    @Override
    public void writeNode(DeviceTreeWriter dt, MapWindow window) {}
}
