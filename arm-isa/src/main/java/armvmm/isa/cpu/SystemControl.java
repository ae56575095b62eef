package armvmm.isa.cpu;

/**
 * The few system-control facts exception entry and the instruction set need from cp15, read through one
 * narrow interface so the CPU does not depend on how cp15 stores them. {@link BasicSystemControl} holds
 * plain fields (reset values, used before and besides the cp15 registry); the registry-backed
 * implementation reads the CpState.
 */
public interface SystemControl {
    /** SCTLR of the current security state (V, TE, EE, A, M ... bits as the ARM ARM B4.1.130 says). */
    int sctlr();

    /** VBAR of the current security state. */
    int vbar();

    int mvbar();

    /** SCR (Secure Configuration Register); SCR.NS is bit 0. */
    int scr();

    /** Writes DFSR and DFAR for a Data Abort. */
    void dataAbort(int fsr, int far);

    /** Writes IFSR and IFAR for a Prefetch Abort. */
    void prefetchAbort(int fsr, int far);

    /**
     * CPACR (ARM ARM B4.1.40): cp10/cp11 access and ASEDIS, for the VFP/Advanced SIMD enable checks. The
     * default grants full access, for a CPU whose cp15 model cannot write CPACR yet.
     */
    default int cpacr() { return CPACR_CP10_CP11_FULL; }

    /** NSACR (ARM ARM B4.1.111): Non-secure access to cp10/cp11 and NSASEDIS. The default permits it. */
    default int nsacr() { return NSACR_CP10_CP11; }

    int CPACR_CP10_CP11_FULL = 0xf << 20, NSACR_CP10_CP11 = 3 << 10;

    int SCTLR_M = 1, SCTLR_A = 1 << 1, SCTLR_V = 1 << 13, SCTLR_EE = 1 << 25, SCTLR_TE = 1 << 30;
    int SCR_NS = 1, SCR_IRQ = 1 << 1, SCR_FIQ = 1 << 2, SCR_EA = 1 << 3;
}
