package armvmm.isa.vfp;

/**
 * FPUnpack's classification of an operand and the NaN rules of FPProcessNaN / FPProcessNaNs /
 * FPProcessNaNs3 (ARM ARM A2.7.x pseudocode). Classifying applies flush-to-zero to denormal single and
 * double inputs (raising IDC), so callers see a flushed operand as {@link #ZERO}.
 */
public final class FpProcess {
    private FpProcess() {
    }

    public static final int ZERO = 0;
    /** Normal or (when not flushed) denormal: a finite non-zero value. */
    public static final int FINITE = 1;
    public static final int INFINITY = 2;
    public static final int QNAN = 3;
    public static final int SNAN = 4;

    public static int type(FpFormat f, long bits, int ctl, FpStatus st) {
        int be = f.biasedExp(bits);
        long frac = f.fraction(bits);
        if (be == 0) {
            if (frac == 0) {
                return ZERO;
            }
            if (f != FpFormat.HALF && (ctl & Fpscr.FZ) != 0) {
                st.raise(Fpscr.IDC);
                return ZERO;
            }
            return FINITE;
        }
        if (be == f.maxBiasedExp && !(f == FpFormat.HALF && (ctl & Fpscr.AHP) != 0)) {
            if (frac == 0) {
                return INFINITY;
            }
            return (frac & f.quietBit) != 0 ? QNAN : SNAN;
        }
        return FINITE;
    }

    public static boolean isNaN(int type) {
        return type >= QNAN;
    }

    /** FPProcessNaN: quiet a signalling NaN (raising Invalid Operation), or the default NaN in DN mode. */
    public static long processNaN(FpFormat f, int type, long bits, int ctl, FpStatus st) {
        long result = bits;
        if (type == SNAN) {
            result |= f.quietBit;
            st.raise(Fpscr.IOC);
        }
        return (ctl & Fpscr.DN) != 0 ? f.defaultNaN() : result;
    }

    /** FPProcessNaNs: signalling NaNs first, then quiet ones, the first operand winning each tie. Call only if one is a NaN. */
    public static long processNaNs(FpFormat f, int t1, int t2, long op1, long op2, int ctl, FpStatus st) {
        if (t1 == SNAN) {
            return processNaN(f, t1, op1, ctl, st);
        }
        if (t2 == SNAN) {
            return processNaN(f, t2, op2, ctl, st);
        }
        if (t1 == QNAN) {
            return processNaN(f, t1, op1, ctl, st);
        }
        return processNaN(f, t2, op2, ctl, st);
    }

    /** FPProcessNaNs3, for fused multiply-add whose first operand is the addend. Call only if one is a NaN. */
    public static long processNaNs3(FpFormat f, int t1, int t2, int t3, long op1, long op2, long op3, int ctl,
            FpStatus st) {
        if (t1 == SNAN) {
            return processNaN(f, t1, op1, ctl, st);
        }
        if (t2 == SNAN) {
            return processNaN(f, t2, op2, ctl, st);
        }
        if (t3 == SNAN) {
            return processNaN(f, t3, op3, ctl, st);
        }
        if (t1 == QNAN) {
            return processNaN(f, t1, op1, ctl, st);
        }
        if (t2 == QNAN) {
            return processNaN(f, t2, op2, ctl, st);
        }
        return processNaN(f, t3, op3, ctl, st);
    }

    /** Raise Invalid Operation and return the default NaN. */
    static long invalid(FpFormat f, FpStatus st) {
        st.raise(Fpscr.IOC);
        return f.defaultNaN();
    }
}
