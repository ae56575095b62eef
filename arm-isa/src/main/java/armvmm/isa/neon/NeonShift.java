package armvmm.isa.neon;

import static armvmm.isa.vfp.FpFormat.SINGLE;

import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.decode.Insn;
import armvmm.isa.vfp.FpConvert;
import armvmm.isa.vfp.FpStatus;
import armvmm.isa.vfp.Fpscr;
import armvmm.isa.vfp.VfpAccess;

/**
 * Advanced SIMD "two registers and a shift amount" (ARM ARM A7.4.4): shifts by an immediate, with
 * accumulate, insert, rounding, saturation, narrowing (Dd from Qm) and lengthening (Qd from Dm), and VCVT
 * between single precision and fixed point.
 */
public final class NeonShift extends Insn {
    enum Shape { SAME, NARROW, LONG }

    public enum Op {
        VSHR(Shape.SAME), VSRA(Shape.SAME), VRSHR(Shape.SAME), VRSRA(Shape.SAME), VSRI(Shape.SAME), VSHL(Shape.SAME),
        VSLI(Shape.SAME), VQSHL(Shape.SAME), VQSHLU(Shape.SAME), VSHRN(Shape.NARROW), VRSHRN(Shape.NARROW),
        VQSHRN(Shape.NARROW), VQRSHRN(Shape.NARROW), VQSHRUN(Shape.NARROW), VQRSHRUN(Shape.NARROW), VSHLL(Shape.LONG),
        VCVT_TO_FIXED(Shape.SAME), VCVT_FROM_FIXED(Shape.SAME);

        final Shape shape;

        Op(Shape shape) {
            this.shape = shape;
        }
    }

    public final Op op;
    public final boolean unsigned;
    /** Element size (the narrow one for the narrowing and lengthening forms), shift amount, registers. */
    public final int esize, shift, regs, d, m;

    public NeonShift(int pc, boolean thumb, Op op, boolean unsigned, int esize, int shift, int regs, int d, int m) {
        super(pc, 4, thumb);
        this.op = op;
        this.unsigned = unsigned;
        this.esize = esize;
        this.shift = shift;
        this.regs = regs;
        this.d = d;
        this.m = m;
    }

    static Insn decode(int x, int pc, boolean thumb) {
        boolean u = (x & (1 << 24)) != 0;
        boolean l = (x & 0x80) != 0;
        boolean q = (x & 0x40) != 0;
        int imm6 = (x >>> 16) & 0x3f;
        int opc = (x >>> 8) & 0xf;
        int esize = l ? 64 : imm6 >= 32 ? 32 : imm6 >= 16 ? 16 : 8;
        int right = l ? 64 - imm6 : 2 * esize - imm6;
        int left = l ? imm6 : imm6 - esize;
        int d = NeonDecoder.dReg(x);
        int m = NeonDecoder.mReg(x);
        Op op;
        int amount;
        boolean uns = u;
        switch (opc) {
            case 0 -> { op = Op.VSHR; amount = right; }
            case 1 -> { op = Op.VSRA; amount = right; }
            case 2 -> { op = Op.VRSHR; amount = right; }
            case 3 -> { op = Op.VRSRA; amount = right; }
            case 4 -> { op = u ? Op.VSRI : null; amount = right; }
            case 5 -> { op = u ? Op.VSLI : Op.VSHL; amount = left; }
            case 6 -> { op = u ? Op.VQSHLU : null; amount = left; uns = false; }
            case 7 -> { op = Op.VQSHL; amount = left; }
            case 8 -> {
                op = l ? null : u ? (q ? Op.VQRSHRUN : Op.VQSHRUN) : (q ? Op.VRSHRN : Op.VSHRN);
                amount = right;
                uns = false;
            }
            case 9 -> { op = l ? null : q ? Op.VQRSHRN : Op.VQSHRN; amount = right; }
            case 10 -> { op = l || q ? null : Op.VSHLL; amount = left; }
            case 14, 15 -> {
                op = l || imm6 < 32 ? null : (opc == 15 ? Op.VCVT_TO_FIXED : Op.VCVT_FROM_FIXED);
                amount = 64 - imm6;
                esize = 32;
            }
            default -> { op = null; amount = 0; }
        }
        if (op == null) {
            return null;
        }
        switch (op.shape) {
            case SAME -> {
                if (q && ((d | m) & 1) != 0) {
                    return null;
                }
                return new NeonShift(pc, thumb, op, uns, esize, amount, q ? 2 : 1, d, m);
            }
            case NARROW -> {
                if ((m & 1) != 0) {
                    return null;
                }
                return new NeonShift(pc, thumb, op, uns, esize, amount, 1, d, m);
            }
            default -> {
                if ((d & 1) != 0) {
                    return null;
                }
                return new NeonShift(pc, thumb, op, uns, esize, amount, 1, d, m);
            }
        }
    }

