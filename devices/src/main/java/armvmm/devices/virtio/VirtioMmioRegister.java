package armvmm.devices.virtio;

/**
 * The virtio-mmio register window (virtio 1.x, section 4.2.2, and the legacy layout of 4.2.4). Every
 * register below 0x100 is 32 bits wide; the device-specific configuration space starts at 0x100.
 */
public enum VirtioMmioRegister {
    MAGIC_VALUE(0x000, "MagicValue"),
    VERSION(0x004, "Version"),
    DEVICE_ID(0x008, "DeviceID"),
    VENDOR_ID(0x00c, "VendorID"),
    DEVICE_FEATURES(0x010, "DeviceFeatures"),
    DEVICE_FEATURES_SEL(0x014, "DeviceFeaturesSel"),
    DRIVER_FEATURES(0x020, "DriverFeatures"),
    DRIVER_FEATURES_SEL(0x024, "DriverFeaturesSel"),
    /** Legacy only. */
    GUEST_PAGE_SIZE(0x028, "GuestPageSize"),
    QUEUE_SEL(0x030, "QueueSel"),
    QUEUE_NUM_MAX(0x034, "QueueNumMax"),
    QUEUE_NUM(0x038, "QueueNum"),
    /** Legacy only. */
    QUEUE_ALIGN(0x03c, "QueueAlign"),
    /** Legacy only. */
    QUEUE_PFN(0x040, "QueuePFN"),
    QUEUE_READY(0x044, "QueueReady"),
    QUEUE_NOTIFY(0x050, "QueueNotify"),
    INTERRUPT_STATUS(0x060, "InterruptStatus"),
    INTERRUPT_ACK(0x064, "InterruptACK"),
    STATUS(0x070, "Status"),
    QUEUE_DESC_LOW(0x080, "QueueDescLow"),
    QUEUE_DESC_HIGH(0x084, "QueueDescHigh"),
    QUEUE_DRIVER_LOW(0x090, "QueueDriverLow"),
    QUEUE_DRIVER_HIGH(0x094, "QueueDriverHigh"),
    QUEUE_DEVICE_LOW(0x0a0, "QueueDeviceLow"),
    QUEUE_DEVICE_HIGH(0x0a4, "QueueDeviceHigh"),
    CONFIG_GENERATION(0x0fc, "ConfigGeneration");

    public static final int CONFIG = 0x100;
    /** "virt" in little-endian. */
    public static final int MAGIC = 0x74726976;

    private static final VirtioMmioRegister[] BY_WORD = new VirtioMmioRegister[CONFIG / 4];

    static {
        for (VirtioMmioRegister r : values()) BY_WORD[r.offset / 4] = r;
    }

    public final int offset;
    /** The specification's spelling, for traces and logs. */
    public final String specName;

    VirtioMmioRegister(int offset, String specName) {
        this.offset = offset;
        this.specName = specName;
    }

    /** The register at {@code offset}, or null (an unassigned word or the config space). */
    public static VirtioMmioRegister at(long offset) {
        if (offset < 0 || offset >= CONFIG || (offset & 3) != 0) return null;
        return BY_WORD[(int) offset / 4];
    }
}
