package armvmm.isa.cpu;

import armvmm.cpu.cortexa15.CortexA15;
import armvmm.cp15.CpState;

/** System control read from and written to the vCPU's cp15 registers (the bank the CpState has selected). */
public final class CpSystemControl implements SystemControl {
    private final CpState cp;

    public CpSystemControl(CpState cp) { this.cp = cp; }

    @Override public int sctlr() { return (int) cp.peek(CortexA15.SCTLR); }
    @Override public int vbar() { return (int) cp.peek(CortexA15.VBAR); }
    @Override public int mvbar() { return (int) cp.peek(CortexA15.MVBAR); }
    @Override public int scr() { return (int) cp.peek(CortexA15.SCR); }

    /** CPACR, for the VFP/Advanced SIMD enable checks (declared by the VFP helper's SystemControl additions). */
    public int cpacr() { return (int) cp.peek(CortexA15.CPACR); }

    /** NSACR, as {@link #cpacr()}. */
    public int nsacr() { return (int) cp.peek(CortexA15.NSACR); }

    @Override
    public void dataAbort(int fsr, int far) {
        cp.poke(CortexA15.DFSR, fsr & 0xffffffffL);
        cp.poke(CortexA15.DFAR, far & 0xffffffffL);
    }

    @Override
    public void prefetchAbort(int fsr, int far) {
        cp.poke(CortexA15.IFSR, fsr & 0xffffffffL);
        cp.poke(CortexA15.IFAR, far & 0xffffffffL);
    }
}
