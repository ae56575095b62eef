package armvmm.tcg.exec;

import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.mem.MemoryAccess;
import armvmm.isa.mem.Mmu;
import armvmm.memory.HostMemory;

/**
 * The software TLB's hit path for translated code: the tag compare and the host access of {@link Mmu}'s
 * own read and write methods, over arrays and keys the block loaded once, with everything else (a miss,
 * an unaligned access, MMIO, a store to a page holding code) through the CPU's access methods. Static and
 * small so that the JIT inlines them into a translated block; until it has compiled the block, the JVM's
 * bytecode interpreter runs one call here instead of the forty-odd bytecodes of the test (see {@link
 * Translator} for why that matters).
 */
final class TlbAccess {
    private static final int SLOT_MASK = (1 << Mmu.TLB_BITS) - 1;
    private static final long PAGE = 0xffff_f000L;

    private TlbAccess() { }

    private static int slot(int va, int flags, int pl0) {
        return ((va >>> 12) & SLOT_MASK) | ((flags & MemoryAccess.UNPRIVILEGED) != 0 ? 1 << Mmu.TLB_BITS : pl0);
    }

    static int read8(ArmCpu cpu, long[] tags, long[] hosts, long asid, int pl0, int va, int flags) {
        int i = slot(va, flags, pl0);
        long tag = tags[i], page = va & PAGE;
        if (tag == page || tag == (page | asid)) return HostMemory.read8(hosts[i] + (va & 0xfff));
        return slowRead8(cpu, va, flags);
    }

    static int read16(ArmCpu cpu, long[] tags, long[] hosts, long asid, int pl0, int va, int flags) {
        int i = slot(va, flags, pl0);
        long tag = tags[i], page = va & (PAGE | 1);
        if (tag == page || tag == (page | asid)) {
            int x = HostMemory.read16(hosts[i] + (va & 0xfff));
            return cpu.bigEndian ? Integer.reverseBytes(x) >>> 16 : x;
        }
        return slowRead16(cpu, va, flags);
    }

    static int read32(ArmCpu cpu, long[] tags, long[] hosts, long asid, int pl0, int va, int flags) {
        int i = slot(va, flags, pl0);
        long tag = tags[i], page = va & (PAGE | 3);
        if (tag == page || tag == (page | asid)) {
            int x = HostMemory.read32(hosts[i] + (va & 0xfff));
            return cpu.bigEndian ? Integer.reverseBytes(x) : x;
        }
        return slowRead32(cpu, va, flags);
    }

    static void write8(ArmCpu cpu, long[] tags, long[] hosts, long asid, int pl0, int va, int value, int flags) {
        int i = slot(va, flags, pl0);
        long tag = tags[i], page = va & PAGE;
        if (tag == page || tag == (page | asid)) HostMemory.write8(hosts[i] + (va & 0xfff), value);
        else slowWrite8(cpu, va, value, flags);
    }

    static void write16(ArmCpu cpu, long[] tags, long[] hosts, long asid, int pl0, int va, int value, int flags) {
        int i = slot(va, flags, pl0);
        long tag = tags[i], page = va & (PAGE | 1);
        if (tag == page || tag == (page | asid))
            HostMemory.write16(hosts[i] + (va & 0xfff), cpu.bigEndian ? Integer.reverseBytes(value) >>> 16 : value);
        else slowWrite16(cpu, va, value, flags);
    }

    static void write32(ArmCpu cpu, long[] tags, long[] hosts, long asid, int pl0, int va, int value, int flags) {
        int i = slot(va, flags, pl0);
        long tag = tags[i], page = va & (PAGE | 3);
        if (tag == page || tag == (page | asid))
            HostMemory.write32(hosts[i] + (va & 0xfff), cpu.bigEndian ? Integer.reverseBytes(value) : value);
        else slowWrite32(cpu, va, value, flags);
    }

    /**
     * For LDM/STM: the host address of {@code n} words from {@code va} when the first is word-aligned and hits
     * in the TLB (read or write tags, as the caller passes) and all {@code n} lie in its page, so that one tag
     * compare stands for every word; else 0 (host memory is never at address 0), and the caller takes each
     * word through the per-word path, which faults where the architecture says.
     */
    static long words(long[] tags, long[] hosts, long asid, int pl0, int va, int flags, int n) {
        int i = slot(va, flags, pl0);
        long tag = tags[i], page = va & (PAGE | 3);
        if ((tag == page || tag == (page | asid)) && (va & 0xfff) + 4 * n <= 0x1000) return hosts[i] + (va & 0xfff);
        return 0;
    }

    /** A word at a host address {@link #words} gave, in the guest's view (CPSR.E). */
    static int get32(ArmCpu cpu, long host) {
        int x = HostMemory.read32(host);
        return cpu.bigEndian ? Integer.reverseBytes(x) : x;
    }

    static void put32(ArmCpu cpu, long host, int value) {
        HostMemory.write32(host, cpu.bigEndian ? Integer.reverseBytes(value) : value);
    }

    // The slow paths, kept out of line: inlined into every access of a block (with the walk and the bus
    // behind them) they made one block's machine code 100 KB and its C2 compilation most of a second.
    // TcgCompilerDirectives tells the JIT not to inline them into translated blocks.

    static int slowRead8(ArmCpu cpu, int va, int flags) { return cpu.read8(va, flags); }

    static int slowRead16(ArmCpu cpu, int va, int flags) { return cpu.read16(va, flags); }

    static int slowRead32(ArmCpu cpu, int va, int flags) { return cpu.read32(va, flags); }

    static void slowWrite8(ArmCpu cpu, int va, int value, int flags) { cpu.write8(va, value, flags); }

    static void slowWrite16(ArmCpu cpu, int va, int value, int flags) { cpu.write16(va, value, flags); }

    static void slowWrite32(ArmCpu cpu, int va, int value, int flags) { cpu.write32(va, value, flags); }
}
