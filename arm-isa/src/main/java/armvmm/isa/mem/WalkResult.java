package armvmm.isa.mem;

/**
 * What a translation table walk found for one virtual address: reused by its {@link Mmu} (one walk at a
 * time per vCPU) so that a TLB miss allocates nothing.
 */
final class WalkResult {
    static final int PERM_R = 1, PERM_W = 2, PERM_X = 4;

    /** The physical address the walked virtual address translates to (40 bits). */
    long pa;
    /** log2 of the size of the mapping: 12 small page, 16 large page, 20 section, 21 block, 24 supersection, 30 block, 32 MMU off. */
    int blockShift;
    /** nG clear (or the MMU is off): the entry matches every ASID. */
    boolean global;
    /** Device or Strongly-ordered memory: an unaligned data access is an alignment fault. */
    boolean device;
    /** PERM_R/W/X granted at the privilege the walk was made for, after domain, XN, PXN and WXN. */
    int perms;
    /** The short-descriptor domain (reported in DFSR[7:4]). */
    int domain;
    /** The level of the descriptor that gave the mapping (reported in permission faults). */
    int level;
    /** The attribute bits of a successful PAR in the active format (everything but PA and F). */
    long parAttributes;

    /** Stage 1 off: the flat map, whose data accesses are Strongly-ordered (fetches never check {@link #device}). */
    void flat(long pa, long parAttributes) {
        this.pa = pa;
        this.blockShift = 32;
        this.global = true;
        this.device = true;
        this.perms = PERM_R | PERM_W | PERM_X;
        this.domain = 0;
        this.level = 1;
        this.parAttributes = parAttributes;
    }
}
