package armvmm.isa.mem;

/**
 * A memory access that faulted: the CPU takes a Data Abort ({@link #prefetch} false) or a Prefetch Abort.
 *
 * <p>{@link #fsr} is the value for DFSR/IFSR in the format of the active translation regime: the
 * short-descriptor format (FS[4] in bit 10, FS[3:0] in bits 3:0, domain in bits 7:4, WnR in bit 11) or,
 * with TTBCR.EAE, the long-descriptor format (LPAE bit 9 set, STATUS in bits 5:0, WnR in bit 11).
 * {@link #address} is the faulting virtual address for DFAR/IFAR. Stackless: it is a guest event.
 */
public final class MemoryAbort extends RuntimeException {
    public final boolean prefetch;
    public final int fsr;
    public final int address;

    public MemoryAbort(boolean prefetch, int fsr, int address) {
        super(null, null, false, false);
        this.prefetch = prefetch;
        this.fsr = fsr;
        this.address = address;
    }

    @Override
    public String getMessage() {
        return String.format("%s abort at 0x%08x, FSR 0x%08x", prefetch ? "prefetch" : "data", address, fsr);
    }
}
