package armvmm.cp15;

/**
 * The TLB maintenance operations (ARM ARM B4.2.2, "TLB maintenance operations, functional group"). The
 * instruction-only and data-only forms (ITLBIALL, DTLBIMVA, ...) map onto the unified ones: this VMM keeps
 * one TLB per vCPU. The inner-shareable forms must reach every vCPU of the inner-shareable domain.
 */
public enum TlbOp {
    /** TLBIALL, ITLBIALL, DTLBIALL: every entry of the current VMID (Non-secure) or the Secure state. */
    ALL(false),
    /** TLBIMVA, ITLBIMVA, DTLBIMVA: the entry for MVA[31:12] and ASID[7:0] of the argument (global entries too). */
    MVA(false),
    /** TLBIASID, ITLBIASID, DTLBIASID: every non-global entry of ASID arg[7:0]. */
    ASID(false),
    /** TLBIMVAA: the entry for MVA[31:12] whatever its ASID. */
    MVA_ALL_ASID(false),
    ALL_IS(true),
    MVA_IS(true),
    ASID_IS(true),
    MVA_ALL_ASID_IS(true),
    /** TLBIALLH: every Hyp-mode entry. */
    HYP_ALL(false),
    /** TLBIMVAH: the Hyp-mode entry for MVA[31:12]. */
    HYP_MVA(false),
    /** TLBIALLNSNH: every Non-secure non-Hyp entry, of every VMID. */
    ALL_NON_SECURE_NON_HYP(false),
    HYP_ALL_IS(true),
    HYP_MVA_IS(true),
    ALL_NON_SECURE_NON_HYP_IS(true);

    private final boolean innerShareable;

    TlbOp(boolean innerShareable) { this.innerShareable = innerShareable; }

    /** Whether the operation is broadcast to every CPU of the Inner Shareable domain (the *IS forms). */
    public boolean innerShareable() { return innerShareable; }
}
