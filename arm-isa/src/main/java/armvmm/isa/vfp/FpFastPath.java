package armvmm.isa.vfp;

/**
 * The common case on the host's floating point: round to nearest, normal operands, and a normal result well
 * away from both overflow and the underflow threshold. Then the host's correctly rounded result is the
 * architecture's, FZ and DN cannot matter, and the only possible flag is Inexact, found from the exact error
 * (TwoSum for sums, an FMA for products and quotients, exact while every double involved has an exponent
 * within +-460, so that no error term underflows). Single precision goes through double, which is
 * correctly rounded for +, -, *, / (53 >= 2*24 + 2). Anything else answers {@link #NONE} and takes the exact
 * path. {@link FpFormat#DOUBLE} results are never NaN, so NONE (all ones, a NaN) cannot be a result.
 */
final class FpFastPath {
    private FpFastPath() {
    }

    static final long NONE = -1L;

    static final int ADD = 0, SUB = 1, MUL = 2, DIV = 3;

    private static boolean moderate(double x) {
        int e = Math.getExponent(x);
        return e >= -460 && e <= 460;
    }

    private static boolean normal(FpFormat f, long bits) {
        int e = f.biasedExp(bits);
        return e > 0 && e < f.maxBiasedExp;
    }

    static long apply(int op, FpFormat f, long op1, long op2, int ctl, FpStatus st) {
        if ((ctl & Fpscr.RMODE_MASK) != 0 || f == FpFormat.HALF || !normal(f, op1) || !normal(f, op2)) {
            return NONE;
        }
        double a;
        double b;
        if (f == FpFormat.DOUBLE) {
            a = Double.longBitsToDouble(op1);
            b = Double.longBitsToDouble(op2);
        } else {
            a = Float.intBitsToFloat((int) op1);
            b = Float.intBitsToFloat((int) op2);
        }
        double r;
        boolean exact;
        switch (op) {
            case ADD, SUB -> {
                double bb = op == SUB ? -b : b;
                r = a + bb;
                double v = r - a;
                exact = (a - (r - v)) + (bb - v) == 0;
            }
            case MUL -> {
                r = a * b;
                exact = Math.fma(a, b, -r) == 0;
            }
            default -> {
                r = a / b;
                exact = Math.fma(-r, b, a) == 0;
            }
        }
        long bits;
        if (f == FpFormat.DOUBLE) {
            if (!moderate(a) || !moderate(b) || !moderate(r)) {
                return NONE;
            }
            bits = Double.doubleToRawLongBits(r);
        } else {
            float rf = (float) r;
            exact &= rf == r;
            bits = Float.floatToRawIntBits(rf) & 0xffffffffL;
            // Clear of the underflow threshold (tininess is judged before rounding) and of overflow.
            int e = FpFormat.SINGLE.biasedExp(bits);
            if (e < 2 || e > 253) {
                return NONE;
            }
        }
        if (!exact) {
            st.raise(Fpscr.IXC);
        }
        return bits;
    }
}
