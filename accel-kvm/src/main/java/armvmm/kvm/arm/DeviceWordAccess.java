package armvmm.kvm.arm;

import armvmm.isa.mem.MemoryAccess;

/**
 * The TCG memory path as a device sees an emulated LDRD/STRD: two word accesses, the lower address first
 * (ARM ARM A3.5.3: a doubleword load or store is two single-copy atomic word accesses), because device
 * models accept 1- to 4-byte accesses and the ISA CPU issues one 8-byte access. Everything else passes through.
 */
final class DeviceWordAccess implements MemoryAccess {
    private final MemoryAccess mem;

    DeviceWordAccess(MemoryAccess mem) { this.mem = mem; }

    @Override public int read8(int va, int flags) { return mem.read8(va, flags); }
    @Override public int read16(int va, int flags) { return mem.read16(va, flags); }
    @Override public int read32(int va, int flags) { return mem.read32(va, flags); }

    @Override
    public long read64(int va, int flags) {
        long lo = mem.read32(va, flags) & 0xffff_ffffL;
        long hi = mem.read32(va + 4, flags) & 0xffff_ffffL;
        return hi << 32 | lo;
    }

    @Override public void write8(int va, int value, int flags) { mem.write8(va, value, flags); }
    @Override public void write16(int va, int value, int flags) { mem.write16(va, value, flags); }
    @Override public void write32(int va, int value, int flags) { mem.write32(va, value, flags); }

    @Override
    public void write64(int va, long value, int flags) {
        mem.write32(va, (int) value, flags);
        mem.write32(va + 4, (int) (value >>> 32), flags);
    }

    @Override public int fetch16(int va, int flags) { return mem.fetch16(va, flags); }
    @Override public int fetch32(int va, int flags) { return mem.fetch32(va, flags); }
    @Override public long translate(int va, boolean write, int flags) { return mem.translate(va, write, flags); }
}
