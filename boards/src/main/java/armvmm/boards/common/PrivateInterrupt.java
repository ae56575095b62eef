package armvmm.boards.common;

/**
 * The per-CPU interrupts (PPIs) of the Cortex-A15, as the dts's arch timer and GIC nodes number them:
 * PPI n is GIC interrupt ID 16 + n.
 */
public enum PrivateInterrupt {
    /** GIC virtual interface maintenance interrupt. */
    GIC_MAINTENANCE(9),
    /** Generic timer, in the order the "arm,armv7-timer" binding lists them. */
    SECURE_PHYSICAL_TIMER(13),
    NON_SECURE_PHYSICAL_TIMER(14),
    VIRTUAL_TIMER(11),
    HYPERVISOR_TIMER(10);

    public static final int PPI_BASE = 16;

    public final int ppi;

    PrivateInterrupt(int ppi) { this.ppi = ppi; }

    public int intid() { return PPI_BASE + ppi; }
}
