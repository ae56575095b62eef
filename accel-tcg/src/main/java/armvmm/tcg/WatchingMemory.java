package armvmm.tcg;

import armvmm.accel.VcpuDebug.Watchpoint;
import armvmm.isa.mem.MemoryAccess;

/**
 * The memory system a debugged vCPU uses while it has watchpoints: every load and store is checked against
 * them before it goes on to the vCPU's MMU, and one that hits is not made ({@link Hit} is thrown), so the
 * instruction stops unexecuted, as an ARM debug watchpoint's Data Abort leaves it. Instruction fetches and
 * the exclusive monitor's translations are not watched. Only the instruction-by-instruction path
 * ({@link TcgDebug}) runs with it: translated blocks reach the TLB without going through {@code cpu.mem}.
 */
final class WatchingMemory implements MemoryAccess {
    private final MemoryAccess mmu;
    /** Replaced whole (by the debugger, while the vCPU is paused), read by the vCPU thread. */
    volatile Watchpoint[] watchpoints = new Watchpoint[0];

    WatchingMemory(MemoryAccess mmu) { this.mmu = mmu; }

    /** A watched access: the watchpoint and the address the instruction accessed. */
    static final class Hit extends RuntimeException {
        final Watchpoint watchpoint;
        final int address;

        Hit(Watchpoint w, int address) {
            super(null, null, false, false);
            this.watchpoint = w;
            this.address = address;
        }
    }

    private void check(int va, int size, boolean write) {
        for (Watchpoint w : watchpoints)
            if (w.hits(va, size, write)) throw new Hit(w, Integer.compareUnsigned(va, w.address()) < 0 ? w.address() : va);
    }

    @Override public int read8(int va, int flags) { check(va, 1, false); return mmu.read8(va, flags); }
    @Override public int read16(int va, int flags) { check(va, 2, false); return mmu.read16(va, flags); }
    @Override public int read32(int va, int flags) { check(va, 4, false); return mmu.read32(va, flags); }
    @Override public long read64(int va, int flags) { check(va, 8, false); return mmu.read64(va, flags); }
    @Override public void write8(int va, int value, int flags) { check(va, 1, true); mmu.write8(va, value, flags); }
    @Override public void write16(int va, int value, int flags) { check(va, 2, true); mmu.write16(va, value, flags); }
    @Override public void write32(int va, int value, int flags) { check(va, 4, true); mmu.write32(va, value, flags); }
    @Override public void write64(int va, long value, int flags) { check(va, 8, true); mmu.write64(va, value, flags); }
    @Override public int fetch16(int va, int flags) { return mmu.fetch16(va, flags); }
    @Override public int fetch32(int va, int flags) { return mmu.fetch32(va, flags); }
    @Override public long translate(int va, boolean write, int flags) { return mmu.translate(va, write, flags); }
    @Override public long translateFetch(int va, int flags) { return mmu.translateFetch(va, flags); }
    @Override public void safePoint() { mmu.safePoint(); }
}
