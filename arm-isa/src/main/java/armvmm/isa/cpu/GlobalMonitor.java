package armvmm.isa.cpu;

import armvmm.bus.AddressSpace;
import armvmm.memory.HostMemory;

/**
 * The machine-wide part of the exclusive monitors (ARM ARM A3.4.2): a store-exclusive succeeds only if the
 * location still holds what the load-exclusive read, checked and written in one atomic compare-and-set on
 * the host, so that an update by another vCPU between LDREX and STREX makes the STREX fail. (A store that
 * writes back the same value in between is not detected: the ABA case real hardware would catch, which
 * lock-free guest code tolerates in practice.)
 */
public final class GlobalMonitor {
    /** {@link #compareAndSet} outcomes. */
    public static final int FAILED = 0, STORED = 1, NOT_RAM = -1;

    private final AddressSpace bus;

    public GlobalMonitor(AddressSpace bus) { this.bus = bus; }

    /**
     * Stores {@code value} at physical {@code pa} ({@code size} bytes, naturally aligned, values in memory
     * byte order as little-endian numbers) if it still holds {@code expected}. NOT_RAM for device memory,
     * where the caller stores plainly.
     */
    public int compareAndSet(long pa, int size, long expected, long value) {
        long host = bus.hostAddress(pa, size, true);
        if (host < 0) return NOT_RAM;
        if (size == 8) return HostMemory.compareAndSet64(host, expected, value) ? STORED : FAILED;
        if (size == 4) return HostMemory.compareAndSet32(host, (int) expected, (int) value) ? STORED : FAILED;
        // Bytes and halfwords: a compare-and-set of the aligned word holding them, retried while only the
        // neighbouring bytes change.
        long word = host & ~3L;
        int shift = (int) (host & 3) * 8, mask = (size == 1 ? 0xff : 0xffff) << shift;
        while (true) {
            int old = HostMemory.read32(word);
            if (((old & mask) >>> shift) != (int) expected) return FAILED;
            int next = (old & ~mask) | (((int) value << shift) & mask);
            if (HostMemory.compareAndSet32(word, old, next)) return STORED;
        }
    }
}
