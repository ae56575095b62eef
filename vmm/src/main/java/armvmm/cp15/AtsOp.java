package armvmm.cp15;

/**
 * The VA to PA translation operations (ARM ARM B4.2.6, "Address translation operations"): which regime
 * (current security state stage 1, Non-secure PL1&0 stages 1+2, Hyp), which privilege, read or write.
 * The result goes to PAR.
 */
public enum AtsOp {
    ATS1CPR(Regime.CURRENT_STAGE1, true, false),
    ATS1CPW(Regime.CURRENT_STAGE1, true, true),
    ATS1CUR(Regime.CURRENT_STAGE1, false, false),
    ATS1CUW(Regime.CURRENT_STAGE1, false, true),
    ATS12NSOPR(Regime.NON_SECURE_STAGE12, true, false),
    ATS12NSOPW(Regime.NON_SECURE_STAGE12, true, true),
    ATS12NSOUR(Regime.NON_SECURE_STAGE12, false, false),
    ATS12NSOUW(Regime.NON_SECURE_STAGE12, false, true),
    ATS1HR(Regime.HYP, true, false),
    ATS1HW(Regime.HYP, true, true);

    public enum Regime { CURRENT_STAGE1, NON_SECURE_STAGE12, HYP }

    private final Regime regime;
    private final boolean privileged;
    private final boolean write;

    AtsOp(Regime regime, boolean privileged, boolean write) {
        this.regime = regime;
        this.privileged = privileged;
        this.write = write;
    }

    public Regime regime() { return regime; }

    /** PL1 permissions (the *P* forms) rather than PL0 (the *U* forms). */
    public boolean privileged() { return privileged; }

    /** Checks write permission (the *W forms) rather than read. */
    public boolean write() { return write; }
}
