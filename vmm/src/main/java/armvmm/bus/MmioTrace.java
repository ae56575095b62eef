package armvmm.bus;


/** Receives every MMIO access the bus delivers to a device, whichever accelerator made it. */
public interface MmioTrace {
    void access(BusMaster who, boolean write, long pa, int size, long value, Region region, long offset);
}
