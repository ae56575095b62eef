package armvmm.isa.neon;

import static armvmm.isa.vfp.FpFormat.SINGLE;

import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.decode.Insn;
import armvmm.isa.vfp.FpArithmetic;
import armvmm.isa.vfp.FpCompare;
import armvmm.isa.vfp.FpStatus;
import armvmm.isa.vfp.Fpscr;
import armvmm.isa.vfp.VfpAccess;

/** Advanced SIMD "three registers of the same length" (ARM ARM A7.4.1): Vd = f(Vn, Vm) lane by lane. */
public final class NeonThreeSame extends Insn {
    enum Kind { INTEGER, BITWISE, PAIRWISE, FLOAT, FLOAT_PAIRWISE }

    public enum Op {
        VHADD(Kind.INTEGER), VQADD(Kind.INTEGER), VRHADD(Kind.INTEGER), VHSUB(Kind.INTEGER), VQSUB(Kind.INTEGER),
        VCGT(Kind.INTEGER), VCGE(Kind.INTEGER), VSHL(Kind.INTEGER), VQSHL(Kind.INTEGER), VRSHL(Kind.INTEGER),
        VQRSHL(Kind.INTEGER), VMAX(Kind.INTEGER), VMIN(Kind.INTEGER), VABD(Kind.INTEGER), VABA(Kind.INTEGER),
        VADD(Kind.INTEGER), VSUB(Kind.INTEGER), VTST(Kind.INTEGER), VCEQ(Kind.INTEGER), VMLA(Kind.INTEGER),
        VMLS(Kind.INTEGER), VMUL(Kind.INTEGER), VMUL_P(Kind.INTEGER), VQDMULH(Kind.INTEGER), VQRDMULH(Kind.INTEGER),
        VPMAX(Kind.PAIRWISE), VPMIN(Kind.PAIRWISE), VPADD(Kind.PAIRWISE),
        VAND(Kind.BITWISE), VBIC(Kind.BITWISE), VORR(Kind.BITWISE), VORN(Kind.BITWISE), VEOR(Kind.BITWISE),
        VBSL(Kind.BITWISE), VBIT(Kind.BITWISE), VBIF(Kind.BITWISE),
        VADD_F(Kind.FLOAT), VSUB_F(Kind.FLOAT), VABD_F(Kind.FLOAT), VMLA_F(Kind.FLOAT), VMLS_F(Kind.FLOAT),
        VMUL_F(Kind.FLOAT), VCEQ_F(Kind.FLOAT), VCGE_F(Kind.FLOAT), VCGT_F(Kind.FLOAT), VACGE_F(Kind.FLOAT),
        VACGT_F(Kind.FLOAT), VMAX_F(Kind.FLOAT), VMIN_F(Kind.FLOAT), VRECPS_F(Kind.FLOAT), VRSQRTS_F(Kind.FLOAT),
        VFMA_F(Kind.FLOAT), VFMS_F(Kind.FLOAT),
        VPADD_F(Kind.FLOAT_PAIRWISE), VPMAX_F(Kind.FLOAT_PAIRWISE), VPMIN_F(Kind.FLOAT_PAIRWISE);

        final Kind kind;

        Op(Kind kind) {
            this.kind = kind;
        }
    }

    public final Op op;
    public final boolean unsigned;
    public final int esize, regs, d, n, m;

    public NeonThreeSame(int pc, boolean thumb, Op op, boolean unsigned, int esize, int regs, int d, int n, int m) {
        super(pc, 4, thumb);
        this.op = op;
        this.unsigned = unsigned;
        this.esize = esize;
        this.regs = regs;
        this.d = d;
        this.n = n;
        this.m = m;
    }

    @Override
    public boolean coreRegistersUnused() { return true; }

    @Override
    public void execute(ArmCpu cpu) {
        FpStatus st = VfpAccess.beginSimd(cpu);
        long[] r = cpu.d;
        int ctl = Fpscr.standard(st.fpscr);
        for (int i = 0; i < regs; i++) {
            long a = r[n + i];
            long b = r[m + i];
            long acc = r[d + i];
            r[d + i] = switch (op.kind) {
                case BITWISE -> bitwise(a, b, acc);
                case INTEGER -> lanes(a, b, acc, st);
                case PAIRWISE -> pairwise(a, b, st);
                case FLOAT -> floatLanes(a, b, acc, ctl, st);
                case FLOAT_PAIRWISE -> floatPairwise(a, b, ctl, st);
            };
        }
        cpu.fpscr = st.fpscr;
    }

    private long bitwise(long a, long b, long acc) {
        return switch (op) {
            case VAND -> a & b;
            case VBIC -> a & ~b;
            case VORR -> a | b;
            case VORN -> a | ~b;
            case VEOR -> a ^ b;
            case VBSL -> (acc & a) | (~acc & b);
            case VBIT -> (a & b) | (acc & ~b);
            default -> (acc & b) | (a & ~b); // VBIF
        };
    }

    private long lanes(long a, long b, long acc, FpStatus st) {
        long res = 0;
        for (int i = 0; i < 64 / esize; i++) {
            long x = Lanes.get(a, esize, i, unsigned);
            long y = Lanes.get(b, esize, i, unsigned);
            long z = Lanes.get(acc, esize, i, unsigned);
            res = Lanes.put(res, esize, i, lane(x, y, z, st));
        }
        return res;
    }

