package armvmm.devices.unimp;

import armvmm.bus.MmioDevice;
import armvmm.bus.UnknownAccessLog;

/**
 * A peripheral of the board that is not modelled (MMCI, KMI, CLCD, ...): every register reads as zero and
 * writes are ignored. Reading zero at the PrimeCell ID offsets means the AMBA bus finds no valid ID and
 * Linux binds no driver, so the kernel carries on without the device. Each offset is reported once, with
 * the device's name, so a missing model is visible without flooding the log; the AMBA bus's probe of the
 * eight PrimeCell ID registers counts as one event, since every boot makes it.
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
        if (offset >= PRIMECELL_ID && offset < PRIMECELL_ID + 0x20) log.once("PrimeCell ID probe (reads 0: no driver binds)", PRIMECELL_ID, size);
        else log.once("read", offset, size);
        return 0;
    }

    /** The PeriphID/PCellID registers every AMBA peripheral has at the top of its 4 KiB window. */
    private static final long PRIMECELL_ID = 0xfe0;

    @Override
    public void write(long offset, int size, long value, int requester) {
        log.once("write", offset, size);
    }

    /** How many distinct accesses have been reported (each direction and offset once). */
    public int reported() { return log.reported(); }
}
