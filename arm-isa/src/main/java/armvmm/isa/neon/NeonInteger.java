package armvmm.isa.neon;

import armvmm.isa.vfp.FpStatus;
import armvmm.isa.vfp.Fpscr;

/**
 * The Advanced SIMD integer element operations (ARM ARM A8.8, the integer forms): each takes elements
 * sign- or zero-extended into longs ({@code unsigned} says which; an unsigned 64-bit element is the raw
 * bits) and returns the result element (callers keep its low {@code esize} bits). Saturating operations set
 * FPSCR.QC through {@code st}.
 */
public final class NeonInteger {
    private NeonInteger() {
    }

    /** SignedSatQ: {@code v} clamped to esize bits, QC on saturation. */
    public static long satS(long v, int esize, FpStatus st) {
        if (esize == 64) {
            return v;
        }
        long max = (1L << (esize - 1)) - 1;
        long min = -max - 1;
        if (v > max) {
            st.raise(Fpscr.QC);
            return max;
        }
        if (v < min) {
            st.raise(Fpscr.QC);
            return min;
        }
        return v;
    }

    /** UnsignedSatQ of an unsigned value (a 64-bit one given as its bits). */
    public static long satUnsigned(long v, int esize, FpStatus st) {
        long max = Lanes.mask(esize);
        if (Long.compareUnsigned(v, max) > 0) {
            st.raise(Fpscr.QC);
            return max;
        }
        return v;
    }

    /** UnsignedSatQ of a signed value. */
    public static long satU(long v, int esize, FpStatus st) {
        long max = Lanes.mask(esize);
        if (v < 0) {
            st.raise(Fpscr.QC);
            return 0;
        }
        if (esize < 64 && v > max) {
            st.raise(Fpscr.QC);
            return max;
        }
        return v;
    }

    public static long qadd(int esize, boolean unsigned, long a, long b, FpStatus st) {
        if (esize < 64) {
            return unsigned ? satU(a + b, esize, st) : satS(a + b, esize, st);
        }
        long r = a + b;
        if (unsigned) {
            if (Long.compareUnsigned(r, a) < 0) {
                st.raise(Fpscr.QC);
                return -1L;
            }
            return r;
        }
        if (((a ^ r) & (b ^ r)) < 0) {
            st.raise(Fpscr.QC);
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    public static long qsub(int esize, boolean unsigned, long a, long b, FpStatus st) {
        if (esize < 64) {
            return unsigned ? satU(a - b, esize, st) : satS(a - b, esize, st);
        }
        long r = a - b;
        if (unsigned) {
            if (Long.compareUnsigned(a, b) < 0) {
                st.raise(Fpscr.QC);
                return 0;
            }
            return r;
        }
        if (((a ^ b) & (a ^ r)) < 0) {
            st.raise(Fpscr.QC);
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    public static int compare(int esize, boolean unsigned, long a, long b) {
        return unsigned && esize == 64 ? Long.compareUnsigned(a, b) : Long.compare(a, b);
    }

    public static long absDiff(long a, long b) {
        return a > b ? a - b : b - a;
    }

    /**
     * VSHL/VRSHL/VQSHL/VQRSHL by a register: {@code shift} is the signed bottom byte of the shift element;
     * positive shifts left, negative right (rounding if {@code round}); {@code saturate} clamps left shifts.
     */
    public static long shiftByRegister(int esize, boolean unsigned, long a, int shift, boolean round, boolean saturate,
            FpStatus st) {
        if (shift >= 0) {
            return saturate ? qshl(esize, unsigned, a, shift, st) : shift >= esize ? 0 : a << shift;
        }
        return shiftRight(esize, unsigned, a, -shift, round);
    }

    /** Shift right by 1..128, arithmetic or logical, optionally rounding (adding 2^(n-1) first, exactly). */
    public static long shiftRight(int esize, boolean unsigned, long a, int n, boolean round) {
        long r;
        long roundBit;
        if (unsigned) {
            r = n >= 64 ? 0 : a >>> n;
            roundBit = n - 1 >= 64 ? 0 : (a >>> (n - 1)) & 1;
        } else {
            r = a >> Math.min(n, 63);
            roundBit = (a >> Math.min(n - 1, 63)) & 1;
        }
        return round ? r + roundBit : r;
    }

    /** Saturating shift left (VQSHL): the exact value a * 2^n clamped to the element range. */
    public static long qshl(int esize, boolean unsigned, long a, int n, FpStatus st) {
        if (a == 0 || n == 0) {
            return a;
        }
        if (unsigned) {
            if (n >= esize || (esize == 64 ? Long.numberOfLeadingZeros(a) < n
                    : Long.numberOfLeadingZeros(a) - (64 - esize) < n)) {
                st.raise(Fpscr.QC);
                return Lanes.mask(esize);
            }
            return a << n;
        }
        long limit = a < 0 ? ~a : a;
        if (n >= esize || 64 - Long.numberOfLeadingZeros(limit) + n > esize - 1) {
            st.raise(Fpscr.QC);
            return a < 0 ? (esize == 64 ? Long.MIN_VALUE : -(1L << (esize - 1))) : (esize == 64 ? Long.MAX_VALUE
                    : (1L << (esize - 1)) - 1);
        }
        return a << n;
    }

    /** VQSHLU: a signed element shifted left, saturated to the unsigned range. */
    public static long qshlu(int esize, long a, int n, FpStatus st) {
        if (a < 0) {
            st.raise(Fpscr.QC);
            return 0;
        }
        return qshl(esize, true, a, n, st);
    }

    /** VQDMULH / VQRDMULH: the high half of 2*a*b (rounded), saturating the one overflow (min * min). */
    public static long qdmulh(int esize, long a, long b, boolean round, FpStatus st) {
        long p = 2 * a * b + (round ? 1L << (esize - 1) : 0);
        if (esize == 32 && a == Integer.MIN_VALUE && b == Integer.MIN_VALUE) {
            st.raise(Fpscr.QC);
            return Integer.MAX_VALUE;
        }
        return satS(p >> esize, esize, st);
    }

    /** VQDMULL and the doubling of VQDMLAL/VQDMLSL: 2*a*b saturated to 2*esize bits. */
    public static long qdmull(int esize, long a, long b, FpStatus st) {
        if (esize == 32 && a == Integer.MIN_VALUE && b == Integer.MIN_VALUE) {
            st.raise(Fpscr.QC);
            return Long.MAX_VALUE;
        }
        return satS(2 * a * b, 2 * esize, st);
    }

    /** Polynomial (carry-less) multiplication over {0,1} of two elements. */
    public static long polyMul(long a, long b, int esize) {
        a &= Lanes.mask(esize);
        b &= Lanes.mask(esize);
        long r = 0;
        for (int i = 0; i < esize; i++) {
            if (((b >>> i) & 1) != 0) {
                r ^= a << i;
            }
        }
        return r;
    }

    /** VCLS: leading bits equal to the sign bit, not counting the sign bit. */
    public static long cls(int esize, long a) {
        long x = a ^ (a >> 63);
        return Long.numberOfLeadingZeros(x) - (64 - esize) - 1;
    }

    public static long clz(int esize, long a) {
        return a == 0 ? esize : Long.numberOfLeadingZeros(a) - (64 - esize);
    }

    public static long qabs(int esize, long a, FpStatus st) {
        return satS(Math.abs(a), esize, st);
    }

    public static long qneg(int esize, long a, FpStatus st) {
        return satS(-a, esize, st);
    }
}
