package armvmm.devices.virtio;

/**
 * One request popped from an available ring: its head descriptor index (what goes back in the used ring)
 * and its device-readable buffers followed by its device-writable ones.
 */
public record DescriptorChain(int head, GuestBuffers readable, GuestBuffers writable) {}
