package armvmm.tcg.difftest;

import java.util.SplittableRandom;

/**
 * The register plan of one generated case: a base register pointing into the data block and an index
 * register holding a small multiple of 4 are never written by the sequence, so every generated memory
 * access stays inside the block; SP and PC are never named. Every other register of r0-r12, r14 is free.
 */
final class GenContext {
    final SplittableRandom rnd;
    final int base, index;
    final int[] free;
    final int[] readable = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14};

    GenContext(SplittableRandom rnd, boolean lowOnly) {
        this.rnd = rnd;
        int[] pool = lowOnly ? new int[] {0, 1, 2, 3, 4, 5, 6, 7} : readable;
        int b = pool[rnd.nextInt(pool.length)], x;
        do x = pool[rnd.nextInt(pool.length)]; while (x == b);
        base = b;
        index = x;
        int n = 0;
        int[] f = new int[readable.length];
        for (int r : readable) if (r != b && r != x) f[n++] = r;
        free = java.util.Arrays.copyOf(f, n);
    }

    int bit() { return rnd.nextInt(2); }

    int bits(int n) { return n == 32 ? rnd.nextInt() : rnd.nextInt(1 << n); }

    /** A destination: never the base or index register. */
    int rd() { return free[rnd.nextInt(free.length)]; }

    /** A destination among r0-r7 (16-bit Thumb). */
    int rdLow() {
        int r;
        do r = rnd.nextInt(8); while (r == base || r == index);
        return r;
    }

    /** A source: any of r0-r12, r14. */
    int rs() { return readable[rnd.nextInt(readable.length)]; }

    int rsLow() { return rnd.nextInt(8); }

    /** Two different destinations. */
    int[] rdPair() {
        int a = rd(), b;
        do b = rd(); while (b == a);
        return new int[] {a, b};
    }

    /** An even destination whose successor is free too (LDRD/STRD/LDREXD), or -1. */
    int rdEven() {
        for (int tries = 0; tries < 20; tries++) {
            int r = rd();
            if ((r & 1) == 0 && r < 12 && r != base - 1 && r + 1 != base && r + 1 != index) return r;
        }
        return -1;
    }

    /** A condition: mostly AL, sometimes any of EQ..LE. */
    int cond() { return rnd.nextInt(5) == 0 ? rnd.nextInt(14) : 0xe; }

    /** A 16-bit register list of free registers (never base/index, SP or PC), non-empty. */
    int regList(boolean lowOnly) {
        int list = 0;
        while (list == 0) {
            for (int r : free) if ((!lowOnly || r < 8) && rnd.nextInt(3) == 0) list |= 1 << r;
        }
        return list;
    }

    int pick(int... options) { return options[rnd.nextInt(options.length)]; }
}
