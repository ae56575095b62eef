package armvmm.isa.neon;

import static armvmm.isa.vfp.FpFormat.SINGLE;

import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.decode.Insn;
import armvmm.isa.vfp.FpCompare;
import armvmm.isa.vfp.FpConvert;
import armvmm.isa.vfp.FpStatus;
import armvmm.isa.vfp.Fpscr;
import armvmm.isa.vfp.VfpAccess;

/** Advanced SIMD "two registers, miscellaneous" (ARM ARM A7.4.5), apart from the permutations ({@link NeonPermute}). */
public final class NeonMisc extends Insn {
    enum Shape { SAME, NARROW, LONG }

    public enum Op {
        VREV64(Shape.SAME), VREV32(Shape.SAME), VREV16(Shape.SAME), VPADDL(Shape.SAME), VPADAL(Shape.SAME),
        VCLS(Shape.SAME), VCLZ(Shape.SAME), VCNT(Shape.SAME), VMVN(Shape.SAME), VQABS(Shape.SAME), VQNEG(Shape.SAME),
        VCGT0(Shape.SAME), VCGE0(Shape.SAME), VCEQ0(Shape.SAME), VCLE0(Shape.SAME), VCLT0(Shape.SAME),
        VABS(Shape.SAME), VNEG(Shape.SAME),
        VCGT0_F(Shape.SAME), VCGE0_F(Shape.SAME), VCEQ0_F(Shape.SAME), VCLE0_F(Shape.SAME), VCLT0_F(Shape.SAME),
        VABS_F(Shape.SAME), VNEG_F(Shape.SAME),
        VMOVN(Shape.NARROW), VQMOVUN(Shape.NARROW), VQMOVN(Shape.NARROW), VSHLL_MAX(Shape.LONG),
        VCVT_F16_F32(Shape.NARROW), VCVT_F32_F16(Shape.LONG),
        VRECPE(Shape.SAME), VRSQRTE(Shape.SAME), VRECPE_F(Shape.SAME), VRSQRTE_F(Shape.SAME),
        VCVT_F32_S32(Shape.SAME), VCVT_F32_U32(Shape.SAME), VCVT_S32_F32(Shape.SAME), VCVT_U32_F32(Shape.SAME);

        final Shape shape;

        Op(Shape shape) {
            this.shape = shape;
        }
    }

    public final Op op;
    public final boolean unsigned;
    public final int esize, regs, d, m;

    public NeonMisc(int pc, boolean thumb, Op op, boolean unsigned, int esize, int regs, int d, int m) {
        super(pc, 4, thumb);
        this.op = op;
        this.unsigned = unsigned;
        this.esize = esize;
        this.regs = regs;
        this.d = d;
        this.m = m;
    }

