package armvmm.isa.mem;

/**
 * How the TCG CPU reaches memory: every load, store and instruction fetch goes through one of these,
 * with a virtual address. The implementation translates (MMU on or off), checks permissions and
 * alignment, and reaches RAM through host addresses cached in a software TLB or devices through the bus.
 *
 * <p>A fault throws {@link MemoryAbort}; the CPU turns it into a Data Abort or Prefetch Abort and writes the
 * fault status and address registers from it. Values are zero-extended (an 8-bit read returns 0..255).
 * Multi-byte accesses are little-endian; the CPU applies CPSR.E (SETEND BE) itself by byte-reversing.
 */
public interface MemoryAccess {
    /** The access is made as if at PL0 (LDRT/STRT, or the CPU is in User mode). */
    int UNPRIVILEGED = 1;
    /** An exclusive access (LDREX/STREX family): always alignment-checked. */
    int EXCLUSIVE = 2;
    /** The instruction requires natural alignment whatever SCTLR.A says (LDM/STM/LDRD word alignment, VLDR, ...). */
    int ALIGNED = 4;
    /**
     * The required alignment is a word even for a doubleword access (LDRD/STRD, LDM/STM, LDREXD needs 8):
     * combine with ALIGNED.
     */
    int WORD_ALIGNED = 8;

    int read8(int va, int flags);

    int read16(int va, int flags);

    int read32(int va, int flags);

    long read64(int va, int flags);

    void write8(int va, int value, int flags);

    void write16(int va, int value, int flags);

    void write32(int va, int value, int flags);

    void write64(int va, long value, int flags);

    /** Instruction fetch: a fault is a Prefetch Abort. */
    int fetch16(int va, int flags);

    int fetch32(int va, int flags);

    /**
     * The physical address {@code va} translates to for a read (or write) at the current privilege,
     * or throws {@link MemoryAbort}: for the exclusive monitor, which tags physical addresses.
     */
    long translate(int va, boolean write, int flags);

    /**
     * The physical address of an instruction fetch from {@code va} (a fault is a Prefetch Abort): for the
     * decoder, which marks {@link CodePages} by physical page.
     */
    default long translateFetch(int va, int flags) { return translate(va, false, flags); }

    /**
     * Called by the CPU on its own thread at a safe point (between blocks) when another thread asked for
     * its attention: the implementation applies what other vCPUs posted (Inner Shareable TLB maintenance).
     */
    default void safePoint() {}
}
