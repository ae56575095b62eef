package armvmm.isa.vfp;

import static armvmm.isa.vfp.FpProcess.FINITE;
import static armvmm.isa.vfp.FpProcess.INFINITY;
import static armvmm.isa.vfp.FpProcess.ZERO;
import static armvmm.isa.vfp.FpProcess.invalid;
import static armvmm.isa.vfp.FpProcess.isNaN;
import static armvmm.isa.vfp.FpProcess.type;

/**
 * FPAdd, FPSub, FPMul, FPDiv, FPSqrt and FPMulAdd (fused) of the ARM ARM, and the instructions built from
 * them (VMLA/VMLS/VNMLA/VNMLS/VNMUL round the product first; VFMA/VFMS/VFNMA/VFNMS do not). Every
 * operation computes the exact result (or the exact result's leading bits and a sticky bit) with integer
 * arithmetic and rounds once in {@link FpRounding#round}, so all four rounding modes and every flag come out
 * as the architecture specifies. Nothing is allocated.
 */
public final class FpArithmetic {
    private FpArithmetic() {
    }

    public static long add(FpFormat f, long op1, long op2, int ctl, FpStatus st) {
        long fast = FpFastPath.apply(FpFastPath.ADD, f, op1, op2, ctl, st);
        return fast != FpFastPath.NONE ? fast : addSub(f, op1, op2, 0, ctl, st);
    }

    /** FPSub: like FPAdd of the negated second operand, except that a NaN second operand keeps its sign. */
    public static long sub(FpFormat f, long op1, long op2, int ctl, FpStatus st) {
        long fast = FpFastPath.apply(FpFastPath.SUB, f, op1, op2, ctl, st);
        return fast != FpFastPath.NONE ? fast : addSub(f, op1, op2, 1, ctl, st);
    }

    private static long addSub(FpFormat f, long op1, long op2, int negate2, int ctl, FpStatus st) {
        int t1 = type(f, op1, ctl, st);
        int t2 = type(f, op2, ctl, st);
        if (isNaN(t1) || isNaN(t2)) {
            return FpProcess.processNaNs(f, t1, t2, op1, op2, ctl, st);
        }
        int s1 = f.sign(op1);
        int s2 = f.sign(op2) ^ negate2;
        if (t1 == INFINITY && t2 == INFINITY && s1 != s2) {
            return invalid(f, st);
        }
        if (t1 == INFINITY) {
            return f.infinity(s1);
        }
        if (t2 == INFINITY) {
            return f.infinity(s2);
        }
        if (t1 == ZERO && t2 == ZERO) {
            return s1 == s2 ? f.zero(s1) : exactZero(f, ctl);
        }
        if (t1 == ZERO) {
            return FpRounding.round(f, s2, f.lsbExp(op2), f.significand(op2), ctl, st);
        }
        if (t2 == ZERO) {
            return FpRounding.round(f, s1, f.lsbExp(op1), f.significand(op1), ctl, st);
        }
        return addFinite(f, s1, f.lsbExp(op1), f.significand(op1), s2, f.lsbExp(op2), f.significand(op2), ctl, st);
    }

    /** The sign of an exact zero sum of non-zero values: negative only when rounding towards Minus infinity. */
    private static long exactZero(FpFormat f, int ctl) {
        return f.zero(Fpscr.rmode(ctl) == Fpscr.RM ? 1 : 0);
    }

    /** Sum of two non-zero values of at most 53 significant bits each. */
    private static long addFinite(FpFormat f, int s1, int e1, long m1, int s2, int e2, long m2, int ctl,
            FpStatus st) {
        // Both significands to a leading bit at 61: at least nine guard bits, and room for the carry.
        int n1 = Long.numberOfLeadingZeros(m1) - 2;
        m1 <<= n1;
        e1 -= n1;
        int n2 = Long.numberOfLeadingZeros(m2) - 2;
        m2 <<= n2;
        e2 -= n2;
        if (e1 < e2 || (e1 == e2 && m1 < m2)) {
            int ts = s1;
            s1 = s2;
            s2 = ts;
            int te = e1;
            e1 = e2;
            e2 = te;
            long tm = m1;
            m1 = m2;
            m2 = tm;
        }
        m2 = FpRounding.shiftRightJam(m2, e1 - e2);
        long m = s1 == s2 ? m1 + m2 : m1 - m2;
        if (m == 0) {
            return exactZero(f, ctl);
        }
        return FpRounding.round(f, s1, e1, m, ctl, st);
    }

