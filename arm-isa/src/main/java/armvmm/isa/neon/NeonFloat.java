package armvmm.isa.neon;

import static armvmm.isa.vfp.FpFormat.SINGLE;

import armvmm.isa.vfp.FpArithmetic;
import armvmm.isa.vfp.FpCompare;
import armvmm.isa.vfp.FpProcess;
import armvmm.isa.vfp.FpStatus;
import armvmm.isa.vfp.Fpscr;

/**
 * Advanced SIMD single-precision element operations that have no VFP counterpart: the reciprocal and
 * reciprocal square root estimates (FPRecipEstimate, FPRSqrtEstimate, and the unsigned integer forms) and
 * their Newton-Raphson steps (FPRecipStep, FPRSqrtStep). All run under the standard FPSCR value, as every
 * Advanced SIMD floating-point operation does; {@code ctl} is that value.
 */
public final class NeonFloat {
    private NeonFloat() {
    }

    private static final long TWO = 0x40000000L;
    private static final long THREE = 0x40400000L;
    private static final long ONE_POINT_FIVE = 0x3fc00000L;

    /** RecipEstimate: {@code a} in [256, 512) is 0.a in units of 1/512; the result in [256, 512) units of 1/256. */
    static int recipEstimate(int a) {
        int b = (1 << 19) / (a * 2 + 1);
        return (b + 1) >> 1;
    }

    /** RecipSqrtEstimate: {@code a} in [128, 512); the result in [256, 512). */
    static int recipSqrtEstimate(int a) {
        if (a < 256) {
            a = a * 2 + 1;
        } else {
            a = ((a >> 1) << 1) + 1;
            a *= 2;
        }
        int b = 512;
        while ((long) a * (b + 1) * (b + 1) < (1L << 28)) {
            b++;
        }
        return (b + 1) >> 1;
    }

    public static long recipEstimate(long op, int ctl, FpStatus st) {
        int type = FpProcess.type(SINGLE, op, ctl, st);
        int sign = SINGLE.sign(op);
        if (FpProcess.isNaN(type)) {
            return FpProcess.processNaN(SINGLE, type, op, ctl, st);
        }
        if (type == FpProcess.INFINITY) {
            return SINGLE.zero(sign);
        }
        if (type == FpProcess.ZERO) {
            st.raise(Fpscr.DZC);
            return SINGLE.infinity(sign);
        }
        int exp = SINGLE.biasedExp(op);
        if (exp >= 253) {
            st.raise(Fpscr.UFC);
            return SINGLE.zero(sign);
        }
        int estimate = recipEstimate(256 | (int) ((op >>> 15) & 0xff));
        long resultExp = 253 - exp;
        return SINGLE.zero(sign) | (resultExp << 23) | ((long) (estimate & 0xff) << 15);
    }

    public static long rsqrtEstimate(long op, int ctl, FpStatus st) {
        int type = FpProcess.type(SINGLE, op, ctl, st);
        int sign = SINGLE.sign(op);
        if (FpProcess.isNaN(type)) {
            return FpProcess.processNaN(SINGLE, type, op, ctl, st);
        }
        if (type == FpProcess.ZERO) {
            st.raise(Fpscr.DZC);
            return SINGLE.infinity(sign);
        }
        if (sign == 1) {
            st.raise(Fpscr.IOC);
            return SINGLE.defaultNaN();
        }
        if (type == FpProcess.INFINITY) {
            return 0;
        }
        int exp = SINGLE.biasedExp(op);
        int frac = (int) ((op >>> 15) & 0xff);
        // Even exponents scale the operand into [0.5, 1), odd ones into [0.25, 0.5), in units of 1/512.
        int scaled = (exp & 1) == 0 ? (0x100 | frac) : (0x80 | (frac >> 1));
        int estimate = recipSqrtEstimate(scaled);
        long resultExp = (380 - exp) / 2;
        return (resultExp << 23) | ((long) (estimate & 0xff) << 15);
    }

    /** VRECPE.U32. */
    public static long unsignedRecipEstimate(long op) {
        if ((op & 0x80000000L) == 0) {
            return 0xffffffffL;
        }
        return (long) (recipEstimate((int) ((op >>> 23) & 0x1ff)) & 0x1ff) << 23;
    }

    /** VRSQRTE.U32. */
    public static long unsignedRSqrtEstimate(long op) {
        if ((op & 0xc0000000L) == 0) {
            return 0xffffffffL;
        }
        return (long) (recipSqrtEstimate((int) ((op >>> 23) & 0x1ff)) & 0x1ff) << 23;
    }

    /** FPRecipStep (VRECPS): 2 - op1 * op2, with infinity * zero giving 2. */
    public static long recipStep(long op1, long op2, int ctl, FpStatus st) {
        if (infinityTimesZero(op1, op2, ctl, st)) {
            return TWO;
        }
        return FpArithmetic.sub(SINGLE, TWO, FpArithmetic.mul(SINGLE, op1, op2, ctl, st), ctl, st);
    }

    /** FPRSqrtStep (VRSQRTS): (3 - op1 * op2) / 2, with infinity * zero giving 1.5. */
    public static long rsqrtStep(long op1, long op2, int ctl, FpStatus st) {
        if (infinityTimesZero(op1, op2, ctl, st)) {
            return ONE_POINT_FIVE;
        }
        long diff = FpArithmetic.sub(SINGLE, THREE, FpArithmetic.mul(SINGLE, op1, op2, ctl, st), ctl, st);
        return FpArithmetic.div(SINGLE, diff, TWO, ctl, st);
    }

    private static boolean infinityTimesZero(long op1, long op2, int ctl, FpStatus st) {
        int t1 = FpProcess.type(SINGLE, op1, ctl, st);
        int t2 = FpProcess.type(SINGLE, op2, ctl, st);
        if (FpProcess.isNaN(t1) || FpProcess.isNaN(t2)) {
            return false;
        }
        return (t1 == FpProcess.INFINITY && t2 == FpProcess.ZERO) || (t1 == FpProcess.ZERO && t2 == FpProcess.INFINITY);
    }

    /** VABD.F32: |op1 - op2|. */
    public static long absDiff(long op1, long op2, int ctl, FpStatus st) {
        return SINGLE.abs(FpArithmetic.sub(SINGLE, op1, op2, ctl, st));
    }

    /** VACGE/VACGT: compare magnitudes. */
    public static boolean absCompare(long op1, long op2, boolean orEqual, int ctl, FpStatus st) {
        long a = SINGLE.abs(op1);
        long b = SINGLE.abs(op2);
        return orEqual ? FpCompare.compareGe(SINGLE, a, b, ctl, st) : FpCompare.compareGt(SINGLE, a, b, ctl, st);
    }
}
