package armvmm.tcg.difftest;

import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;

/** Random cases: a random starting state (with special values) and a sequence of 1-6 generated instructions. */
final class CaseFactory {
    private CaseFactory() {}

    static final int MAX_SEQUENCE = 6;

    static final int[] SPECIAL_INTS = {0, 1, -1, 0x7fffffff, 0x80000000, 0xffff, 0x8000, 0x7fff, 0xff, 0x80, 31, 32, 33};

    /** Bit patterns the FP units must get right: zeros, infinities, NaNs (quiet and signalling), denormals, extremes. */
    static final long[] SPECIAL_DOUBLES = {0L, 0x8000000000000000L, 0x7ff0000000000000L, 0xfff0000000000000L,
            0x7ff8000000000000L, 0x7ff4000000000000L, 0xfff8000000000001L, 0x0000000000000001L, 0x000fffffffffffffL,
            0x8000000000000001L, 0x7fefffffffffffffL, 0x0010000000000000L, 0x3ff0000000000000L, 0xbff0000000000000L,
            0x4000000000000000L, 0x3fe0000000000000L, 0x41dfffffffc00000L, 0xc1e0000000000000L, 0x4330000000000000L};
    static final int[] SPECIAL_FLOATS = {0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7fa00000, 0xffc00001, 1,
            0x007fffff, 0x80000001, 0x7f7fffff, 0x00800000, 0x3f800000, 0xbf800000, 0x40000000, 0x3f000000, 0x4f000000,
            0xcf000000, 0x4b000000, 0x3effffff, 0x3f7fffff};

    static DiffCase random(Isa isa, SplittableRandom rnd) {
        boolean thumb = isa == Isa.T32 || (isa != Isa.A32 && rnd.nextInt(4) == 0);
        GenContext g = new GenContext(rnd, thumb);
        int[] regs = new int[14];
        for (int i = 0; i < 14; i++) regs[i] = rnd.nextInt(3) == 0 ? SPECIAL_INTS[rnd.nextInt(SPECIAL_INTS.length)] : rnd.nextInt();
        regs[slot(g.base)] = DiffCase.DATA + 1536 + 8 * rnd.nextInt(128);
        regs[slot(g.index)] = 4 * rnd.nextInt(16);
        int apsr = rnd.nextInt() & DiffResult.APSR_MASK;
        // FPSCR: NZCV, QC, DN, FZ and RMode vary; Len/Stride and the trap enables stay zero (not implemented by the A15).
        int fpscr = rnd.nextInt() & 0xffc0_0000 | (rnd.nextInt(4) == 0 ? rnd.nextInt() & 0x9f : 0);
        long[] d = new long[32];
        for (int i = 0; i < 32; i++) d[i] = randomFp(rnd);
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        int n = 1 + rnd.nextInt(MAX_SEQUENCE);
        for (int i = 0; i < n; i++) {
            switch (isa) {
                case A32 -> word(code, A32Gen.next(g));
                case T32 -> T32Gen.next(g, code);
                case VFP -> {
                    int w = VfpGen.next(g);
                    if (thumb) T32Gen.emit(code, (long) (w & 0x0fff_ffff | 0xe000_0000) & 0xffffffffL); // T32: the same word with 0xE on top
                    else word(code, w);
                }
                case NEON -> {
                    int w = NeonGen.next(g);
                    if (thumb) T32Gen.emit(code, toT32Neon(w) & 0xffffffffL);
                    else word(code, w);
                }
            }
        }
        return new DiffCase(thumb, code.toByteArray(), regs, apsr, fpscr, d, rnd.nextLong());
    }

    /** A32 Advanced SIMD to T32: 1111001U... -> 111U1111..., 11110100... -> 11111001... (ARM ARM A7.1). */
    static int toT32Neon(int a32) {
        if ((a32 >>> 25) == 0b1111001) {
            int u = (a32 >>> 24) & 1;
            return 0xef00_0000 | u << 28 | (a32 & 0x00ff_ffff);
        }
        return 0xf900_0000 | (a32 & 0x00ff_ffff);
    }

    static int slot(int reg) { return reg == 14 ? 13 : reg; }

    static long randomFp(SplittableRandom rnd) {
        switch (rnd.nextInt(5)) {
            case 0: return SPECIAL_DOUBLES[rnd.nextInt(SPECIAL_DOUBLES.length)];
            case 1: return (long) SPECIAL_FLOATS[rnd.nextInt(SPECIAL_FLOATS.length)] << 32
                    | SPECIAL_FLOATS[rnd.nextInt(SPECIAL_FLOATS.length)] & 0xffffffffL;
            case 2: return Double.doubleToRawLongBits(rnd.nextInt(2000) - 1000 + rnd.nextInt(8) / 8.0);
            case 3: return (long) Float.floatToRawIntBits(rnd.nextInt(200) - 100) << 32 | Float.floatToRawIntBits(rnd.nextInt(64) / 4f - 8) & 0xffffffffL;
            default: return rnd.nextLong();
        }
    }

    static void word(ByteArrayOutputStream out, int w) {
        out.write(w);
        out.write(w >>> 8);
        out.write(w >>> 16);
        out.write(w >>> 24);
    }
}
