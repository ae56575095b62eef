package armvmm.isa.vfp;

/**
 * The Floating-Point Status and Control Register's fields (ARM ARM B6.1.44 / A2.6.3 "FPSCR"). The
 * register value itself lives in {@link FpStatus}.
 */
public final class Fpscr {
    private Fpscr() {
    }

    public static final int N = 1 << 31;
    public static final int Z = 1 << 30;
    public static final int C = 1 << 29;
    public static final int V = 1 << 28;
    /** Cumulative saturation, set by Advanced SIMD saturating instructions. */
    public static final int QC = 1 << 27;
    /** Alternative half-precision format. */
    public static final int AHP = 1 << 26;
    /** Default NaN mode. */
    public static final int DN = 1 << 25;
    /** Flush-to-zero mode. */
    public static final int FZ = 1 << 24;
    public static final int RMODE_SHIFT = 22;
    public static final int RMODE_MASK = 3 << RMODE_SHIFT;
    /** Round to Nearest (RN), towards Plus infinity (RP), towards Minus infinity (RM), towards Zero (RZ). */
    public static final int RN = 0, RP = 1, RM = 2, RZ = 3;
    public static final int STRIDE_SHIFT = 20;
    public static final int LEN_SHIFT = 16;
    /** Trap enables: Cortex-A15 does not support trapping, so these bits are RAZ/WI. */
    public static final int IDE = 1 << 15, IXE = 1 << 12, UFE = 1 << 11, OFE = 1 << 10, DZE = 1 << 9, IOE = 1 << 8;
    /** Cumulative exception flags. */
    public static final int IDC = 1 << 7, IXC = 1 << 4, UFC = 1 << 3, OFC = 1 << 2, DZC = 1 << 1, IOC = 1;
    public static final int NZCV = N | Z | C | V;
    public static final int CUMULATIVE = IDC | IXC | UFC | OFC | DZC | IOC;
    /** Len and Stride: the deprecated short vectors. */
    public static final int LEN_STRIDE = (3 << STRIDE_SHIFT) | (7 << LEN_SHIFT);
    /**
     * The bits a write can change on Cortex-A15: flags, QC, AHP, DN, FZ, RMode, Stride, Len and the cumulative
     * flags; the trap enables are RAZ/WI (no trapping). Len and Stride read back as written, but as MVFR0
     * reports no short vectors, a non-zero value makes the vector-capable VFP data-processing instructions
     * UNDEFINED (as qemu-arm does too).
     */
    public static final int WRITABLE = NZCV | QC | AHP | DN | FZ | RMODE_MASK | LEN_STRIDE | CUMULATIVE;

    public static int rmode(int fpscr) {
        return (fpscr >>> RMODE_SHIFT) & 3;
    }

    /**
     * StandardFPSCRValue(): what Advanced SIMD floating-point arithmetic runs under: flush-to-zero, default NaN,
     * round to nearest, only AHP taken from the real FPSCR.
     */
    public static int standard(int fpscr) {
        return (fpscr & AHP) | DN | FZ;
    }
}
