package armvmm.isa.vfp;

import static armvmm.isa.vfp.ExtensionRegisters.s;
import static armvmm.isa.vfp.ExtensionRegisters.setS;

import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.decode.Insn;

/**
 * Moves between core and extension registers (ARM ARM A7.8, A7.9): VMOV Rt <-> Sn, VMOV Rt, Rt2 <-> Dm or
 * Sm, Sm+1, VMOV Rt <-> Dd[x] (8, 16 and 32-bit scalars, signed or unsigned), and VDUP from a core register.
 */
public final class VfpTransfer extends Insn {
    public enum Kind {
        /** VMOV Sn, Rt / VMOV Rt, Sn. */
        SINGLE,
        /** VMOV Dm, Rt, Rt2 / VMOV Rt, Rt2, Dm. */
        DOUBLE,
        /** VMOV Sm, Sm1, Rt, Rt2 / VMOV Rt, Rt2, Sm, Sm1. */
        TWO_SINGLES,
        /** VMOV Dd[x], Rt / VMOV Rt, Dn[x]. */
        SCALAR,
        /** VDUP Dd/Qd, Rt. */
        DUP
    }

    public final Kind kind;
    public final boolean toCore;
    public final int v, rt, rt2;
    /** SCALAR and DUP: element size in bits, lane index (SCALAR), register count (DUP: 1 or 2). */
    public final int esize, index, regs;
    public final boolean unsigned;

    public VfpTransfer(int pc, boolean thumb, Kind kind, boolean toCore, int v, int rt, int rt2, int esize, int index,
            int regs, boolean unsigned) {
        super(pc, 4, thumb);
        this.kind = kind;
        this.toCore = toCore;
        this.v = v;
        this.rt = rt;
        this.rt2 = rt2;
        this.esize = esize;
        this.index = index;
        this.regs = regs;
        this.unsigned = unsigned;
    }

    @Override
    public void execute(ArmCpu cpu) {
        VfpAccess.checkEnabled(cpu, (kind == Kind.SCALAR && esize != 32) || kind == Kind.DUP);
        switch (kind) {
            case SINGLE -> {
                if (toCore) {
                    cpu.r[rt] = (int) s(cpu, v);
                } else {
                    setS(cpu, v, cpu.r[rt] & 0xffffffffL);
                }
            }
            case DOUBLE -> {
                if (toCore) {
                    long x = cpu.d[v];
                    cpu.r[rt] = (int) x;
                    cpu.r[rt2] = (int) (x >>> 32);
                } else {
                    cpu.d[v] = (cpu.r[rt] & 0xffffffffL) | ((long) cpu.r[rt2] << 32);
                }
            }
            case TWO_SINGLES -> {
                if (toCore) {
                    cpu.r[rt] = (int) s(cpu, v);
                    cpu.r[rt2] = (int) s(cpu, v + 1);
                } else {
                    setS(cpu, v, cpu.r[rt] & 0xffffffffL);
                    setS(cpu, v + 1, cpu.r[rt2] & 0xffffffffL);
                }
            }
            case SCALAR -> {
                int shift = index * esize;
                long mask = esize == 32 ? 0xffffffffL : (1L << esize) - 1;
                if (toCore) {
                    long x = (cpu.d[v] >>> shift) & mask;
                    cpu.r[rt] = unsigned || esize == 32 ? (int) x : (int) (x << (64 - esize) >> (64 - esize));
                } else {
                    cpu.d[v] = (cpu.d[v] & ~(mask << shift)) | ((cpu.r[rt] & mask) << shift);
                }
            }
            case DUP -> {
                long x = cpu.r[rt] & 0xffffffffL;
                long lane = esize == 32 ? x : x & ((1L << esize) - 1);
                long all = lane;
                for (int w = esize; w < 64; w <<= 1) {
                    all |= all << w;
                }
                for (int i = 0; i < regs; i++) {
                    cpu.d[v + i] = all;
                }
            }
        }
    }

    @Override
    public String toString() {
        return String.format("vmov/%s %s v%d r%d@%08x", kind.name().toLowerCase(), toCore ? "to-core" : "from-core", v,
                rt, pc);
    }
}