    private long lane(long x, long y, long acc, FpStatus st) {
        return switch (op) {
            case VHADD -> (x + y) >> 1;
            case VRHADD -> (x + y + 1) >> 1;
            case VHSUB -> (x - y) >> 1;
            case VQADD -> NeonInteger.qadd(esize, unsigned, x, y, st);
            case VQSUB -> NeonInteger.qsub(esize, unsigned, x, y, st);
            case VCGT -> NeonInteger.compare(esize, unsigned, x, y) > 0 ? -1 : 0;
            case VCGE -> NeonInteger.compare(esize, unsigned, x, y) >= 0 ? -1 : 0;
            // The register shifts shift Vm by the amounts in Vn (VSHL Dd, Dm, Dn).
            case VSHL -> NeonInteger.shiftByRegister(esize, unsigned, y, (byte) x, false, false, st);
            case VQSHL -> NeonInteger.shiftByRegister(esize, unsigned, y, (byte) x, false, true, st);
            case VRSHL -> NeonInteger.shiftByRegister(esize, unsigned, y, (byte) x, true, false, st);
            case VQRSHL -> NeonInteger.shiftByRegister(esize, unsigned, y, (byte) x, true, true, st);
            case VMAX -> NeonInteger.compare(esize, unsigned, x, y) >= 0 ? x : y;
            case VMIN -> NeonInteger.compare(esize, unsigned, x, y) <= 0 ? x : y;
            case VABD -> NeonInteger.absDiff(x, y);
            case VABA -> acc + NeonInteger.absDiff(x, y);
            case VADD -> x + y;
            case VSUB -> x - y;
            case VTST -> (x & y & Lanes.mask(esize)) != 0 ? -1 : 0;
            case VCEQ -> x == y ? -1 : 0;
            case VMLA -> acc + x * y;
            case VMLS -> acc - x * y;
            case VMUL -> x * y;
            case VMUL_P -> NeonInteger.polyMul(x, y, esize);
            case VQDMULH -> NeonInteger.qdmulh(esize, x, y, false, st);
            case VQRDMULH -> NeonInteger.qdmulh(esize, x, y, true, st);
            default -> throw new IllegalStateException(op.name());
        };
    }

    private long pairwise(long a, long b, FpStatus st) {
        int half = 32 / esize;
        long res = 0;
        for (int i = 0; i < half; i++) {
            res = Lanes.put(res, esize, i, pair(Lanes.get(a, esize, 2 * i, unsigned), Lanes.get(a, esize, 2 * i + 1, unsigned)));
            res = Lanes.put(res, esize, i + half,
                    pair(Lanes.get(b, esize, 2 * i, unsigned), Lanes.get(b, esize, 2 * i + 1, unsigned)));
        }
        return res;
    }

    private long pair(long x, long y) {
        return switch (op) {
            case VPMAX -> Math.max(x, y);
            case VPMIN -> Math.min(x, y);
            default -> x + y;
        };
    }

    private long floatLanes(long a, long b, long acc, int ctl, FpStatus st) {
        long lo = floatLane(a & 0xffffffffL, b & 0xffffffffL, acc & 0xffffffffL, ctl, st);
        long hi = floatLane(a >>> 32, b >>> 32, acc >>> 32, ctl, st);
        return (lo & 0xffffffffL) | (hi << 32);
    }

    private long floatLane(long x, long y, long acc, int ctl, FpStatus st) {
        return switch (op) {
            case VADD_F -> FpArithmetic.add(SINGLE, x, y, ctl, st);
            case VSUB_F -> FpArithmetic.sub(SINGLE, x, y, ctl, st);
            case VABD_F -> NeonFloat.absDiff(x, y, ctl, st);
            case VMLA_F -> FpArithmetic.mla(SINGLE, acc, x, y, ctl, st);
            case VMLS_F -> FpArithmetic.mls(SINGLE, acc, x, y, ctl, st);
            case VMUL_F -> FpArithmetic.mul(SINGLE, x, y, ctl, st);
            case VCEQ_F -> FpCompare.compareEq(SINGLE, x, y, ctl, st) ? 0xffffffffL : 0;
            case VCGE_F -> FpCompare.compareGe(SINGLE, x, y, ctl, st) ? 0xffffffffL : 0;
            case VCGT_F -> FpCompare.compareGt(SINGLE, x, y, ctl, st) ? 0xffffffffL : 0;
            case VACGE_F -> NeonFloat.absCompare(x, y, true, ctl, st) ? 0xffffffffL : 0;
            case VACGT_F -> NeonFloat.absCompare(x, y, false, ctl, st) ? 0xffffffffL : 0;
            case VMAX_F -> FpCompare.max(SINGLE, x, y, ctl, st);
            case VMIN_F -> FpCompare.min(SINGLE, x, y, ctl, st);
            case VRECPS_F -> NeonFloat.recipStep(x, y, ctl, st);
            case VRSQRTS_F -> NeonFloat.rsqrtStep(x, y, ctl, st);
            case VFMA_F -> FpArithmetic.fma(SINGLE, acc, x, y, ctl, st);
            case VFMS_F -> FpArithmetic.fms(SINGLE, acc, x, y, ctl, st);
            default -> throw new IllegalStateException(op.name());
        };
    }

    private long floatPairwise(long a, long b, int ctl, FpStatus st) {
        long lo = floatPair(a & 0xffffffffL, a >>> 32, ctl, st);
        long hi = floatPair(b & 0xffffffffL, b >>> 32, ctl, st);
        return (lo & 0xffffffffL) | (hi << 32);
    }

    private long floatPair(long x, long y, int ctl, FpStatus st) {
        return switch (op) {
            case VPMAX_F -> FpCompare.max(SINGLE, x, y, ctl, st);
            case VPMIN_F -> FpCompare.min(SINGLE, x, y, ctl, st);
            default -> FpArithmetic.add(SINGLE, x, y, ctl, st);
        };
    }

    @Override
    public String toString() {
        return String.format("%s.%s%d d%d, d%d, d%d (x%d)@%08x", op.name().toLowerCase(), unsigned ? "u" : "s", esize, d,
                n, m, regs, pc);
    }
}
