/**
 * virtio over MMIO (virtio 1.x, 4.2): the transport, split virtqueues in guest RAM, and the block, network,
 * console and entropy devices in the sub-packages.
 *
 * <p>Trust boundary: everything a driver writes (register values, ring addresses, descriptor chains) is
 * checked once, where it enters ({@link armvmm.devices.virtio.VirtioMmioTransport} for registers,
 * {@link armvmm.devices.virtio.Virtqueue} for rings and chains); a device sees only
 * {@link armvmm.devices.virtio.GuestBuffers} already known to lie in guest RAM. A broken ring puts the
 * device into DEVICE_NEEDS_RESET with a configuration change interrupt ({@link armvmm.devices.virtio.VirtqError}
 * says why); a request a device cannot serve fails alone with the device's error status.
 *
 * <p>Threads: QueueNotify arrives on a vCPU thread; network and console input on their backend's thread;
 * virtio-blk may finish requests on its worker. Each virtqueue has its own lock, the transport's register
 * state another, and no device callback runs under the transport's lock, so a device reset can wait for a
 * worker that is itself completing a request.
 *
 * <p>A board builds transports with {@link armvmm.devices.virtio.VirtioBoardDevices}: one per slot, mapped at
 * {@code base + 0x200 * i}, each with its own level-triggered interrupt line.
 */
package armvmm.devices.virtio;
