package armvmm.isa.mem;

/**
 * The VMSAv7 fault kinds the MMU reports, with their status encodings in both formats
 * (ARM ARM B3.13.3 table B3-23 for the short-descriptor FS[4:0], B3.13.4 table B3-24 for the
 * long-descriptor STATUS[5:0]). Level-dependent kinds give their level-1 code; levels 2 and 3 follow.
 */
enum FaultType {
    //                 short L1  short L2  long (level in bits 1:0 where the level counts)
    ALIGNMENT(         0b00001, 0b00001, 0b100001, false),
    TRANSLATION(       0b00101, 0b00111, 0b000100, true),
    ACCESS_FLAG(       0b00011, 0b00110, 0b001000, true),
    DOMAIN(            0b01001, 0b01011, -1,       false),
    PERMISSION(        0b01101, 0b01111, 0b001100, true),
    /** Synchronous external abort on an access (nothing behind the physical address, a refused size). */
    EXTERNAL(          0b01000, 0b01000, 0b010000, false),
    /** Synchronous external abort on a translation table walk. */
    EXTERNAL_ON_WALK(  0b01100, 0b01110, 0b010100, true),
    /** Long-descriptor only: an output or table address beyond 40 bits. */
    ADDRESS_SIZE(      -1,      -1,      0b000000, true);

    private final int shortL1, shortL2, longStatus;
    private final boolean longHasLevel;

    FaultType(int shortL1, int shortL2, int longStatus, boolean longHasLevel) {
        this.shortL1 = shortL1;
        this.shortL2 = shortL2;
        this.longStatus = longStatus;
        this.longHasLevel = longHasLevel;
    }

    /** DFSR.WnR. */
    static final int WNR = 1 << 11;
    /** DFSR/IFSR bit 9: the long-descriptor layout. */
    static final int LPAE = 1 << 9;

    /**
     * The DFSR/IFSR value: short format FS[4] in bit 10, FS[3:0] in bits 3:0, the domain in bits 7:4 (data
     * aborts only; IFSR has no domain field); long format LPAE bit 9 and STATUS in bits 5:0. WnR for writes.
     */
    int fsr(boolean longFormat, int level, int domain, AccessKind kind) {
        int fsr;
        if (longFormat) {
            fsr = LPAE | (longHasLevel ? longStatus | level : longStatus);
        } else {
            int fs = level >= 2 ? shortL2 : shortL1;
            fsr = ((fs & 0x10) << 6) | (fs & 0xf);
            if (kind != AccessKind.FETCH) fsr |= (domain & 0xf) << 4;
        }
        return kind == AccessKind.WRITE ? fsr | WNR : fsr;
    }

    /** A synchronous external abort on a walk, which an ATS operation takes as a Data Abort instead of reporting in PAR. */
    static boolean isExternalOnWalk(int fsr) {
        if ((fsr & LPAE) != 0) return (fsr & 0x3c) == EXTERNAL_ON_WALK.longStatus;
        int fs = (fsr & 0xf) | (fsr >>> 6 & 0x10);
        return fs == EXTERNAL_ON_WALK.shortL1 || fs == EXTERNAL_ON_WALK.shortL2;
    }

    /**
     * The PAR of a faulted ATS operation (B4.1.112): F set; short format FS[5:1] from DFSR bits 12 (ExT), 10
     * (FS[4]) and 3:0; long format bit 11 set and FST[6:1] from the DFSR STATUS.
     */
    static long par(int fsr) {
        if ((fsr & LPAE) != 0) return 1 | (fsr & 0x3f) << 1 | 1 << 11;
        return 1 | (fsr & 0xf) << 1 | (fsr >>> 10 & 1) << 5 | (fsr >>> 12 & 1) << 6;
    }

    MemoryAbort abort(boolean longFormat, int level, int domain, AccessKind kind, int va) {
        return new MemoryAbort(kind == AccessKind.FETCH, fsr(longFormat, level, domain, kind), va);
    }
}
