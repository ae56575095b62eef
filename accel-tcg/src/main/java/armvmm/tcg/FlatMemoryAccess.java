package armvmm.tcg;

import armvmm.bus.AddressSpace;
import armvmm.bus.BusErrorException;
import armvmm.bus.BusMaster;
import armvmm.bus.Region;
import armvmm.memory.HostMemory;
import armvmm.tcg.cpu.SystemControl;
import armvmm.tcg.mem.CodePages;
import armvmm.tcg.mem.MemoryAbort;
import armvmm.tcg.mem.MemoryAccess;

/**
 * Memory with the MMU off (ARM ARM B3.2: VA = PA, flat): RAM through its host address (the last RAM region
 * used is remembered, so a hit is two compares and an add), devices through the bus with the vCPU as the
 * bus master. A bus error becomes a synchronous external abort; a misaligned access is an alignment fault
 * when the instruction or SCTLR.A requires alignment. Stores to pages holding decoded code report the write
 * to {@link CodePages}. Replaced by the MMU's implementation once the CPU enables translation support.
 */
public final class FlatMemoryAccess implements MemoryAccess {
    /** Short-descriptor FSR values (ARM ARM B4.1.52): alignment fault, synchronous external abort; WnR is bit 11. */
    static final int FSR_ALIGNMENT = 0x1, FSR_EXTERNAL = 0x8, WNR = 1 << 11;

    private final AddressSpace bus;
    private final CodePages codePages;
    private final BusMaster master;
    private final SystemControl sys;

    private long ramBase = 1, ramEnd = 0, ramHost;
    private boolean ramWritable;

    public FlatMemoryAccess(AddressSpace bus, CodePages codePages, BusMaster master, SystemControl sys) {
        this.bus = bus;
        this.codePages = codePages;
        this.master = master;
        this.sys = sys;
    }

    /** Host address of [pa, pa+size) in RAM (or ROM for reads), or -1. */
    private long host(long pa, int size, boolean write) {
        if (pa >= ramBase && pa + size <= ramEnd && (!write || ramWritable)) return ramHost + (pa - ramBase);
        Region r = bus.find(pa);
        if (r == null || !r.isMemory()) return -1;
        ramBase = r.base();
        ramEnd = r.end();
        ramHost = r.ram().hostAddress() + r.offsetInBlock();
        ramWritable = r.kind() == Region.Kind.RAM;
        if (pa + size > ramEnd || (write && !ramWritable)) return -1;
        return ramHost + (pa - ramBase);
    }

    private void checkAlignment(int va, int size, int flags, boolean write) {
        int align = (flags & WORD_ALIGNED) != 0 ? Math.min(size, 4) : size;
        if ((va & (align - 1)) == 0) return;
        if ((flags & (ALIGNED | EXCLUSIVE)) != 0 || (sys.sctlr() & SystemControl.SCTLR_A) != 0)
            throw new MemoryAbort(false, FSR_ALIGNMENT | (write ? WNR : 0), va);
    }

    private long read(int va, int size, int flags) {
        checkAlignment(va, size, flags, false);
        long pa = va & 0xffffffffL;
        long h = host(pa, size, false);
        if (h >= 0) {
            return switch (size) {
                case 1 -> HostMemory.read8(h);
                case 2 -> HostMemory.read16(h);
                case 4 -> HostMemory.read32(h) & 0xffffffffL;
                default -> HostMemory.read64(h);
            };
        }
        try {
            if ((va & (size - 1)) == 0) return bus.read(pa, size, master);
            long v = 0;
            for (int i = 0; i < size; i++) v |= bus.read((pa + i) & 0xffffffffL, 1, master) << (8 * i);
            return v;
        } catch (BusErrorException e) {
            throw new MemoryAbort(false, FSR_EXTERNAL, va);
        }
    }

    private void write(int va, int size, long value, int flags) {
        checkAlignment(va, size, flags, true);
        long pa = va & 0xffffffffL;
        long h = host(pa, size, true);
        if (h >= 0) {
            switch (size) {
                case 1 -> HostMemory.write8(h, (int) value);
                case 2 -> HostMemory.write16(h, (int) value);
                case 4 -> HostMemory.write32(h, (int) value);
                default -> HostMemory.write64(h, value);
            }
            if (codePages.isCode(pa) || codePages.isCode(pa + size - 1)) codePages.written(pa, size);
            return;
        }
        try {
            if ((va & (size - 1)) == 0) {
                bus.write(pa, size, value, master);
            } else {
                for (int i = 0; i < size; i++) bus.write((pa + i) & 0xffffffffL, 1, (value >>> (8 * i)) & 0xff, master);
            }
        } catch (BusErrorException e) {
            throw new MemoryAbort(false, FSR_EXTERNAL | WNR, va);
        }
    }

    @Override public int read8(int va, int flags) { return (int) read(va, 1, flags); }
    @Override public int read16(int va, int flags) { return (int) read(va, 2, flags); }
    @Override public int read32(int va, int flags) { return (int) read(va, 4, flags); }
    @Override public long read64(int va, int flags) { return read(va, 8, flags); }
    @Override public void write8(int va, int value, int flags) { write(va, 1, value, flags); }
    @Override public void write16(int va, int value, int flags) { write(va, 2, value, flags); }
    @Override public void write32(int va, int value, int flags) { write(va, 4, value, flags); }
    @Override public void write64(int va, long value, int flags) { write(va, 8, value, flags); }

    private int fetch(int va, int size) {
        long pa = va & 0xffffffffL;
        long h = host(pa, size, false);
        if (h >= 0) return size == 2 ? HostMemory.read16(h) : HostMemory.read32(h);
        try {
            return (int) bus.read(pa, size, master);
        } catch (BusErrorException e) {
            throw new MemoryAbort(true, FSR_EXTERNAL, va);
        }
    }

    @Override public int fetch16(int va, int flags) { return fetch(va, 2); }
    @Override public int fetch32(int va, int flags) { return fetch(va, 4); }

    @Override
    public long translate(int va, boolean write, int flags) { return va & 0xffffffffL; }
}
