package armvmm.isa.vfp;

import static armvmm.isa.vfp.FpProcess.INFINITY;
import static armvmm.isa.vfp.FpProcess.QNAN;
import static armvmm.isa.vfp.FpProcess.SNAN;
import static armvmm.isa.vfp.FpProcess.ZERO;
import static armvmm.isa.vfp.FpProcess.isNaN;
import static armvmm.isa.vfp.FpProcess.type;

/** FPCompare (VCMP/VCMPE), the Advanced SIMD comparisons, and FPMax/FPMin. */
public final class FpCompare {
    private FpCompare() {
    }

    /** NZCV for "unordered", "equal", "less than", "greater than", in FPSCR bit positions. */
    public static final int UNORDERED = Fpscr.C | Fpscr.V;
    public static final int EQUAL = Fpscr.Z | Fpscr.C;
    public static final int LESS = Fpscr.N;
    public static final int GREATER = Fpscr.C;

    /**
     * FPCompare: the NZCV flags for op1 compared with op2. Any NaN compares unordered; a signalling NaN
     * raises Invalid Operation, and so does a quiet one when {@code quietNaNExc} (VCMPE).
     */
    public static int compare(FpFormat f, long op1, long op2, boolean quietNaNExc, int ctl, FpStatus st) {
        int t1 = type(f, op1, ctl, st);
        int t2 = type(f, op2, ctl, st);
        if (isNaN(t1) || isNaN(t2)) {
            if (t1 == SNAN || t2 == SNAN || (quietNaNExc && (t1 == QNAN || t2 == QNAN))) {
                st.raise(Fpscr.IOC);
            }
            return UNORDERED;
        }
        int c = Long.compare(orderKey(f, t1, op1), orderKey(f, t2, op2));
        return c == 0 ? EQUAL : c < 0 ? LESS : GREATER;
    }

    /** A key whose signed order is the numeric order of non-NaN values (magnitudes order like their bits). */
    private static long orderKey(FpFormat f, int type, long bits) {
        if (type == ZERO) {
            return 0;
        }
        long mag = f.abs(bits);
        return f.sign(bits) == 0 ? mag : -mag;
    }

    /**
     * The Advanced SIMD comparisons (VCEQ/VCGE/VCGT/VACGE/VACGT .F32): true or false, raising Invalid
     * Operation for a signalling NaN (VCEQ) or any NaN (the ordered comparisons), as FPCompareEQ/GE/GT say.
     */
    public static boolean compareEq(FpFormat f, long op1, long op2, int ctl, FpStatus st) {
        int t1 = type(f, op1, ctl, st);
        int t2 = type(f, op2, ctl, st);
        if (isNaN(t1) || isNaN(t2)) {
            if (t1 == SNAN || t2 == SNAN) {
                st.raise(Fpscr.IOC);
            }
            return false;
        }
        return orderKey(f, t1, op1) == orderKey(f, t2, op2);
    }

    public static boolean compareGe(FpFormat f, long op1, long op2, int ctl, FpStatus st) {
        return compareOrdered(f, op1, op2, ctl, st) >= 0;
    }

    public static boolean compareGt(FpFormat f, long op1, long op2, int ctl, FpStatus st) {
        return compareOrdered(f, op1, op2, ctl, st) > 0;
    }

    /** The sign of op1 - op2, or -2 (neither >= nor >) for unordered operands, which raise Invalid Operation. */
    private static int compareOrdered(FpFormat f, long op1, long op2, int ctl, FpStatus st) {
        int t1 = type(f, op1, ctl, st);
        int t2 = type(f, op2, ctl, st);
        if (isNaN(t1) || isNaN(t2)) {
            st.raise(Fpscr.IOC);
            return -2;
        }
        return Long.compare(orderKey(f, t1, op1), orderKey(f, t2, op2));
    }

    /** FPMax: NaNs propagate; of two zeros the positive one wins. */
    public static long max(FpFormat f, long op1, long op2, int ctl, FpStatus st) {
        return maxMin(f, op1, op2, true, ctl, st);
    }

    /** FPMin: NaNs propagate; of two zeros the negative one wins. */
    public static long min(FpFormat f, long op1, long op2, int ctl, FpStatus st) {
        return maxMin(f, op1, op2, false, ctl, st);
    }

    private static long maxMin(FpFormat f, long op1, long op2, boolean max, int ctl, FpStatus st) {
        int t1 = type(f, op1, ctl, st);
        int t2 = type(f, op2, ctl, st);
        if (isNaN(t1) || isNaN(t2)) {
            return FpProcess.processNaNs(f, t1, t2, op1, op2, ctl, st);
        }
        long k1 = orderKey(f, t1, op1);
        long k2 = orderKey(f, t2, op2);
        boolean first = max ? k1 > k2 : k1 < k2;
        int type = first ? t1 : t2;
        long bits = first ? op1 : op2;
        if (type == ZERO) {
            // Both operands' signs, as FPMax/FPMin say: a zero only wins against a non-zero of the right sign.
            int s1 = f.sign(op1);
            int s2 = f.sign(op2);
            return f.zero(max ? s1 & s2 : s1 | s2);
        }
        if (type == INFINITY) {
            return f.infinity(f.sign(bits));
        }
        return FpRounding.round(f, f.sign(bits), f.lsbExp(bits), f.significand(bits), ctl, st);
    }
}
