package armvmm.isa.vfp;

import armvmm.cpu.CpuMode;
import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.cpu.BasicSystemControl;
import armvmm.isa.decode.Insn;
import armvmm.isa.mem.MemoryAbort;
import armvmm.isa.mem.MemoryAccess;

/**
 * A CPU over a small flat memory at address 0 (little-endian, alignment faults for ALIGNED accesses), and a
 * way to run encodings through the VFP/NEON extension decoder exactly as the CPU's decoder would hand them
 * over. The unit starts enabled (CPACR full access, FPEXC.EN) in SVC mode.
 */
public final class TestMachine implements MemoryAccess {
    public final byte[] ram = new byte[0x10000];
    public final BasicSystemControl sys = new BasicSystemControl();
    public final ArmCpu cpu = new ArmCpu(this, sys);
    public final SimdFpExtension decoder = new SimdFpExtension();

    public TestMachine() {
        cpu.fpexc = VfpAccess.FPEXC_EN;
        cpu.setMode(CpuMode.SVC);
    }

    /** Decodes and executes each A32 encoding (condition AL assumed). */
    public void runA32(int... encodings) {
        for (int x : encodings) {
            Insn insn = decoder.decodeA32(x, 0x1000);
            if (insn == null) {
                throw new IllegalStateException(String.format("%08x not decoded by the extension", x));
            }
            insn.execute(cpu);
        }
    }

    /** Decodes and executes each 32-bit T32 encoding (first halfword in the top bits). */
    public void runT32(int... encodings) {
        for (int x : encodings) {
            Insn insn = decoder.decodeT32(x, 0x1000);
            if (insn == null) {
                throw new IllegalStateException(String.format("%08x not decoded by the extension", x));
            }
            insn.execute(cpu);
        }
    }

    public Insn decodeA32(int x) {
        return decoder.decodeA32(x, 0x1000);
    }

    public void write32(int va, int value) {
        for (int i = 0; i < 4; i++) {
            ram[va + i] = (byte) (value >>> (8 * i));
        }
    }

    public int read32(int va) {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v |= (ram[va + i] & 0xff) << (8 * i);
        }
        return v;
    }

    private static void check(int va, int size, int flags) {
        if ((flags & (ALIGNED | EXCLUSIVE)) != 0 && (va & (size - 1)) != 0) {
            throw new MemoryAbort(false, 0x1, va);
        }
    }

    private int get(int va, int size, int flags) {
        check(va, size, flags);
        int v = 0;
        for (int i = 0; i < size; i++) {
            v |= (ram[va + i] & 0xff) << (8 * i);
        }
        return v;
    }

    private void put(int va, int size, int value, int flags) {
        check(va, size, flags);
        for (int i = 0; i < size; i++) {
            ram[va + i] = (byte) (value >>> (8 * i));
        }
    }

    @Override public int read8(int va, int flags) { return get(va, 1, flags); }
    @Override public int read16(int va, int flags) { return get(va, 2, flags); }
    @Override public int read32(int va, int flags) { return get(va, 4, flags); }

    @Override
    public long read64(int va, int flags) {
        check(va, (flags & WORD_ALIGNED) != 0 ? 4 : 8, flags);
        return (get(va, 4, 0) & 0xffffffffL) | ((long) get(va + 4, 4, 0) << 32);
    }

    @Override public void write8(int va, int value, int flags) { put(va, 1, value, flags); }
    @Override public void write16(int va, int value, int flags) { put(va, 2, value, flags); }
    @Override public void write32(int va, int value, int flags) { put(va, 4, value, flags); }

    @Override
    public void write64(int va, long value, int flags) {
        check(va, (flags & WORD_ALIGNED) != 0 ? 4 : 8, flags);
        put(va, 4, (int) value, 0);
        put(va + 4, 4, (int) (value >>> 32), 0);
    }

    @Override public int fetch16(int va, int flags) { return get(va, 2, flags); }
    @Override public int fetch32(int va, int flags) { return get(va, 4, flags); }
    @Override public long translate(int va, boolean write, int flags) { return va & 0xffffffffL; }
}
