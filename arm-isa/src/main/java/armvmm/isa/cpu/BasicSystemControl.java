package armvmm.isa.cpu;

/** System control held in plain fields: for a CPU without the cp15 registry (tests, early bring-up). */
public final class BasicSystemControl implements SystemControl {
    /** SCTLR reset value of the Cortex-A15 (TRM 4.3.27): MMU, caches off, low vectors. */
    public int sctlr = 0x00c50078;
    public int vbar, mvbar, scr;
    public int dfsr, dfar, ifsr, ifar;
    public int cpacr = CPACR_CP10_CP11_FULL, nsacr = NSACR_CP10_CP11;

    @Override public int sctlr() { return sctlr; }
    @Override public int vbar() { return vbar; }
    @Override public int mvbar() { return mvbar; }
    @Override public int scr() { return scr; }
    @Override public int cpacr() { return cpacr; }
    @Override public int nsacr() { return nsacr; }

    @Override
    public void dataAbort(int fsr, int far) {
        dfsr = fsr;
        dfar = far;
    }

    @Override
    public void prefetchAbort(int fsr, int far) {
        ifsr = fsr;
        ifar = far;
    }
}