    public static long mul(FpFormat f, long op1, long op2, int ctl, FpStatus st) {
        long fast = FpFastPath.apply(FpFastPath.MUL, f, op1, op2, ctl, st);
        if (fast != FpFastPath.NONE) {
            return fast;
        }
        int t1 = type(f, op1, ctl, st);
        int t2 = type(f, op2, ctl, st);
        if (isNaN(t1) || isNaN(t2)) {
            return FpProcess.processNaNs(f, t1, t2, op1, op2, ctl, st);
        }
        int sign = f.sign(op1) ^ f.sign(op2);
        if ((t1 == INFINITY && t2 == ZERO) || (t1 == ZERO && t2 == INFINITY)) {
            return invalid(f, st);
        }
        if (t1 == INFINITY || t2 == INFINITY) {
            return f.infinity(sign);
        }
        if (t1 == ZERO || t2 == ZERO) {
            return f.zero(sign);
        }
        long m1 = f.significand(op1);
        long m2 = f.significand(op2);
        long hi = Math.multiplyHigh(m1, m2);
        long lo = m1 * m2;
        int s = FpRounding.narrowShift(hi, lo);
        return FpRounding.round(f, sign, f.lsbExp(op1) + f.lsbExp(op2) + s, FpRounding.narrow(hi, lo, s), ctl, st);
    }

    /** VNMUL: the negation of the rounded product (a NaN result's sign flips too). */
    public static long nmul(FpFormat f, long op1, long op2, int ctl, FpStatus st) {
        return f.negate(mul(f, op1, op2, ctl, st));
    }

    /** VMLA: d + round(n * m), rounded again. */
    public static long mla(FpFormat f, long d, long n, long m, int ctl, FpStatus st) {
        return add(f, d, mul(f, n, m, ctl, st), ctl, st);
    }

    /** VMLS: d - round(n * m). */
    public static long mls(FpFormat f, long d, long n, long m, int ctl, FpStatus st) {
        return add(f, d, f.negate(mul(f, n, m, ctl, st)), ctl, st);
    }

    /** VNMLA: -d - round(n * m). */
    public static long nmla(FpFormat f, long d, long n, long m, int ctl, FpStatus st) {
        return add(f, f.negate(d), f.negate(mul(f, n, m, ctl, st)), ctl, st);
    }

    /** VNMLS: -d + round(n * m). */
    public static long nmls(FpFormat f, long d, long n, long m, int ctl, FpStatus st) {
        return add(f, f.negate(d), mul(f, n, m, ctl, st), ctl, st);
    }

    /** VFMA: d + n * m, rounded once. */
    public static long fma(FpFormat f, long d, long n, long m, int ctl, FpStatus st) {
        return mulAdd(f, d, n, m, ctl, st);
    }

    /** VFMS: d + (-n) * m, rounded once. */
    public static long fms(FpFormat f, long d, long n, long m, int ctl, FpStatus st) {
        return mulAdd(f, d, f.negate(n), m, ctl, st);
    }

    /** VFNMA: -d + (-n) * m, rounded once. */
    public static long fnma(FpFormat f, long d, long n, long m, int ctl, FpStatus st) {
        return mulAdd(f, f.negate(d), f.negate(n), m, ctl, st);
    }

    /** VFNMS: -d + n * m, rounded once. */
    public static long fnms(FpFormat f, long d, long n, long m, int ctl, FpStatus st) {
        return mulAdd(f, f.negate(d), n, m, ctl, st);
    }

