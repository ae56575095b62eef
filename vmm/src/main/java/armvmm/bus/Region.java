package armvmm.bus;

import armvmm.memory.RamBlock;

/**
 * One mapping in a physical address space: {@code [base, base+size)} backed by RAM, ROM (RAM the guest
 * cannot write) or a device's MMIO window. {@code offsetInBlock} lets several regions share one RAM block
 * (aliases).
 */
public record Region(String name, long base, long size, Kind kind, RamBlock ram, long offsetInBlock, MmioDevice device) {
    public enum Kind { RAM, ROM, MMIO }

    public Region {
        if (size <= 0) throw new IllegalArgumentException("region " + name + " has size " + size);
        if (base < 0 || base + size < base || base + size > AddressSpace.LIMIT)
            throw new IllegalArgumentException(String.format("region %s [0x%x, +0x%x) lies outside the %d-bit physical address space",
                    name, base, size, AddressSpace.PHYS_BITS));
        if ((kind == Kind.MMIO) != (device != null) || (kind != Kind.MMIO) != (ram != null))
            throw new IllegalArgumentException("region " + name + ": backing does not match kind " + kind);
        if (ram != null && (offsetInBlock < 0 || offsetInBlock > ram.size() - size))
            throw new IllegalArgumentException("region " + name + " is larger than its RAM block " + ram.name());
    }

    public long end() { return base + size; }

    public boolean contains(long pa) { return pa >= base && pa - base < size; }

    public boolean isMemory() { return kind != Kind.MMIO; }

    @Override
    public String toString() {
        return String.format("%s [0x%010x-0x%010x] %s", name, base, base + size - 1, kind.name().toLowerCase());
    }
}
