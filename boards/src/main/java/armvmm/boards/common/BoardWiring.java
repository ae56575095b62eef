package armvmm.boards.common;

import armvmm.bus.AddressSpace;
import armvmm.bus.MmioDevice;
import armvmm.chardev.CharBackend;
import armvmm.chardev.CharBackendSpec;
import armvmm.chardev.TestdevBackend;
import armvmm.error.VmmException;
import armvmm.irq.InterruptController;
import armvmm.irq.IrqLine;
import armvmm.machine.Machine;
import armvmm.machine.MachineConfig;
import java.util.List;

/**
 * What a board's {@link DeviceModel}s build with: the machine and the configuration it runs, its interrupt
 * controller (already provided), the --serial backend and the virtio slots of this run. It also decides
 * which device the --serial backend goes to: the board's console UART, unless a virtio console takes it.
 */
public final class BoardWiring {
    private final Machine machine;
    private final MachineConfig config;
    private final InterruptController ic;
    private final List<VirtioSlot> virtio;
    private final CharBackend serial;
    private final boolean virtioConsole;

    private BoardWiring(Machine machine, MachineConfig config, InterruptController ic, List<VirtioSlot> virtio, CharBackend serial,
            boolean virtioConsole) {
        this.machine = machine;
        this.config = config;
        this.ic = ic;
        this.virtio = List.copyOf(virtio);
        this.serial = serial;
        this.virtioConsole = virtioConsole;
    }

    /**
     * For a machine whose interrupt controller the board has set: opens the --serial backend (closed at
     * shutdown; its quit key powers the machine off). {@code config} is the configuration the board really
     * runs (its defaults filled in), {@code virtio} the slots {@link VirtioSlot#assign} gave it.
     */
    public static BoardWiring open(Machine machine, MachineConfig config, List<VirtioSlot> virtio) {
        long consoles = virtio.stream().filter(s -> s.kind() == VirtioSlot.Kind.CONSOLE && !isTestdev(s)).count();
        if (consoles > 1)
            throw new VmmException("only one virtio console on " + config.board() + ": it takes the --serial backend (" + consoles + " requested)");
        InterruptController ic = machine.interruptController();
        CharBackend serial = machine.serial().open(() -> machine.requestPowerOff("console quit key"));
        machine.onShutdown(serial);
        return new BoardWiring(machine, config, ic, virtio, serial, consoles == 1);
    }

    public Machine machine() { return machine; }

    public MachineConfig config() { return config; }

    public AddressSpace bus() { return machine.bus(); }

    public InterruptController interruptController() { return ic; }

    /** The interrupt controller input of the window's {@code i}th SPI. */
    public IrqLine spi(MapWindow window, int i) { return ic.spi(window.intid(i)); }

    /** Maps {@code device} over the whole window. */
    public void map(MapWindow window, MmioDevice device) { machine.bus().mapMmio(window.base(), window.size(), device); }

    /** A device's name on the bus (and in traces): its model and base, e.g. pl011@1c090000. */
    public static String deviceName(String model, MapWindow window) { return DeviceTreeWriter.unitName(model, window.base()); }

    /** The backend of the board's console UART: --serial, or an unconnected one when a virtio console has it. */
    public CharBackend consoleUartBackend() { return virtioConsole ? CharBackendSpec.parse("none").open(() -> {}) : serial; }

    /**
     * The backend of the virtio console in {@code slot}: QEMU's chr-testdev for chardev=testdev (the guest's
     * "%dq" ends the run with exit status (code << 1) | 1, as qemu-system-arm's), else the --serial backend.
     */
    public CharBackend virtioConsoleBackend(VirtioSlot slot) {
        if (isTestdev(slot))
            return new TestdevBackend(code -> machine.requestTestExit(code << 1 | 1, "chr-testdev: the guest exits with code " + code));
        return serial;
    }

    private static boolean isTestdev(VirtioSlot s) { return "testdev".equals(s.options().get("chardev")); }

    /** The virtio slots this run fills, in slot order. */
    public List<VirtioSlot> virtioSlots() { return virtio; }
}