    /** FPMulAdd(addend, op1, op2): addend + op1 * op2 with a single rounding. */
    public static long mulAdd(FpFormat f, long addend, long op1, long op2, int ctl, FpStatus st) {
        int ta = type(f, addend, ctl, st);
        int t1 = type(f, op1, ctl, st);
        int t2 = type(f, op2, ctl, st);
        boolean infTimesZero = (t1 == INFINITY && t2 == ZERO) || (t1 == ZERO && t2 == INFINITY);
        if (isNaN(ta) || isNaN(t1) || isNaN(t2)) {
            long result = FpProcess.processNaNs3(f, ta, t1, t2, addend, op1, op2, ctl, st);
            // A quiet NaN addend does not hide the invalid infinity * zero (ARM ARM FPMulAdd).
            if (ta == FpProcess.QNAN && infTimesZero) {
                return invalid(f, st);
            }
            return result;
        }
        int sa = f.sign(addend);
        int sp = f.sign(op1) ^ f.sign(op2);
        boolean infP = t1 == INFINITY || t2 == INFINITY;
        boolean zeroP = t1 == ZERO || t2 == ZERO;
        if (infTimesZero || (ta == INFINITY && infP && sa != sp)) {
            return invalid(f, st);
        }
        if ((ta == INFINITY && sa == 0) || (infP && sp == 0)) {
            return f.infinity(0);
        }
        if (ta == INFINITY || infP) {
            return f.infinity(1);
        }
        if (ta == ZERO && zeroP) {
            return sa == sp ? f.zero(sa) : exactZero(f, ctl);
        }
        if (zeroP) {
            return FpRounding.round(f, sa, f.lsbExp(addend), f.significand(addend), ctl, st);
        }
        long m1 = f.significand(op1);
        long m2 = f.significand(op2);
        long ph = Math.multiplyHigh(m1, m2);
        long pl = m1 * m2;
        int ep = f.lsbExp(op1) + f.lsbExp(op2);
        if (ta == ZERO) {
            int s = FpRounding.narrowShift(ph, pl);
            return FpRounding.round(f, sp, ep + s, FpRounding.narrow(ph, pl, s), ctl, st);
        }
        return addWide(f, sp, ep, ph, pl, sa, f.lsbExp(addend), f.significand(addend), ctl, st);
    }

    /**
     * The exact sum of a product (up to 106 bits, hi:lo * 2^ep) and an addend (up to 53 bits, ma * 2^ea),
     * in 128-bit arithmetic: both are brought to a leading bit at 125, the smaller shifted right with jamming.
     */
    private static long addWide(FpFormat f, int sp, int ep, long ph, long pl, int sa, int ea, long ma, int ctl,
            FpStatus st) {
        int np = lz128(ph, pl) - 2;
        long h1 = shl128hi(ph, pl, np);
        long l1 = np >= 64 ? 0 : pl << np;
        int e1 = ep - np;
        int na = Long.numberOfLeadingZeros(ma) - 2;
        long h2 = ma << na;
        long l2 = 0;
        int e2 = ea - na - 64;
        int s1 = sp;
        int s2 = sa;
        if (e1 < e2 || (e1 == e2 && (h1 < h2 || (h1 == h2 && Long.compareUnsigned(l1, l2) < 0)))) {
            int ts = s1;
            s1 = s2;
            s2 = ts;
            int te = e1;
            e1 = e2;
            e2 = te;
            long t = h1;
            h1 = h2;
            h2 = t;
            t = l1;
            l1 = l2;
            l2 = t;
        }
        int d = e1 - e2;
        // The smaller operand, shifted right by d with every lost bit jammed into bit 0.
        long sh;
        long sl;
        if (d == 0) {
            sh = h2;
            sl = l2;
        } else if (d < 64) {
            boolean sticky = (l2 << (64 - d)) != 0;
            sl = (l2 >>> d) | (h2 << (64 - d)) | (sticky ? 1 : 0);
            sh = h2 >>> d;
        } else if (d < 128) {
            boolean sticky = l2 != 0 || (d > 64 && (h2 << (128 - d)) != 0);
            sl = (h2 >>> (d - 64)) | (sticky ? 1 : 0);
            sh = 0;
        } else {
            sl = (h2 | l2) != 0 ? 1 : 0;
            sh = 0;
        }
        long rh;
        long rl;
        if (s1 == s2) {
            rl = l1 + sl;
            rh = h1 + sh + (Long.compareUnsigned(rl, l1) < 0 ? 1 : 0);
        } else {
            rl = l1 - sl;
            rh = h1 - sh - (Long.compareUnsigned(l1, sl) < 0 ? 1 : 0);
        }
        if (rh == 0 && rl == 0) {
            return exactZero(f, ctl);
        }
        int s = FpRounding.narrowShift(rh, rl);
        return FpRounding.round(f, s1, e1 + s, FpRounding.narrow(rh, rl, s), ctl, st);
    }

