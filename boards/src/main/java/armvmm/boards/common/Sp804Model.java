package armvmm.boards.common;

import armvmm.devices.timer.Sp804;

/**
 * An ARM SP804 dual timer, both counters on one interrupt (arm,sp804 binding: clocks "timclken1",
 * "timclken2", "apb_pclk"). The counters count at {@link Sp804#VEXPRESS_TIMCLK_HZ} (1 MHz): the board must
 * feed timclken1 and timclken2 a 1 MHz clock, or the guest's idea of the timer rate is wrong.
 */
public final class Sp804Model implements DeviceModel {
    public static final Sp804Model INSTANCE = new Sp804Model();

    private Sp804Model() {}

    @Override
    public void build(BoardWiring wiring, MapWindow window) {
        wiring.map(window, new Sp804(BoardWiring.deviceName("sp804", window), wiring.machine().clock(), wiring.spi(window, 0)));
    }

    @Override
    public void writeNode(DeviceTreeWriter dt, MapWindow window) {
        dt.clocks(dt.primecell("timer", window, "arm,sp804"), "timclken1", "timclken2", "apb_pclk");
    }
}
