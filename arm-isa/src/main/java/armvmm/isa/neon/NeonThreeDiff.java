package armvmm.isa.neon;

import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.decode.Insn;
import armvmm.isa.vfp.FpStatus;
import armvmm.isa.vfp.VfpAccess;

/**
 * Advanced SIMD "three registers of different lengths" (ARM ARM A7.4.2): long (Qd = f(Dn, Dm)), wide
 * (Qd = f(Qn, Dm)) and narrowing high-half (Dd = f(Qn, Qm)) operations on elements of {@code esize} bits.
 */
public final class NeonThreeDiff extends Insn {
    enum Shape { LONG, WIDE, NARROW }

    public enum Op {
        VADDL(Shape.LONG), VADDW(Shape.WIDE), VSUBL(Shape.LONG), VSUBW(Shape.WIDE), VADDHN(Shape.NARROW),
        VRADDHN(Shape.NARROW), VABAL(Shape.LONG), VSUBHN(Shape.NARROW), VRSUBHN(Shape.NARROW), VABDL(Shape.LONG),
        VMLAL(Shape.LONG), VQDMLAL(Shape.LONG), VMLSL(Shape.LONG), VQDMLSL(Shape.LONG), VMULL(Shape.LONG),
        VQDMULL(Shape.LONG), VMULL_P(Shape.LONG);

        final Shape shape;

        Op(Shape shape) {
            this.shape = shape;
        }
    }

    public final Op op;
    public final boolean unsigned;
    public final int esize, d, n, m;

    public NeonThreeDiff(int pc, boolean thumb, Op op, boolean unsigned, int esize, int d, int n, int m) {
        super(pc, 4, thumb);
        this.op = op;
        this.unsigned = unsigned;
        this.esize = esize;
        this.d = d;
        this.n = n;
        this.m = m;
    }

    static Insn decode(int x, int pc, boolean thumb) {
        boolean u = (x & (1 << 24)) != 0;
        int size = (x >>> 20) & 3;
        int d = NeonDecoder.dReg(x);
        int n = NeonDecoder.nReg(x);
        int m = NeonDecoder.mReg(x);
        Op op = switch ((x >>> 8) & 0xf) {
            case 0 -> Op.VADDL;
            case 1 -> Op.VADDW;
            case 2 -> Op.VSUBL;
            case 3 -> Op.VSUBW;
            case 4 -> u ? Op.VRADDHN : Op.VADDHN;
            case 5 -> Op.VABAL;
            case 6 -> u ? Op.VRSUBHN : Op.VSUBHN;
            case 7 -> Op.VABDL;
            case 8 -> Op.VMLAL;
            case 9 -> u ? null : Op.VQDMLAL;
            case 10 -> Op.VMLSL;
            case 11 -> u ? null : Op.VQDMLSL;
            case 12 -> Op.VMULL;
            case 13 -> u ? null : Op.VQDMULL;
            case 14 -> u || size != 0 ? null : Op.VMULL_P;
            default -> null;
        };
        if (op == null) {
            return null;
        }
        boolean doubling = op == Op.VQDMLAL || op == Op.VQDMLSL || op == Op.VQDMULL;
        if (doubling && size == 0) {
            return null;
        }
        boolean bad = switch (op.shape) {
            case LONG -> (d & 1) != 0;
            case WIDE -> ((d | n) & 1) != 0;
            case NARROW -> ((n | m) & 1) != 0;
        };
        if (bad) {
            return null;
        }
        boolean signAgnostic = op.shape == Shape.NARROW || op == Op.VMULL_P || doubling;
        return new NeonThreeDiff(pc, thumb, op, u && !signAgnostic, 8 << size, d, n, m);
    }

    /** Element {@code i} of size {@code es} of the 128-bit value hi:lo. */
    static long qget(long lo, long hi, int es, int i, boolean unsigned) {
        int per = 64 / es;
        return i < per ? Lanes.get(lo, es, i, unsigned) : Lanes.get(hi, es, i - per, unsigned);
    }

    @Override
    public boolean coreRegistersUnused() { return true; }

    @Override
    public void execute(ArmCpu cpu) {
        FpStatus st = VfpAccess.beginSimd(cpu);
        long[] r = cpu.d;
        int lanes = 64 / esize;
        int wide = 2 * esize;
        if (op.shape == Shape.NARROW) {
            long n0 = r[n], n1 = r[n + 1], m0 = r[m], m1 = r[m + 1];
            long res = 0;
            long round = op == Op.VRADDHN || op == Op.VRSUBHN ? 1L << (esize - 1) : 0;
            for (int i = 0; i < lanes; i++) {
                long a = qget(n0, n1, wide, i, true);
                long b = qget(m0, m1, wide, i, true);
                long sum = op == Op.VADDHN || op == Op.VRADDHN ? a + b : a - b;
                res = Lanes.put(res, esize, i, (sum + round) >>> esize);
            }
            r[d] = res;
        } else {
            long n0 = r[n], n1 = op.shape == Shape.WIDE ? r[n + 1] : 0, m0 = r[m];
            long acc0 = r[d], acc1 = r[d + 1];
            for (int i = 0; i < lanes; i++) {
                long a = op.shape == Shape.WIDE ? qget(n0, n1, wide, i, unsigned) : Lanes.get(n0, esize, i, unsigned);
                long b = Lanes.get(m0, esize, i, unsigned);
                long acc = qget(acc0, acc1, wide, i, unsigned);
                long v = element(a, b, acc, st);
                Lanes.putQ(r, d, wide, i, v);
            }
        }
        cpu.fpscr = st.fpscr;
    }

    private long element(long a, long b, long acc, FpStatus st) {
        return switch (op) {
            case VADDL, VADDW -> a + b;
            case VSUBL, VSUBW -> a - b;
            case VABAL -> acc + NeonInteger.absDiff(a, b);
            case VABDL -> NeonInteger.absDiff(a, b);
            case VMLAL -> acc + a * b;
            case VMLSL -> acc - a * b;
            case VMULL -> a * b;
            case VMULL_P -> NeonInteger.polyMul(a, b, esize);
            case VQDMULL -> NeonInteger.qdmull(esize, a, b, st);
            case VQDMLAL -> NeonInteger.qadd(2 * esize, false, acc, NeonInteger.qdmull(esize, a, b, st), st);
            case VQDMLSL -> NeonInteger.qsub(2 * esize, false, acc, NeonInteger.qdmull(esize, a, b, st), st);
            default -> throw new IllegalStateException(op.name());
        };
    }

    @Override
    public String toString() {
        return String.format("%s.%s%d d%d, d%d, d%d@%08x", op.name().toLowerCase(), unsigned ? "u" : "s", esize, d, n, m,
                pc);
    }
}
