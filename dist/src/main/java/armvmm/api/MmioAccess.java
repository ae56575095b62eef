package armvmm.api;

/**
 * One access to a device register, as {@code vmm run --trace mmio} prints it.
 *
 * @param cpu the index of the vCPU that made it, or -1 for a device's DMA
 * @param pc the guest PC of the accessing instruction, or -1 for DMA
 * @param write true for a write, false for a read
 * @param address the guest physical address
 * @param size the access size in bytes (1, 2, 4 or 8)
 * @param value the value written, or the value the device returned
 * @param device the device's name on the bus, for example {@code pl011@1c090000}
 * @param offset the offset of the access in the device's window
 * @param register the register's name where the device names it, else null
 */
public record MmioAccess(int cpu, long pc, boolean write, long address, int size, long value, String device, long offset,
        String register) {}
