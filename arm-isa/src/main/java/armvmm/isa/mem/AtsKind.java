package armvmm.isa.mem;

/** The stage 1 address translation operations of the current security state (ARM ARM B4.2.6). */
public enum AtsKind {
    /** Stage 1, current state, PL1 read. */
    ATS1CPR(false, AccessKind.READ),
    ATS1CPW(false, AccessKind.WRITE),
    /** Stage 1, current state, PL0 (unprivileged) read. */
    ATS1CUR(true, AccessKind.READ),
    ATS1CUW(true, AccessKind.WRITE);

    final boolean unprivileged;
    final AccessKind access;

    AtsKind(boolean unprivileged, AccessKind access) {
        this.unprivileged = unprivileged;
        this.access = access;
    }
}
