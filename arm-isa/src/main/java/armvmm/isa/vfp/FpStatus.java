package armvmm.isa.vfp;

/**
 * The FPSCR of one CPU. Arithmetic takes its control bits ({@code ctl}: the FPSCR itself for VFP, the
 * {@link Fpscr#standard standard value} for Advanced SIMD) separately, and always accumulates exception
 * flags here, as the ARM ARM's FPProcessException does for both.
 */
public final class FpStatus {
    public int fpscr;

    public FpStatus() {
    }

    public FpStatus(int fpscr) {
        this.fpscr = fpscr;
    }

    public void raise(int flags) {
        fpscr |= flags;
    }

    public int flags() {
        return fpscr & Fpscr.CUMULATIVE;
    }
}
