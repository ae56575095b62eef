package armvmm.isa.vfp;

import static armvmm.isa.vfp.FpFormat.HALF;
import static armvmm.isa.vfp.FpFormat.SINGLE;
import static armvmm.isa.vfp.FpProcess.INFINITY;
import static armvmm.isa.vfp.FpProcess.SNAN;
import static armvmm.isa.vfp.FpProcess.ZERO;
import static armvmm.isa.vfp.FpProcess.isNaN;
import static armvmm.isa.vfp.FpProcess.type;

/**
 * The conversions: FPConvert between single and double (VCVT.F64.F32 / .F32.F64), FPToFixed and FixedToFP
 * (VCVT to and from integers and fixed-point, VCVTR), and the half-precision FPHalfToSingle /
 * FPSingleToHalf (VCVTB/VCVTT).
 */
public final class FpConvert {
    private FpConvert() {
    }

    /** FPConvert: a value of one format in another (single and double here), with NaN payloads kept. */
    public static long convert(FpFormat from, FpFormat to, long op, int ctl, FpStatus st) {
        int t = type(from, op, ctl, st);
        int sign = from.sign(op);
        if (isNaN(t)) {
            if (t == SNAN) {
                st.raise(Fpscr.IOC);
            }
            if ((ctl & Fpscr.DN) != 0) {
                return to.defaultNaN();
            }
            return nanPayload(from, to, op) | to.zero(sign);
        }
        if (t == INFINITY) {
            return to.infinity(sign);
        }
        if (t == ZERO) {
            return to.zero(sign);
        }
        return FpRounding.round(to, sign, from.lsbExp(op), from.significand(op), ctl, st);
    }

    /** A quiet NaN of the target format whose fraction keeps the source fraction's top bits. */
    private static long nanPayload(FpFormat from, FpFormat to, long op) {
        long frac = from.fraction(op);
        long moved = to.f >= from.f ? frac << (to.f - from.f) : frac >>> (from.f - to.f);
        return ((long) to.maxBiasedExp << to.f) | to.quietBit | (moved & to.fracMask);
    }

    /** FPHalfToSingle (VCVTB/VCVTT .F32.F16): exact, AHP selects the format of the half-precision input. */
    public static long halfToSingle(long op, int ctl, FpStatus st) {
        return convert(HALF, SINGLE, op & 0xffff, ctl, st);
    }

    /** FPSingleToHalf (VCVTB/VCVTT .F16.F32). */
    public static long singleToHalf(long op, int ctl, FpStatus st) {
        int t = type(SINGLE, op, ctl, st);
        int sign = SINGLE.sign(op);
        boolean ahp = (ctl & Fpscr.AHP) != 0;
        if (isNaN(t)) {
            if (ahp) {
                st.raise(Fpscr.IOC);
                return HALF.zero(sign);
            }
            if (t == SNAN) {
                st.raise(Fpscr.IOC);
            }
            if ((ctl & Fpscr.DN) != 0) {
                return HALF.defaultNaN();
            }
            return nanPayload(SINGLE, HALF, op) | HALF.zero(sign);
        }
        if (t == INFINITY) {
            if (ahp) {
                st.raise(Fpscr.IOC);
                return HALF.zero(sign) | 0x7fff;
            }
            return HALF.infinity(sign);
        }
        if (t == ZERO) {
            return HALF.zero(sign);
        }
        return FpRounding.round(HALF, sign, SINGLE.lsbExp(op), SINGLE.significand(op), ctl, st);
    }

    /**
     * FPToFixed: {@code op * 2^fracBits} rounded to an integer of {@code bits} bits (16 or 32), signed or
     * unsigned, saturating with Invalid Operation. {@code roundZero} forces round towards zero (VCVT);
     * otherwise the rounding mode of {@code ctl} applies (VCVTR). A NaN converts to 0 with Invalid Operation.
     * The result is the integer, sign-extended into a long.
     */
    public static long toFixed(FpFormat f, long op, int bits, int fracBits, boolean unsigned, boolean roundZero,
            int ctl, FpStatus st) {
        int t = type(f, op, ctl, st);
        if (isNaN(t)) {
            st.raise(Fpscr.IOC);
            return 0;
        }
        long max = unsigned ? (1L << bits) - 1 : (1L << (bits - 1)) - 1;
        long min = unsigned ? 0 : -(1L << (bits - 1));
        int sign = f.sign(op);
        if (t == INFINITY) {
            st.raise(Fpscr.IOC);
            return sign == 0 ? max : min;
        }
        if (t == ZERO) {
            return 0;
        }
        long m = f.significand(op);
        int e = f.lsbExp(op) + fracBits;
        int width = 64 - Long.numberOfLeadingZeros(m);
        if (e + width > 62) {
            st.raise(Fpscr.IOC);
            return sign == 0 ? max : min;
        }
        // The magnitude as an integer part and a fraction compared with one half.
        long intMag;
        int fracVsHalf; // -2: zero, -1: below a half, 0: exactly a half, 1: above a half
        if (e >= 0) {
            intMag = m << e;
            fracVsHalf = -2;
        } else if (-e >= 64) {
            intMag = 0;
            fracVsHalf = -1;
        } else {
            int d = -e;
            intMag = m >>> d;
            long frac = m & ((1L << d) - 1);
            long half = 1L << (d - 1);
            fracVsHalf = frac == 0 ? -2 : Long.compare(frac, half);
        }
        // RoundDown of the signed value, and the error from it in [0, 1).
        long intResult;
        int errVsHalf;
        if (sign == 0 || fracVsHalf == -2) {
            intResult = sign == 0 ? intMag : -intMag;
            errVsHalf = fracVsHalf;
        } else {
            intResult = -intMag - 1;
            errVsHalf = -fracVsHalf;
        }
        boolean inexact = errVsHalf != -2;
        int mode = roundZero ? Fpscr.RZ : Fpscr.rmode(ctl);
        boolean roundUp = switch (mode) {
            case Fpscr.RN -> errVsHalf > 0 || (errVsHalf == 0 && (intResult & 1) != 0);
            case Fpscr.RP -> inexact;
            case Fpscr.RM -> false;
            default -> inexact && intResult < 0;
        };
        if (roundUp) {
            intResult++;
        }
        if (intResult > max) {
            st.raise(Fpscr.IOC);
            return max;
        }
        if (intResult < min) {
            st.raise(Fpscr.IOC);
            return min;
        }
        if (inexact) {
            st.raise(Fpscr.IXC);
        }
        return intResult;
    }

    /**
     * FixedToFP: the integer {@code value} (already sign- or zero-extended by the caller) divided by
     * 2^fracBits, rounded by {@code ctl}'s mode, or to nearest when {@code roundToNearest} (fixed-point VCVT).
     */
    public static long fromFixed(FpFormat f, long value, int fracBits, boolean roundToNearest, int ctl,
            FpStatus st) {
        if (value == 0) {
            return f.zero(0);
        }
        int c = roundToNearest ? ctl & ~Fpscr.RMODE_MASK : ctl;
        return FpRounding.round(f, value < 0 ? 1 : 0, -fracBits, Math.abs(value), c, st);
    }
}
