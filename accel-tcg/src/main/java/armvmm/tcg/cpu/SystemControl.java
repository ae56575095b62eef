package armvmm.tcg.cpu;

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

    int SCTLR_M = 1, SCTLR_A = 1 << 1, SCTLR_V = 1 << 13, SCTLR_EE = 1 << 25, SCTLR_TE = 1 << 30;
    int SCR_NS = 1, SCR_IRQ = 1 << 1, SCR_FIQ = 1 << 2, SCR_EA = 1 << 3;
}
