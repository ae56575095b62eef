package armvmm.boards.common;

import armvmm.devices.virtio.VirtioBoardDevices;
import armvmm.error.VmmException;
import armvmm.machine.MachineConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One virtio-mmio transport a board creates: its slot in the board's virtio window (transport {@code i}
 * at {@code base + 0x200 * i}, raising the window's {@code i}th SPI), the device type behind it and the
 * user's options for it. Slots are given out in a fixed order (drives, network devices, the virtio
 * console, then --device entries) so that a guest sees the same /dev/vda, eth0, hvc0 on every run with
 * the same options.
 */
public record VirtioSlot(MapWindow window, int index, Kind kind, Map<String, String> options) {
    public enum Kind {
        BLOCK("virtio-blk"), NET("virtio-net"), CONSOLE("virtio-console"), RNG("virtio-rng");

        public final String deviceName;

        Kind(String deviceName) { this.deviceName = deviceName; }
    }

    /** The register window of one transport (virtio 1.2, 4.2.2), as QEMU spaces them. */
    public static final long TRANSPORT_SIZE = VirtioBoardDevices.SLOT_SIZE;

    public VirtioSlot {
        if (index < 0 || index >= count(window)) throw new IllegalArgumentException(window.name() + " has no virtio slot " + index);
        options = Map.copyOf(options);
    }

    /** Transports in the window: one per SPI it lists. */
    public static int count(MapWindow window) { return window.spis().length; }

    public long base() { return window.base() + index * TRANSPORT_SIZE; }

    public long size() { return TRANSPORT_SIZE; }

    /** GIC interrupt ID. */
    public int intid() { return window.intid(index); }

    public int spi() { return window.spis()[index]; }

    /** The slots {@code cfg} asks for in {@code window}; more than the window has is a user error. */
    public static List<VirtioSlot> assign(MachineConfig cfg, MapWindow window) { return assign(cfg, window, List.of()); }

    /**
     * As {@link #assign(MachineConfig, MapWindow)}, on a board whose other devices take the --device types
     * {@code boardDevices} (a PCI host's functions): those are left to them.
     */
    public static List<VirtioSlot> assign(MachineConfig cfg, MapWindow window, List<String> boardDevices) {
        List<VirtioSlot> out = new ArrayList<>();
        for (Map<String, String> d : cfg.drives()) add(out, cfg, window, Kind.BLOCK, d);
        for (Map<String, String> n : cfg.netdevs()) add(out, cfg, window, Kind.NET, n);
        if ("virtio".equals(cfg.console())) add(out, cfg, window, Kind.CONSOLE, Map.of());
        for (Map<String, String> d : cfg.devices()) {
            String type = d.getOrDefault("type", "");
            if (boardDevices.contains(type)) continue;
            Kind k = switch (type) {
                case "virtio-rng" -> Kind.RNG;
                case "virtio-console" -> Kind.CONSOLE;
                default -> throw new VmmException("--device " + type + ": unknown device (the " + cfg.board() + " board takes "
                        + String.join(", ", java.util.stream.Stream.concat(java.util.stream.Stream.of("virtio-rng", "virtio-console"), boardDevices.stream()).toList()) + ")");
            };
            add(out, cfg, window, k, d);
        }
        return out;
    }

    private static void add(List<VirtioSlot> out, MachineConfig cfg, MapWindow window, Kind kind, Map<String, String> options) {
        int max = count(window);
        if (out.size() == max)
            throw new VmmException("too many virtio devices: the " + cfg.board() + " board has " + max + " virtio-mmio transports ("
                    + kind.deviceName + " would be number " + (max + 1) + ")");
        out.add(new VirtioSlot(window, out.size(), kind, options));
    }
}
