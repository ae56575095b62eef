package armvmm.isa.insn;

import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.decode.Insn;
import armvmm.isa.mem.MemoryAccess;

/**
 * LDREX/STREX in byte, halfword, word and doubleword sizes, and CLREX (ARM ARM A3.4, A8.8.75-A8.8.78,
 * A8.8.212-A8.8.215). The local monitor tags the physical address; an STREX whose address and size do not
 * match the last LDREX, or whose location another vCPU changed since (the {@link armvmm.isa.cpu.GlobalMonitor}),
 * stores nothing and returns 1 in Rd.
 */
public final class Exclusive extends Insn {
    public enum Op { LDREX, LDREXB, LDREXH, LDREXD, STREX, STREXB, STREXH, STREXD, CLREX }

    final Op op;
    final int rd, rt, rt2, rn, imm;
    private static final int F = MemoryAccess.EXCLUSIVE | MemoryAccess.ALIGNED;
    // LDREXD/STREXD need 8-byte alignment: ALIGNED without WORD_ALIGNED.

    /** {@code imm}: the T32 LDREX/STREX word offset (zero elsewhere). */
    public Exclusive(int pc, int size, boolean thumb, Op op, int rd, int rt, int rt2, int rn, int imm) {
        super(pc, size, thumb);
        this.op = op;
        this.rd = rd;
        this.rt = rt;
        this.rt2 = rt2;
        this.rn = rn;
        this.imm = imm;
    }

    @Override
    public void execute(ArmCpu cpu) {
        int[] r = cpu.r;
        int a = r[rn] + imm;
        switch (op) {
            case LDREX -> { int d = cpu.read32(a, F); cpu.setExclusive(a, 4, d & 0xffffffffL); r[rt] = d; }
            case LDREXB -> { int d = cpu.read8(a, F); cpu.setExclusive(a, 1, d); r[rt] = d; }
            case LDREXH -> { int d = cpu.read16(a, F); cpu.setExclusive(a, 2, d); r[rt] = d; }
            case LDREXD -> {
                long d = cpu.read64(a, F);
                cpu.setExclusive(a, 8, d);
                r[rt] = (int) d;
                r[rt2] = (int) (d >>> 32);
            }
            case STREX -> r[rd] = cpu.storeExclusive(a, 4, r[rt] & 0xffffffffL) ? 0 : 1;
            case STREXB -> r[rd] = cpu.storeExclusive(a, 1, r[rt] & 0xff) ? 0 : 1;
            case STREXH -> r[rd] = cpu.storeExclusive(a, 2, r[rt] & 0xffff) ? 0 : 1;
            case STREXD -> r[rd] = cpu.storeExclusive(a, 8, (r[rt] & 0xffffffffL) | ((long) r[rt2] << 32)) ? 0 : 1;
            case CLREX -> cpu.clearExclusive();
        }
    }

    @Override
    public String toString() { return op + super.toString(); }
}