    static Insn decode(int x, int pc, boolean thumb) {
        int size = (x >>> 18) & 3;
        int a = (x >>> 16) & 3;
        int b = (x >>> 6) & 0x1f;
        boolean q = (b & 1) != 0;
        int d = NeonDecoder.dReg(x);
        int m = NeonDecoder.mReg(x);
        boolean f = (b & 0x10) != 0;
        Op op = null;
        boolean uns = false;
        switch (a) {
            case 0 -> {
                switch (b >>> 1) {
                    case 0 -> op = size < 3 ? Op.VREV64 : null;
                    case 1 -> op = size < 2 ? Op.VREV32 : null;
                    case 2 -> op = size == 0 ? Op.VREV16 : null;
                    case 4, 5 -> { op = Op.VPADDL; uns = (b & 2) != 0; }
                    case 8 -> op = Op.VCLS;
                    case 9 -> op = Op.VCLZ;
                    case 10 -> op = size == 0 ? Op.VCNT : null;
                    case 11 -> op = size == 0 ? Op.VMVN : null;
                    case 12, 13 -> { op = Op.VPADAL; uns = (b & 2) != 0; }
                    case 14 -> op = Op.VQABS;
                    case 15 -> op = Op.VQNEG;
                    default -> op = null;
                }
                if (op != null && size == 3) {
                    op = null;
                }
            }
            case 1 -> {
                op = switch ((b >>> 1) & 7) {
                    case 0 -> f ? Op.VCGT0_F : Op.VCGT0;
                    case 1 -> f ? Op.VCGE0_F : Op.VCGE0;
                    case 2 -> f ? Op.VCEQ0_F : Op.VCEQ0;
                    case 3 -> f ? Op.VCLE0_F : Op.VCLE0;
                    case 4 -> f ? Op.VCLT0_F : Op.VCLT0;
                    case 6 -> f ? Op.VABS_F : Op.VABS;
                    case 7 -> f ? Op.VNEG_F : Op.VNEG;
                    default -> null;
                };
                if (op != null && (size == 3 || (f && size != 2))) {
                    op = null;
                }
            }
            case 2 -> {
                int perm = b >>> 1;
                if (perm <= 3) {
                    NeonPermute.Op p = switch (perm) {
                        case 0 -> NeonPermute.Op.VSWP;
                        case 1 -> NeonPermute.Op.VTRN;
                        case 2 -> NeonPermute.Op.VUZP;
                        default -> NeonPermute.Op.VZIP;
                    };
                    return NeonPermute.decodeTwoRegister(p, size, q, d, m, pc, thumb);
                }
                switch (b) {
                    case 8 -> op = Op.VMOVN;
                    case 9 -> op = Op.VQMOVUN;
                    case 10, 11 -> { op = Op.VQMOVN; uns = b == 11; }
                    case 12 -> op = Op.VSHLL_MAX;
                    case 24 -> op = size == 1 ? Op.VCVT_F16_F32 : null;
                    case 28 -> op = size == 1 ? Op.VCVT_F32_F16 : null;
                    default -> op = null;
                }
                if (op != null && size == 3) {
                    op = null;
                }
                if (op == null) {
                    return null;
                }
                if (op.shape == Shape.NARROW ? (m & 1) != 0 : (d & 1) != 0) {
                    return null;
                }
                return new NeonMisc(pc, thumb, op, uns, 8 << size, 1, d, m);
            }
            default -> {
                if (size != 2) {
                    return null;
                }
                if ((b & 0x1a) == 0x10) {
                    op = (b & 4) != 0 ? Op.VRECPE_F : Op.VRECPE;
                } else if ((b & 0x1a) == 0x12) {
                    op = (b & 4) != 0 ? Op.VRSQRTE_F : Op.VRSQRTE;
                } else if ((b & 0x18) == 0x18) {
                    op = switch ((b >>> 1) & 3) {
                        case 0 -> Op.VCVT_F32_S32;
                        case 1 -> Op.VCVT_F32_U32;
                        case 2 -> Op.VCVT_S32_F32;
                        default -> Op.VCVT_U32_F32;
                    };
                }
            }
        }
        if (op == null || (q && ((d | m) & 1) != 0)) {
            return null;
        }
        return new NeonMisc(pc, thumb, op, uns, 8 << size, q ? 2 : 1, d, m);
    }

    @Override
    public boolean coreRegistersUnused() { return true; }

    @Override
    public void execute(ArmCpu cpu) {
        FpStatus st = VfpAccess.beginSimd(cpu);
        long[] r = cpu.d;
        int ctl = Fpscr.standard(st.fpscr);
        switch (op.shape) {
            case SAME -> {
                for (int j = 0; j < regs; j++) {
                    r[d + j] = same(r[m + j], r[d + j], ctl, st);
                }
            }
            case NARROW -> {
                long lo = r[m], hi = r[m + 1];
                long res = 0;
                if (op == Op.VCVT_F16_F32) {
                    for (int i = 0; i < 4; i++) {
                        long single = NeonThreeDiff.qget(lo, hi, 32, i, true);
                        res = Lanes.put(res, 16, i, FpConvert.singleToHalf(single, ctl, st));
                    }
                } else {
                    int wide = 2 * esize;
                    int lanes = 64 / esize;
                    for (int i = 0; i < lanes; i++) {
                        long v = NeonThreeDiff.qget(lo, hi, wide, i, unsigned);
                        v = switch (op) {
                            case VQMOVN -> unsigned ? NeonInteger.satUnsigned(v, esize, st) : NeonInteger.satS(v, esize, st);
                            case VQMOVUN -> NeonInteger.satU(v, esize, st);
                            default -> v;
                        };
                        res = Lanes.put(res, esize, i, v);
                    }
                }
                r[d] = res;
            }
            case LONG -> {
                long src = r[m];
                if (op == Op.VCVT_F32_F16) {
                    for (int i = 0; i < 4; i++) {
                        long single = FpConvert.halfToSingle(Lanes.get(src, 16, i), ctl, st);
                        Lanes.putQ(r, d, 32, i, single);
                    }
                } else {
                    int wide = 2 * esize;
                    int lanes = 64 / esize;
                    for (int i = 0; i < lanes; i++) {
                        long v = Lanes.get(src, esize, i) << esize;
                        Lanes.putQ(r, d, wide, i, v);
                    }
                }
            }
        }
        cpu.fpscr = st.fpscr;
    }

