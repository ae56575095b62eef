package armvmm.devices.virtio;

/**
 * The virtio-mmio register window (virtio 1.x, section 4.2.2, and the legacy layout of 4.2.4). Every
 * register below 0x100 is 32 bits wide; the device-specific configuration space starts at 0x100.
 */
public enum VirtioMmioRegister {
    MAGIC_VALUE(0x000),
    VERSION(0x004),
    DEVICE_ID(0x008),
    VENDOR_ID(0x00c),
    DEVICE_FEATURES(0x010),
    DEVICE_FEATURES_SEL(0x014),
    DRIVER_FEATURES(0x020),
    DRIVER_FEATURES_SEL(0x024),
    /** Legacy only. */
    GUEST_PAGE_SIZE(0x028),
    QUEUE_SEL(0x030),
    QUEUE_NUM_MAX(0x034),
    QUEUE_NUM(0x038),
    /** Legacy only. */
    QUEUE_ALIGN(0x03c),
    /** Legacy only. */
    QUEUE_PFN(0x040),
    QUEUE_READY(0x044),
    QUEUE_NOTIFY(0x050),
    INTERRUPT_STATUS(0x060),
    INTERRUPT_ACK(0x064),
    STATUS(0x070),
    QUEUE_DESC_LOW(0x080),
    QUEUE_DESC_HIGH(0x084),
    QUEUE_DRIVER_LOW(0x090),
    QUEUE_DRIVER_HIGH(0x094),
    QUEUE_DEVICE_LOW(0x0a0),
    QUEUE_DEVICE_HIGH(0x0a4),
    CONFIG_GENERATION(0x0fc);

    public static final int CONFIG = 0x100;
    /** "virt" in little-endian. */
    public static final int MAGIC = 0x74726976;

    private static final VirtioMmioRegister[] BY_WORD = new VirtioMmioRegister[CONFIG / 4];

    static {
        for (VirtioMmioRegister r : values()) BY_WORD[r.offset / 4] = r;
    }

    public final int offset;

    VirtioMmioRegister(int offset) { this.offset = offset; }

    /** The register at {@code offset}, or null (an unassigned word or the config space). */
    public static VirtioMmioRegister at(long offset) {
        if (offset < 0 || offset >= CONFIG || (offset & 3) != 0) return null;
        return BY_WORD[(int) offset / 4];
    }

    /** The specification's spelling, e.g. QueueNumMax, for traces. */
    public String specName() {
        StringBuilder sb = new StringBuilder();
        for (String w : name().split("_")) sb.append(w.charAt(0)).append(w.substring(1).toLowerCase());
        return sb.toString();
    }
}
