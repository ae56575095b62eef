package armvmm.isa.vfp;

/**
 * FPRound: turns an exact (or exact-enough) real value into a result of a format under FPSCR control,
 * with flush-to-zero of tiny results, underflow detected before rounding (and only when inexact), the
 * four rounding modes, overflow to infinity or the largest normal, the alternative half-precision
 * format, and the Inexact flag.
 *
 * <p>The value is {@code sign} and {@code mant * 2^exp} with {@code mant} a positive long. Callers that
 * had to drop low-order bits fold them into bit 0 ("jamming"): as long as the rounding point lies at least
 * two bits above bit 0, a jammed value rounds exactly as the true value would.
 */
public final class FpRounding {
    private FpRounding() {
    }

    public static long round(FpFormat f, int sign, int exp, long mant, int ctl, FpStatus st) {
        int lz = Long.numberOfLeadingZeros(mant);
        mant <<= lz - 1;
        int exponent = exp + 63 - lz;
        if ((ctl & Fpscr.FZ) != 0 && f != FpFormat.HALF && exponent < f.minExp) {
            st.raise(Fpscr.UFC);
            return f.zero(sign);
        }
        int biasedExp = Math.max(exponent - f.minExp + 1, 0);
        if (biasedExp == 0) {
            mant = shiftRightJam(mant, f.minExp - exponent);
        }
        int drop = 62 - f.f;
        long intMant = mant >>> drop;
        long error = mant & ((1L << drop) - 1);
        long half = 1L << (drop - 1);
        if (biasedExp == 0 && error != 0) {
            st.raise(Fpscr.UFC);
        }
        boolean roundUp;
        boolean overflowToInf;
        switch (Fpscr.rmode(ctl)) {
            case Fpscr.RN -> {
                roundUp = error > half || (error == half && (intMant & 1) != 0);
                overflowToInf = true;
            }
            case Fpscr.RP -> {
                roundUp = error != 0 && sign == 0;
                overflowToInf = sign == 0;
            }
            case Fpscr.RM -> {
                roundUp = error != 0 && sign == 1;
                overflowToInf = sign == 1;
            }
            default -> {
                roundUp = false;
                overflowToInf = false;
            }
        }
        if (roundUp) {
            intMant++;
            if (intMant == 1L << f.f) {
                biasedExp = 1;
            }
            if (intMant == 1L << (f.f + 1)) {
                biasedExp++;
                intMant >>>= 1;
            }
        }
        long result;
        if (f != FpFormat.HALF || (ctl & Fpscr.AHP) == 0) {
            if (biasedExp >= f.maxBiasedExp) {
                result = overflowToInf ? f.infinity(sign) : f.maxNormal(sign);
                st.raise(Fpscr.OFC);
                error = 1;
            } else {
                result = f.zero(sign) | ((long) biasedExp << f.f) | (intMant & f.fracMask);
            }
        } else if (biasedExp > f.maxBiasedExp) {
            result = f.zero(sign) | 0x7fff;
            st.raise(Fpscr.IOC);
            error = 0;
        } else {
            result = f.zero(sign) | ((long) biasedExp << f.f) | (intMant & f.fracMask);
        }
        if (error != 0) {
            st.raise(Fpscr.IXC);
        }
        return result;
    }

    /** Shift right, OR-ing every bit shifted out into bit 0. */
    static long shiftRightJam(long x, int n) {
        if (n <= 0) {
            return x;
        }
        if (n >= 63) {
            return x != 0 ? 1 : 0;
        }
        return (x >>> n) | ((x & ((1L << n) - 1)) != 0 ? 1 : 0);
    }

    /** How far a 128-bit value hi:lo must be shifted right to fit in 63 bits. */
    static int narrowShift(long hi, long lo) {
        if (hi == 0) {
            return lo < 0 ? 1 : 0;
        }
        return 64 - Long.numberOfLeadingZeros(hi) + 1;
    }

    /** hi:lo shifted right by {@code s} (from {@link #narrowShift}), jammed, as a positive long. */
    static long narrow(long hi, long lo, int s) {
        if (s == 0) {
            return lo;
        }
        if (s < 64) {
            long sticky = (lo & ((1L << s) - 1)) != 0 ? 1 : 0;
            return (hi << (64 - s)) | (lo >>> s) | sticky;
        }
        return (hi >>> (s - 64)) | (lo != 0 || (s > 64 && (hi & ((1L << (s - 64)) - 1)) != 0) ? 1 : 0);
    }
}
