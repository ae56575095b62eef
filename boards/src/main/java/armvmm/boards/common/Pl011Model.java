package armvmm.boards.common;

import armvmm.devices.uart.Pl011;
import armvmm.fdt.FdtNode;

/**
 * An ARM PL011 UART (arm,pl011 binding: clocks "uartclk" and "apb_pclk"). The board's console UART gets
 * the --serial backend (see {@link BoardWiring#consoleUartBackend}); the others are connected to nothing.
 * Each gets the next serialN alias, so the board's table order is the guest's ttyAMA order.
 */
public final class Pl011Model implements DeviceModel {
    public static final Pl011Model UART = new Pl011Model(false), CONSOLE = new Pl011Model(true);

    private final boolean console;

    private Pl011Model(boolean console) { this.console = console; }

    @Override
    public void build(BoardWiring wiring, MapWindow window) {
        Pl011 uart = new Pl011(BoardWiring.deviceName("pl011", window), wiring.machine().clock(), wiring.spi(window, 0));
        if (console) uart.attach(wiring.consoleUartBackend());
        wiring.map(window, uart);
    }

    @Override
    public void writeNode(DeviceTreeWriter dt, MapWindow window) {
        FdtNode n = dt.clocks(dt.primecell("serial", window, "arm,pl011"), "uartclk", "apb_pclk");
        dt.alias("serial", n);
    }
}
