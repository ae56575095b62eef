package armvmm.boards.common;

import armvmm.devices.gpio.Pl061;
import armvmm.fdt.FdtNode;

/**
 * An ARM PL061 GPIO (arm,pl061 binding: clock "apb_pclk", two GPIO cells: pin and flags) whose pin
 * {@link #POWER_BUTTON_PIN} is the board's power button, described as QEMU's virt board describes it: a
 * "gpio-keys" node whose key sends KEY_POWER, which Linux's gpio-keys driver turns into an orderly
 * power-off (where the guest's user space acts on the key). The machine's power button (QMP
 * system_powerdown) drives that input pin ({@link Pl061#setInput}) high for a moment.
 */
public final class Pl061Model implements DeviceModel {
    public static final Pl061Model WITH_POWER_BUTTON = new Pl061Model();

    /** The pin of the power button, as on QEMU's virt (GPIO 3). */
    public static final int POWER_BUTTON_PIN = 3;
    /** Linux's input event code KEY_POWER (include/uapi/linux/input-event-codes.h). */
    public static final int KEY_POWER = 116;

    private Pl061Model() {}

    @Override
    public void build(BoardWiring wiring, MapWindow window) {
        Pl061 gpio = new Pl061(BoardWiring.deviceName("pl061", window), wiring.spi(window, 0));
        wiring.map(window, gpio);
        wiring.machine().setPowerButton(() -> pressFor(gpio, PRESS_MILLIS));
    }

    /** How long a press of the power button holds the pin high (a guest that polls it sees it; Linux sees both edges). */
    static final long PRESS_MILLIS = 200;

    private static void pressFor(Pl061 gpio, long millis) {
        gpio.setInput(POWER_BUTTON_PIN, true);
        Thread release = new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            gpio.setInput(POWER_BUTTON_PIN, false);
        }, "power-button");
        release.setDaemon(true);
        release.start();
    }

    @Override
    public void writeNode(DeviceTreeWriter dt, MapWindow window) {
        FdtNode gpio = dt.clocks(dt.primecell("gpio", window, "arm,pl061"), "apb_pclk")
                .setCells("#gpio-cells", 2).setEmpty("gpio-controller");
        int phandle = dt.fdt().phandleOf(gpio);
        FdtNode keys = dt.root().addChild(new FdtNode("gpio-keys")).setString("compatible", "gpio-keys");
        // flags 0: GPIO_ACTIVE_HIGH
        keys.addChild(new FdtNode("poweroff")).setString("label", "GPIO Key Poweroff").setU32("linux,code", KEY_POWER)
                .setCells("gpios", phandle, POWER_BUTTON_PIN, 0);
    }
}
