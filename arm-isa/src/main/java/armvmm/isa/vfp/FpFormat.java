package armvmm.isa.vfp;

/**
 * The three IEEE 754 binary formats the VFP unit handles, with the ARM ARM's parameters: N bits in all,
 * E exponent bits, F fraction bits. Values travel as raw bit patterns in the low N bits of a long.
 */
public enum FpFormat {
    HALF(16, 5),
    SINGLE(32, 8),
    DOUBLE(64, 11);

    public final int n;
    public final int e;
    public final int f;
    /** The exponent bias, 2^(E-1) - 1. */
    public final int bias;
    /** FPRound's minimum_exp: the exponent of the smallest normal number, 2 - 2^(E-1). */
    public final int minExp;
    /** All exponent bits set: infinities and NaNs (except in the alternative half-precision format). */
    public final int maxBiasedExp;
    final long fracMask;
    final long signBit;
    final long quietBit;

    FpFormat(int n, int e) {
        this.n = n;
        this.e = e;
        this.f = n - e - 1;
        this.bias = (1 << (e - 1)) - 1;
        this.minExp = 2 - (1 << (e - 1));
        this.maxBiasedExp = (1 << e) - 1;
        this.fracMask = (1L << f) - 1;
        this.signBit = 1L << (n - 1);
        this.quietBit = 1L << (f - 1);
    }

    public int sign(long bits) {
        return (int) (bits >>> (n - 1)) & 1;
    }

    public int biasedExp(long bits) {
        return (int) (bits >>> f) & maxBiasedExp;
    }

    public long fraction(long bits) {
        return bits & fracMask;
    }

    /** The significand as an integer, with the hidden bit for normal numbers (value = significand * 2^lsbExp). */
    public long significand(long bits) {
        int be = biasedExp(bits);
        return be == 0 ? fraction(bits) : fraction(bits) | (1L << f);
    }

    /** The exponent of the significand's least significant bit. */
    public int lsbExp(long bits) {
        int be = biasedExp(bits);
        return (be == 0 ? 1 : be) - bias - f;
    }

    public long zero(int sign) {
        return sign == 0 ? 0 : signBit;
    }

    public long infinity(int sign) {
        return zero(sign) | ((long) maxBiasedExp << f);
    }

    /** FPMaxNormal: the largest finite magnitude. */
    public long maxNormal(int sign) {
        return zero(sign) | ((long) (maxBiasedExp - 1) << f) | fracMask;
    }

    /** FPDefaultNaN: positive, quiet, the rest of the fraction zero. */
    public long defaultNaN() {
        return ((long) maxBiasedExp << f) | quietBit;
    }

    public long negate(long bits) {
        return bits ^ signBit;
    }

    public long abs(long bits) {
        return bits & ~signBit;
    }

    /** The mask of the N bits a value occupies. */
    public long mask() {
        return n == 64 ? -1L : (1L << n) - 1;
    }
}
