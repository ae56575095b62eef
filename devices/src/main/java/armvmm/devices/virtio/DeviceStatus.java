package armvmm.devices.virtio;

/** The device status field bits (virtio 1.x, 2.1). */
public final class DeviceStatus {
    private DeviceStatus() {}

    public static final int ACKNOWLEDGE = 1;
    public static final int DRIVER = 2;
    public static final int DRIVER_OK = 4;
    public static final int FEATURES_OK = 8;
    public static final int DEVICE_NEEDS_RESET = 64;
    public static final int FAILED = 128;

    /** Bits a driver may set; DEVICE_NEEDS_RESET belongs to the device. */
    static final int DRIVER_BITS = ACKNOWLEDGE | DRIVER | DRIVER_OK | FEATURES_OK | FAILED;
}
