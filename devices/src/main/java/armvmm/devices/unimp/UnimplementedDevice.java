package armvmm.devices.unimp;

import armvmm.bus.MmioDevice;
import armvmm.bus.UnknownAccessLog;

/**
 * A peripheral of the board that is not modelled (MMCI, KMI, CLCD, ...): every register reads as zero and
 * writes are ignored. Reading zero at the PrimeCell ID offsets means the AMBA bus finds no valid ID and
 * Linux binds no driver, so the kernel carries on without the device. Each offset is reported once, with
 * the device's name, so a missing model is visible without flooding the log.
 */
public final class UnimplementedDevice implements MmioDevice {
    private final String name;
    private final UnknownAccessLog log;

    public UnimplementedDevice(String name) {
        this.name = name;
        this.log = new UnknownAccessLog(name + " (not modelled)");
    }

    @Override
    public String name() { return name; }

    @Override
    public long read(long offset, int size, int requester) {
        log.once("read", offset, size);
        return 0;
    }

    @Override
    public void write(long offset, int size, long value, int requester) {
        log.once("write", offset, size);
    }

    /** How many distinct accesses have been reported (each direction and offset once). */
    public int reported() { return log.reported(); }
}
