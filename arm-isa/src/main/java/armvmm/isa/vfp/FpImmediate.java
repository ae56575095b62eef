package armvmm.isa.vfp;

/** VFPExpandImm: the eight-bit floating-point immediate of VMOV (immediate) and the Advanced SIMD VMOV.F32. */
public final class FpImmediate {
    private FpImmediate() {
    }

    /** sign = imm8[7]; exponent = NOT(imm8[6]) : Replicate(imm8[6], E-3) : imm8[5:4]; fraction = imm8[3:0] : zeros. */
    public static long expand(FpFormat f, int imm8) {
        long sign = (imm8 >>> 7) & 1;
        int b6 = (imm8 >>> 6) & 1;
        long exp = ((long) (b6 ^ 1) << (f.e - 1)) | ((b6 == 1 ? (1L << (f.e - 3)) - 1 : 0) << 2) | ((imm8 >>> 4) & 3);
        long frac = (long) (imm8 & 15) << (f.f - 4);
        return (sign << (f.n - 1)) | (exp << f.f) | frac;
    }
}
