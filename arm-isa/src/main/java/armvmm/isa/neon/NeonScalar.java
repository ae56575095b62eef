package armvmm.isa.neon;

import static armvmm.isa.vfp.FpFormat.SINGLE;

import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.decode.Insn;
import armvmm.isa.vfp.FpArithmetic;
import armvmm.isa.vfp.FpStatus;
import armvmm.isa.vfp.Fpscr;
import armvmm.isa.vfp.VfpAccess;

/**
 * Advanced SIMD "two registers and a scalar" (ARM ARM A7.4.3): every element of Vn combined with one element
 * Dm[index], into Vd (same length) or Qd (long forms).
 */
public final class NeonScalar extends Insn {
    public enum Op { VMLA, VMLS, VMUL, VMLA_F, VMLS_F, VMUL_F, VMLAL, VMLSL, VMULL, VQDMLAL, VQDMLSL, VQDMULL, VQDMULH, VQRDMULH }

    public final Op op;
    public final boolean unsigned;
    public final int esize, regs, d, n, m, index;

    public NeonScalar(int pc, boolean thumb, Op op, boolean unsigned, int esize, int regs, int d, int n, int m,
            int index) {
        super(pc, 4, thumb);
        this.op = op;
        this.unsigned = unsigned;
        this.esize = esize;
        this.regs = regs;
        this.d = d;
        this.n = n;
        this.m = m;
        this.index = index;
    }

    static Insn decode(int x, int pc, boolean thumb) {
        boolean bit24 = (x & (1 << 24)) != 0;
        int size = (x >>> 20) & 3;
        int opc = (x >>> 8) & 0xf;
        // Bit 8 selects floating point only for VMLA, VMLS and VMUL (opc 000F, 010F, 100F).
        boolean f = (x & 0x100) != 0 && (opc & 2) == 0 && opc < 10;
        Op op = switch (opc) {
            case 0, 1 -> f ? Op.VMLA_F : Op.VMLA;
            case 4, 5 -> f ? Op.VMLS_F : Op.VMLS;
            case 8, 9 -> f ? Op.VMUL_F : Op.VMUL;
            case 2 -> Op.VMLAL;
            case 6 -> Op.VMLSL;
            case 10 -> Op.VMULL;
            case 3 -> bit24 ? null : Op.VQDMLAL;
            case 7 -> bit24 ? null : Op.VQDMLSL;
            case 11 -> bit24 ? null : Op.VQDMULL;
            case 12 -> Op.VQDMULH;
            case 13 -> Op.VQRDMULH;
            default -> null;
        };
        if (op == null || size == 0 || (f && size != 2)) {
            return null;
        }
        int d = NeonDecoder.dReg(x);
        int n = NeonDecoder.nReg(x);
        int vm = x & 0xf;
        int mBit = (x >>> 5) & 1;
        int m = size == 1 ? vm & 7 : vm;
        int index = size == 1 ? (mBit << 1) | (vm >>> 3) : mBit;
        boolean isLong = op == Op.VMLAL || op == Op.VMLSL || op == Op.VMULL || op == Op.VQDMLAL || op == Op.VQDMLSL
                || op == Op.VQDMULL;
        if (isLong) {
            if ((d & 1) != 0) {
                return null;
            }
            boolean u = bit24 && (op == Op.VMLAL || op == Op.VMLSL || op == Op.VMULL);
            return new NeonScalar(pc, thumb, op, u, 8 << size, 1, d, n, m, index);
        }
        boolean q = bit24;
        if (q && ((d | n) & 1) != 0) {
            return null;
        }
        // Floating-point elements are bit patterns: extract them zero-extended.
        return new NeonScalar(pc, thumb, op, f, 8 << size, q ? 2 : 1, d, n, m, index);
    }

    @Override
    public boolean coreRegistersUnused() { return true; }

    @Override
    public void execute(ArmCpu cpu) {
        FpStatus st = VfpAccess.beginSimd(cpu);
        long[] r = cpu.d;
        long scalar = Lanes.get(r[m], esize, index, unsigned);
        long signedScalar = Lanes.sget(r[m], esize, index);
        int lanes = 64 / esize;
        int ctl = Fpscr.standard(st.fpscr);
        switch (op) {
            case VMLAL, VMLSL, VMULL, VQDMLAL, VQDMLSL, VQDMULL -> {
                long src = r[n];
                long acc0 = r[d], acc1 = r[d + 1];
                int wide = 2 * esize;
                for (int i = 0; i < lanes; i++) {
                    long a = Lanes.get(src, esize, i, unsigned);
                    long acc = NeonThreeDiff.qget(acc0, acc1, wide, i, unsigned);
                    long v = switch (op) {
                        case VMLAL -> acc + a * scalar;
                        case VMLSL -> acc - a * scalar;
                        case VMULL -> a * scalar;
                        case VQDMULL -> NeonInteger.qdmull(esize, a, scalar, st);
                        case VQDMLAL -> NeonInteger.qadd(wide, false, acc, NeonInteger.qdmull(esize, a, scalar, st), st);
                        default -> NeonInteger.qsub(wide, false, acc, NeonInteger.qdmull(esize, a, scalar, st), st);
                    };
                    Lanes.putQ(r, d, wide, i, v);
                }
            }
            default -> {
                for (int j = 0; j < regs; j++) {
                    long src = r[n + j];
                    long accReg = r[d + j];
                    long res = 0;
                    for (int i = 0; i < lanes; i++) {
                        long a = Lanes.get(src, esize, i, unsigned);
                        long acc = Lanes.get(accReg, esize, i, unsigned);
                        long v = switch (op) {
                            case VMLA -> acc + a * scalar;
                            case VMLS -> acc - a * scalar;
                            case VMUL -> a * scalar;
                            case VMLA_F -> FpArithmetic.mla(SINGLE, acc, a, scalar, ctl, st);
                            case VMLS_F -> FpArithmetic.mls(SINGLE, acc, a, scalar, ctl, st);
                            case VMUL_F -> FpArithmetic.mul(SINGLE, a, scalar, ctl, st);
                            case VQDMULH -> NeonInteger.qdmulh(esize, Lanes.sget(src, esize, i), signedScalar, false, st);
                            default -> NeonInteger.qdmulh(esize, Lanes.sget(src, esize, i), signedScalar, true, st);
                        };
                        res = Lanes.put(res, esize, i, v);
                    }
                    r[d + j] = res;
                }
            }
        }
        cpu.fpscr = st.fpscr;
    }

    @Override
    public String toString() {
        return String.format("%s.%d d%d, d%d, d%d[%d]@%08x", op.name().toLowerCase(), esize, d, n, m, index, pc);
    }
}
