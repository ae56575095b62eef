package armvmm.boards.common;

import armvmm.devices.unimp.UnimplementedDevice;
import java.util.Locale;

/**
 * A window of the real board that is not modelled: it reads as zero (no PrimeCell ID, so Linux's AMBA
 * bus binds no driver should a user's tree list it) and logs what the guest touched. The generated tree
 * leaves it out, so its interrupts are wired to nothing.
 */
public final class UnimplementedModel implements DeviceModel {
    public static final UnimplementedModel INSTANCE = new UnimplementedModel();

    private UnimplementedModel() {}

    @Override
    public void build(BoardWiring wiring, MapWindow window) {
        wiring.map(window, new UnimplementedDevice(BoardWiring.deviceName(window.name().toLowerCase(Locale.ROOT), window)));
    }

    /** Nothing: a node would make the guest probe a device that is not there. */
    @Override
    public void writeNode(DeviceTreeWriter dt, MapWindow window) {}
}
