package armvmm.boards.common;

import armvmm.devices.sysctl.Sp810;

/**
 * An ARM SP810 system controller (arm,sp810 binding: clocks "refclk", "timclk", "apb_pclk"; a clock
 * provider of the four timer clock enables). It raises no interrupt.
 */
public final class Sp810Model implements DeviceModel {
    public static final Sp810Model INSTANCE = new Sp810Model();

    private Sp810Model() {}

    @Override
    public void build(BoardWiring wiring, MapWindow window) {
        wiring.map(window, new Sp810(BoardWiring.deviceName("sp810", window)));
    }

    @Override
    public void writeNode(DeviceTreeWriter dt, MapWindow window) {
        dt.clocks(dt.primecell("sysctl", window, "arm,sp810"), "refclk", "timclk", "apb_pclk")
                .setCells("#clock-cells", 1)
                .setStrings("clock-output-names", "timerclken0", "timerclken1", "timerclken2", "timerclken3");
    }
}
