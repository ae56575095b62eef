package armvmm.boards.common;

import armvmm.devices.rtc.Pl031;

/** An ARM PL031 real-time clock (arm,pl031 binding: clock "apb_pclk"). */
public final class Pl031Model implements DeviceModel {
    public static final Pl031Model INSTANCE = new Pl031Model();

    private Pl031Model() {}

    @Override
    public void build(BoardWiring wiring, MapWindow window) {
        wiring.map(window, new Pl031(BoardWiring.deviceName("pl031", window), wiring.machine().clock(), wiring.spi(window, 0)));
    }

    @Override
    public void writeNode(DeviceTreeWriter dt, MapWindow window) {
        dt.clocks(dt.primecell("rtc", window, "arm,pl031"), "apb_pclk");
    }
}