    private long same(long src, long acc, int ctl, FpStatus st) {
        switch (op) {
            case VREV64, VREV32, VREV16 -> {
                int container = op == Op.VREV64 ? 64 : op == Op.VREV32 ? 32 : 16;
                int per = container / esize;
                long res = 0;
                for (int i = 0; i < 64 / esize; i++) {
                    int base = (i / per) * per;
                    int j = base + (per - 1 - (i - base));
                    res = Lanes.put(res, esize, j, Lanes.get(src, esize, i));
                }
                return res;
            }
            case VPADDL, VPADAL -> {
                int wide = 2 * esize;
                long res = 0;
                for (int i = 0; i < 64 / wide; i++) {
                    long v = Lanes.get(src, esize, 2 * i, unsigned) + Lanes.get(src, esize, 2 * i + 1, unsigned);
                    if (op == Op.VPADAL) {
                        v += Lanes.get(acc, wide, i);
                    }
                    res = Lanes.put(res, wide, i, v);
                }
                return res;
            }
            case VMVN -> {
                return ~src;
            }
            default -> {
                long res = 0;
                int lanes = 64 / esize;
                for (int i = 0; i < lanes; i++) {
                    res = Lanes.put(res, esize, i, element(Lanes.sget(src, esize, i), Lanes.get(src, esize, i), ctl, st));
                }
                return res;
            }
        }
    }

    /** One element, given both sign- and zero-extended. */
    private long element(long s, long u, int ctl, FpStatus st) {
        return switch (op) {
            case VCLS -> NeonInteger.cls(esize, s);
            case VCLZ -> NeonInteger.clz(esize, u);
            case VCNT -> Long.bitCount(u);
            case VQABS -> NeonInteger.qabs(esize, s, st);
            case VQNEG -> NeonInteger.qneg(esize, s, st);
            case VCGT0 -> s > 0 ? -1 : 0;
            case VCGE0 -> s >= 0 ? -1 : 0;
            case VCEQ0 -> s == 0 ? -1 : 0;
            case VCLE0 -> s <= 0 ? -1 : 0;
            case VCLT0 -> s < 0 ? -1 : 0;
            case VABS -> Math.abs(s);
            case VNEG -> -s;
            case VCGT0_F -> FpCompare.compareGt(SINGLE, u, 0, ctl, st) ? -1 : 0;
            case VCGE0_F -> FpCompare.compareGe(SINGLE, u, 0, ctl, st) ? -1 : 0;
            case VCEQ0_F -> FpCompare.compareEq(SINGLE, u, 0, ctl, st) ? -1 : 0;
            case VCLE0_F -> FpCompare.compareGe(SINGLE, 0, u, ctl, st) ? -1 : 0;
            case VCLT0_F -> FpCompare.compareGt(SINGLE, 0, u, ctl, st) ? -1 : 0;
            case VABS_F -> SINGLE.abs(u);
            case VNEG_F -> SINGLE.negate(u);
            case VRECPE -> NeonFloat.unsignedRecipEstimate(u);
            case VRSQRTE -> NeonFloat.unsignedRSqrtEstimate(u);
            case VRECPE_F -> NeonFloat.recipEstimate(u, ctl, st);
            case VRSQRTE_F -> NeonFloat.rsqrtEstimate(u, ctl, st);
            case VCVT_F32_S32 -> FpConvert.fromFixed(SINGLE, s, 0, true, ctl, st);
            case VCVT_F32_U32 -> FpConvert.fromFixed(SINGLE, u, 0, true, ctl, st);
            case VCVT_S32_F32 -> FpConvert.toFixed(SINGLE, u, 32, 0, false, true, ctl, st);
            case VCVT_U32_F32 -> FpConvert.toFixed(SINGLE, u, 32, 0, true, true, ctl, st);
            default -> throw new IllegalStateException(op.name());
        };
    }

    @Override
    public String toString() {
        return String.format("%s.%d d%d, d%d (x%d)@%08x", op.name().toLowerCase(), esize, d, m, regs, pc);
    }
}
