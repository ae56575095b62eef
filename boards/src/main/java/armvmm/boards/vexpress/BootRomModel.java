package armvmm.boards.vexpress;

import armvmm.boards.common.BoardWiring;
import armvmm.boards.common.DeviceModel;
import armvmm.boards.common.DeviceTreeWriter;
import armvmm.boards.common.MapWindow;

/** The boot ROM window: {@link SecondaryBootRom}'s holding pen, read-only. */
final class BootRomModel implements DeviceModel {
    static final BootRomModel INSTANCE = new BootRomModel();

    private BootRomModel() {}

    @Override
    public void build(BoardWiring wiring, MapWindow window) {
        wiring.bus().mapRom("vexpress.boot-rom", window.base(), SecondaryBootRom.build());
    }

    /** Nothing: the pen is code the secondary CPUs run, not a device the guest drives. */
    @Override
    public void writeNode(DeviceTreeWriter dt, MapWindow window) {}
}