    private static int lz128(long hi, long lo) {
        return hi != 0 ? Long.numberOfLeadingZeros(hi) : 64 + Long.numberOfLeadingZeros(lo);
    }

    private static long shl128hi(long hi, long lo, int n) {
        if (n == 0) {
            return hi;
        }
        if (n >= 64) {
            return lo << (n - 64);
        }
        return (hi << n) | (lo >>> (64 - n));
    }

    public static long div(FpFormat f, long op1, long op2, int ctl, FpStatus st) {
        long fast = FpFastPath.apply(FpFastPath.DIV, f, op1, op2, ctl, st);
        if (fast != FpFastPath.NONE) {
            return fast;
        }
        int t1 = type(f, op1, ctl, st);
        int t2 = type(f, op2, ctl, st);
        if (isNaN(t1) || isNaN(t2)) {
            return FpProcess.processNaNs(f, t1, t2, op1, op2, ctl, st);
        }
        int sign = f.sign(op1) ^ f.sign(op2);
        if ((t1 == INFINITY && t2 == INFINITY) || (t1 == ZERO && t2 == ZERO)) {
            return invalid(f, st);
        }
        if (t1 == INFINITY || t2 == ZERO) {
            if (t1 != INFINITY) {
                st.raise(Fpscr.DZC);
            }
            return f.infinity(sign);
        }
        if (t1 == ZERO || t2 == INFINITY) {
            return f.zero(sign);
        }
        // Restoring division of significands both aligned to a leading bit at 52: 62 quotient bits and a
        // sticky remainder, far more than the 53 + 2 a correct rounding needs.
        long m1 = f.significand(op1);
        long m2 = f.significand(op2);
        int n1 = Long.numberOfLeadingZeros(m1) - 11;
        int n2 = Long.numberOfLeadingZeros(m2) - 11;
        m1 <<= n1;
        m2 <<= n2;
        long q = 0;
        long r = m1;
        for (int i = 0; i < 62; i++) {
            q <<= 1;
            if (r >= m2) {
                r -= m2;
                q |= 1;
            }
            r <<= 1;
        }
        int exp = f.lsbExp(op1) - n1 - f.lsbExp(op2) + n2 - 61;
        return FpRounding.round(f, sign, exp, q | (r != 0 ? 1 : 0), ctl, st);
    }

    public static long sqrt(FpFormat f, long op, int ctl, FpStatus st) {
        int t = type(f, op, ctl, st);
        if (isNaN(t)) {
            return FpProcess.processNaN(f, t, op, ctl, st);
        }
        int sign = f.sign(op);
        if (t == ZERO) {
            return f.zero(sign);
        }
        if (sign == 1) {
            return invalid(f, st);
        }
        if (t == INFINITY) {
            return f.infinity(0);
        }
        assert t == FINITE;
        long m = f.significand(op);
        int n = Long.numberOfLeadingZeros(m) - 11;
        m <<= n;
        int exp = f.lsbExp(op) - n + 52; // value = (m / 2^52) * 2^exp, m / 2^52 in [1, 2)
        double x = m * 0x1p-52;
        if ((exp & 1) != 0) {
            x *= 2;
            exp--;
        }
        // Java's sqrt rounds to nearest; the exact sign of r*r - x (fma rounds once, so it keeps the sign)
        // tells on which side of r the true root lies. It never lies exactly on a midpoint.
        double r = Math.sqrt(x);
        double residue = Math.fma(r, r, -x);
        long mr = (Double.doubleToRawLongBits(r) & 0xfffffffffffffL) | (1L << 52);
        long mant = mr << 2;
        if (residue > 0) {
            mant--;
        } else if (residue < 0) {
            mant++;
        }
        return FpRounding.round(f, 0, (exp >> 1) - 54, mant, ctl, st);
    }

    public static long abs(FpFormat f, long op) {
        return f.abs(op);
    }

    public static long neg(FpFormat f, long op) {
        return f.negate(op);
    }
}