    @Override
    public boolean coreRegistersUnused() { return true; }

    @Override
    public void execute(ArmCpu cpu) {
        FpStatus st = VfpAccess.beginSimd(cpu);
        long[] r = cpu.d;
        int lanes = 64 / esize;
        switch (op.shape) {
            case SAME -> {
                int ctl = Fpscr.standard(st.fpscr);
                for (int j = 0; j < regs; j++) {
                    long src = r[m + j];
                    long acc = r[d + j];
                    long res = 0;
                    for (int i = 0; i < lanes; i++) {
                        long a = Lanes.get(src, esize, i, unsigned);
                        res = Lanes.put(res, esize, i, element(a, Lanes.get(acc, esize, i), ctl, st));
                    }
                    r[d + j] = res;
                }
            }
            case NARROW -> {
                long lo = r[m], hi = r[m + 1];
                int wide = 2 * esize;
                boolean round = op == Op.VRSHRN || op == Op.VQRSHRN || op == Op.VQRSHRUN;
                boolean srcUnsigned = unsigned && (op == Op.VQSHRN || op == Op.VQRSHRN);
                long res = 0;
                for (int i = 0; i < lanes; i++) {
                    long a = NeonThreeDiff.qget(lo, hi, wide, i, srcUnsigned || op == Op.VSHRN || op == Op.VRSHRN);
                    long v = NeonInteger.shiftRight(wide, srcUnsigned || op == Op.VSHRN || op == Op.VRSHRN, a, shift,
                            round);
                    v = switch (op) {
                        case VQSHRN, VQRSHRN -> srcUnsigned ? NeonInteger.satUnsigned(v, esize, st)
                                : NeonInteger.satS(v, esize, st);
                        case VQSHRUN, VQRSHRUN -> NeonInteger.satU(v, esize, st);
                        default -> v;
                    };
                    res = Lanes.put(res, esize, i, v);
                }
                r[d] = res;
            }
            case LONG -> {
                long src = r[m];
                int wide = 2 * esize;
                for (int i = 0; i < lanes; i++) {
                    Lanes.putQ(r, d, wide, i, Lanes.get(src, esize, i, unsigned) << shift);
                }
            }
        }
        cpu.fpscr = st.fpscr;
    }

    private long element(long a, long acc, int ctl, FpStatus st) {
        long mask = Lanes.mask(esize);
        return switch (op) {
            case VSHR -> NeonInteger.shiftRight(esize, unsigned, a, shift, false);
            case VRSHR -> NeonInteger.shiftRight(esize, unsigned, a, shift, true);
            case VSRA -> acc + NeonInteger.shiftRight(esize, unsigned, a, shift, false);
            case VRSRA -> acc + NeonInteger.shiftRight(esize, unsigned, a, shift, true);
            case VSRI -> {
                long insert = shift >= 64 ? 0 : mask >>> shift;
                yield (acc & ~insert) | ((shift >= 64 ? 0 : (a & mask) >>> shift) & insert);
            }
            case VSHL -> a << shift;
            case VSLI -> {
                long insert = (mask << shift) & mask;
                yield (acc & ~insert) | ((a << shift) & insert);
            }
            case VQSHL -> NeonInteger.qshl(esize, unsigned, a, shift, st);
            case VQSHLU -> NeonInteger.qshlu(esize, a, shift, st);
            case VCVT_TO_FIXED -> FpConvert.toFixed(SINGLE, a & 0xffffffffL, 32, shift, unsigned, true, ctl, st);
            case VCVT_FROM_FIXED -> FpConvert.fromFixed(SINGLE, unsigned ? a & 0xffffffffL : (int) a, shift, true, ctl, st);
            default -> throw new IllegalStateException(op.name());
        };
    }

    @Override
    public String toString() {
        return String.format("%s.%s%d d%d, d%d, #%d@%08x", op.name().toLowerCase(), unsigned ? "u" : "s", esize, d, m,
                shift, pc);
    }
}
