package armvmm.tcg.exec;

import armvmm.tcg.decode.Insn;

/**
 * A straight run of decoded instructions ending at the first one that may change the flow or the context
 * ({@link Insn#endsBlock()}), a page end, or a length limit. Keyed by its start VA, instruction set, the
 * ITSTATE it starts with, the privilege it was fetched at and the ASID.
 */
public final class Block {
    public final int pc;
    public final boolean thumb;
    public final int itStart;
    /** Decoded for User mode (PL0): fetch permissions differ, so PL0 and PL1 never share a block. */
    public final boolean user;
    /** The ASID it was decoded under: processes mapping different code at the same VA keep their own blocks. */
    public final int asid;
    public final Insn[] insns;
    /** VA after the last instruction: where execution continues if no instruction wrote the PC. */
    public final int endPc;
    /** ITSTATE after the last instruction (in sequence). */
    public final int itAfter;
    /** Physical 4 KiB pages the block was decoded from (page2 = -1 unless an instruction straddles). */
    public final long page1, page2;

    public Block(int pc, boolean thumb, int itStart, boolean user, int asid, Insn[] insns, int endPc, int itAfter, long page1, long page2) {
        this.pc = pc;
        this.thumb = thumb;
        this.itStart = itStart;
        this.user = user;
        this.asid = asid;
        this.insns = insns;
        this.endPc = endPc;
        this.itAfter = itAfter;
        this.page1 = page1;
        this.page2 = page2;
    }

    boolean from(long page) { return page1 == page || page2 == page; }
}
