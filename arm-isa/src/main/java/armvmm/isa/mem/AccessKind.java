package armvmm.isa.mem;

/** What an access does with memory, as permission checks and fault reports distinguish it. */
enum AccessKind {
    READ(WalkResult.PERM_R),
    WRITE(WalkResult.PERM_W),
    FETCH(WalkResult.PERM_X);

    /** The permission bit of {@link WalkResult#perms} this access needs. */
    final int perm;

    AccessKind(int perm) { this.perm = perm; }
}
