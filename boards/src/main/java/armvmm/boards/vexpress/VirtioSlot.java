package armvmm.boards.vexpress;

import armvmm.machine.MachineConfig;
import armvmm.error.VmmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One virtio-mmio transport the board creates: its slot in the {@link VexpressMap#VIRTIO} window, the
 * device type behind it and the user's options for it. Slots are given out in a fixed order (drives,
 * network devices, the virtio console, then --device entries) so that a guest sees the same
 * /dev/vda, eth0, hvc0 on every run with the same options.
 */
public record VirtioSlot(int index, Kind kind, Map<String, String> options) {
    public enum Kind {
        BLOCK("virtio-blk"), NET("virtio-net"), CONSOLE("virtio-console"), RNG("virtio-rng");

        public final String deviceName;

        Kind(String deviceName) { this.deviceName = deviceName; }
    }

    public static final int MAX = VexpressMap.VIRTIO.spis().length;

    public long base() { return VexpressMap.VIRTIO.base + index * VexpressMap.VIRTIO_TRANSPORT_SIZE; }

    public long size() { return VexpressMap.VIRTIO_TRANSPORT_SIZE; }

    /** GIC interrupt ID. */
    public int intid() { return VexpressMap.VIRTIO.intid(index); }

    public int spi() { return VexpressMap.VIRTIO.spis()[index]; }

    /** The slots the configuration asks for; more than the board has is a user error. */
    public static List<VirtioSlot> assign(MachineConfig cfg) {
        List<VirtioSlot> out = new ArrayList<>();
        for (Map<String, String> d : cfg.drives()) add(out, Kind.BLOCK, d);
        for (Map<String, String> n : cfg.netdevs()) add(out, Kind.NET, n);
        if ("virtio".equals(cfg.console())) add(out, Kind.CONSOLE, Map.of());
        for (Map<String, String> d : cfg.devices()) {
            String type = d.getOrDefault("type", "");
            Kind k = switch (type) {
                case "virtio-rng" -> Kind.RNG;
                case "virtio-console" -> Kind.CONSOLE;
                default -> throw new VmmException("--device " + type + ": unknown device (the vexpress-a15 board takes virtio-rng, virtio-console)");
            };
            add(out, k, d);
        }
        return out;
    }

    private static void add(List<VirtioSlot> out, Kind kind, Map<String, String> options) {
        if (out.size() == MAX)
            throw new VmmException("too many virtio devices: the vexpress-a15 board has " + MAX + " virtio-mmio transports ("
                    + kind.deviceName + " would be number " + (MAX + 1) + ")");
        out.add(new VirtioSlot(out.size(), kind, Map.copyOf(options)));
    }
}
