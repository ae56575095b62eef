package armvmm.bus;

/**
 * A device's register window on the physical bus.
 *
 * <p>Offsets are relative to the region base. {@code requester} is the index of the vCPU that made the
 * access (devices with banked per-CPU registers, such as the GIC CPU interface, need it), or
 * {@link BusMaster#DMA} for accesses that do not come from a CPU. Devices never see which accelerator runs.
 */
public interface MmioDevice {
    /** A short name for traces and the memory map, e.g. "pl011@1c090000". */
    String name();

    long read(long offset, int size, int requester);

    void write(long offset, int size, long value, int requester);

    /** Which access sizes the bus lets through; anything else is a bus error. */
    default AccessSizes accessSizes() { return AccessSizes.ANY; }

    /** Register name for an offset, for traces; null when the device does not say. */
    default String registerName(long offset) { return null; }

    /** Back to the power-on state (machine reset). */
    default void reset() {}
}
