package armvmm.isa.mem;

/**
 * The cp15 state that stage 1 translation of the PL1&amp;0 regime reads, as the CPU last wrote it: the CPU
 * builds one whenever SCTLR, TTBCR, TTBR0/1, DACR, PRRR, NMRR, MAIR0/1 or CONTEXTIDR change (or the
 * security state does) and hands it to {@link Mmu#setRegime}. Values are the raw register contents of the
 * bank in use; TTBR0/TTBR1 are the 64-bit (MCRR) form, whose low word is the 32-bit TTBR.
 */
public record TranslationRegime(int sctlr, int ttbcr, long ttbr0, long ttbr1, int dacr, int prrr, int nmrr,
                                int mair0, int mair1, int contextidr, boolean secure) {
    // SCTLR (ARM ARM B4.1.130)
    public static final int SCTLR_M = 1;
    public static final int SCTLR_A = 1 << 1;
    public static final int SCTLR_C = 1 << 2;
    public static final int SCTLR_WXN = 1 << 19;
    public static final int SCTLR_UWXN = 1 << 20;
    public static final int SCTLR_EE = 1 << 25;
    public static final int SCTLR_TRE = 1 << 28;
    public static final int SCTLR_AFE = 1 << 29;

    // TTBCR (B4.1.153): short-descriptor fields, then long-descriptor (EAE = 1) fields
    public static final int TTBCR_N = 0x7;
    public static final int TTBCR_PD0 = 1 << 4;
    public static final int TTBCR_PD1 = 1 << 5;
    public static final int TTBCR_EPD0 = 1 << 7;
    public static final int TTBCR_A1 = 1 << 22;
    public static final int TTBCR_EPD1 = 1 << 23;
    public static final int TTBCR_EAE = 1 << 31;

    /** Out of reset: MMU off, short descriptors, everything zero (SCTLR's RES1 bits do not matter here). */
    public static final TranslationRegime RESET = new TranslationRegime(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, true);

    public boolean mmuEnabled() { return (sctlr & SCTLR_M) != 0; }

    /** TTBCR.EAE: the long-descriptor (LPAE) format, and DFSR/IFSR/PAR in its layout. */
    public boolean longDescriptors() { return (ttbcr & TTBCR_EAE) != 0; }

    public boolean alignmentCheck() { return (sctlr & SCTLR_A) != 0; }

    /** SCTLR.EE: translation tables are read big-endian. */
    public boolean bigEndianTables() { return (sctlr & SCTLR_EE) != 0; }

    /** TTBCR.T0SZ and TTBCR.T1SZ (long-descriptor format). */
    public int t0sz() { return ttbcr & 7; }

    public int t1sz() { return (ttbcr >>> 16) & 7; }

    /**
     * The current ASID: CONTEXTIDR[7:0] with short descriptors; with long descriptors TTBR0[55:48], or
     * TTBR1[55:48] when TTBCR.A1 is set.
     */
    public int asid() {
        if (!longDescriptors()) return contextidr & 0xff;
        long ttbr = (ttbcr & TTBCR_A1) != 0 ? ttbr1 : ttbr0;
        return (int) (ttbr >>> 48) & 0xff;
    }
}
