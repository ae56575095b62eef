package armvmm.isa.neon;

/**
 * Elements of a 64-bit D register (ARM ARM Elem[]): lane {@code i} of size {@code esize} bits is bits
 * [esize*i + esize-1 : esize*i].
 */
public final class Lanes {
    private Lanes() {
    }

    public static long mask(int esize) {
        return esize == 64 ? -1L : (1L << esize) - 1;
    }

    /** Lane {@code i}, zero-extended. */
    public static long get(long v, int esize, int i) {
        return esize == 64 ? v : (v >>> (esize * i)) & ((1L << esize) - 1);
    }

    /** Lane {@code i}, sign-extended. */
    public static long sget(long v, int esize, int i) {
        return esize == 64 ? v : (v << (64 - esize * (i + 1))) >> (64 - esize);
    }

    /** Lane {@code i}, signed or unsigned. */
    public static long get(long v, int esize, int i, boolean unsigned) {
        return unsigned ? get(v, esize, i) : sget(v, esize, i);
    }

    public static long put(long v, int esize, int i, long x) {
        if (esize == 64) {
            return x;
        }
        int shift = esize * i;
        long m = ((1L << esize) - 1) << shift;
        return (v & ~m) | ((x << shift) & m);
    }

    /** Writes element {@code i} of the quadword r[q+1]:r[q]. */
    public static void putQ(long[] r, int q, int esize, int i, long x) {
        int per = 64 / esize;
        if (i < per) {
            r[q] = put(r[q], esize, i, x);
        } else {
            r[q + 1] = put(r[q + 1], esize, i - per, x);
        }
    }

    /** An element replicated into every lane. */
    public static long replicate(long x, int esize) {
        long r = x & mask(esize);
        for (int w = esize; w < 64; w <<= 1) {
            r |= r << w;
        }
        return r;
    }
}
