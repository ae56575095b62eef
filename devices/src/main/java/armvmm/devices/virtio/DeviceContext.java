package armvmm.devices.virtio;

import armvmm.bus.AddressSpace;

/** What a transport gives a device once the driver has set DRIVER_OK. */
public interface DeviceContext {
    Virtqueue queue(int index);

    /** The features both sides agreed on. */
    long features();

    AddressSpace bus();

    /** Used buffers were returned on {@code q}: interrupt the driver if the ring's suppression allows. */
    void usedBuffers(Virtqueue q);

    /** The driver broke the virtqueue contract: DEVICE_NEEDS_RESET and a configuration change interrupt. */
    void needsReset(VirtqueueException e);

    /** The device changed its configuration space: new ConfigGeneration and a configuration change interrupt. */
    void configChanged();
}
