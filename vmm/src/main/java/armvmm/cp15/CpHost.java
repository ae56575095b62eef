package armvmm.cp15;

import armvmm.irq.IrqLine;
import armvmm.time.MachineClock;

/**
 * What a CPU model provides to the cp15 registers for their side effects (implemented by the TCG CPU; a
 * test provides a recording fake). Called on the vCPU's own thread, from inside {@link CpState#read} and
 * {@link CpState#write}, except {@link #timerIrq} lines, which the generic timer drives from the clock's
 * thread too.
 */
public interface CpHost {
    /** This vCPU's index in the machine (MPIDR.Aff0 within its cluster). */
    int cpuIndex();

    /** CPUs per cluster, for MPIDR and L2CTLR. */
    int cpuCount();

    /** Clusters in the machine (MPIDR.Aff1 = cpuIndex / cpuCount). */
    default int clusterCount() { return 1; }

    MachineClock clock();

    /** A TLB maintenance operation with its argument register value (MVA, ASID or ignored). */
    void tlbMaintenance(TlbOp op, int arg);

    /** Translates {@code va} as {@code op} says and returns the PAR value (32-bit or LPAE 64-bit format). */
    long addressTranslation(AtsOp op, int va);

    /** After a write to SCTLR, TTBCR, TTBR0/1, DACR, PRRR, NMRR, MAIR0/1, CONTEXTIDR or the Hyp/stage 2 equivalents: cached translations and decoded controls are stale. */
    void translationRegimeChanged();

    /**
     * ICIALLU, ICIALLUIS, ICIMVAU: translated code may be stale. A translator that already drops code when its
     * page is written (CodePages) may treat this as a no-op: Linux on a Cortex-A15 issues ICIALLU on every
     * context switch and user abort (its Spectre-v2 hardening), so flushing all code here would be costly.
     */
    void instructionCacheInvalidated();

    /** The PPI line {@code intid} (26 Hyp timer, 27 virtual timer, 29 Secure physical, 30 Non-secure physical) of this CPU. */
    IrqLine timerIrq(int intid);

    /** After a CPACR, NSACR or HCPTR write: the cp10/cp11 (VFP, Advanced SIMD) access rights may have changed. */
    void vfpControlChanged();

    /** After an SCR write: the security state, the banked copy in use and the routing of IRQ/FIQ/aborts may have changed. */
    default void secureConfigurationChanged() {}

    /** After an HCR, HSTR or HDCR write: Hyp traps and virtual interrupts may have changed. */
    default void hypConfigurationChanged() {}

    /**
     * The machine's interrupt controller, for a GIC whose CPU interface is system registers (GICv3's ICC_*,
     * which a board declares with their hooks); null while the board has not provided one, or with no
     * machine behind this host.
     */
    default armvmm.irq.InterruptController interruptController() { return null; }

    /** ISR: the pending A (bit 8), I (bit 7) and F (bit 6) inputs, as the CPU sees them. */
    default int pendingInterrupts() { return 0; }
}
