package armvmm.tcg.exec;

import armvmm.isa.decode.Insn;

/**
 * A straight run of decoded instructions ending at the first one that may change the flow or the context
 * ({@link Insn#endsBlock()}), a page end, or a length limit. Keyed by its start VA and the physical address
 * that VA translated to when it was decoded, its instruction set, the ITSTATE it starts with and the
 * privilege it was fetched at. The interpreter translates the VA through the instruction TLB before each
 * run, so a block stays valid across TLB maintenance, context switches and domain changes: it is found
 * again only where the same VA still reaches the same physical code (instructions carry their VA, for
 * PC-relative operands, so an alias of the page gets blocks of its own).
 */
public final class Block {
    public final int pc;
    /** Physical address of the first instruction. */
    public final long pa;
    public final boolean thumb;
    public final int itStart;
    /** Decoded for User mode (PL0): fetch permissions differ, so PL0 and PL1 never share a block. */
    public final boolean user;
    public final Insn[] insns;
    /** VA after the last instruction: where execution continues if no instruction wrote the PC. */
    public final int endPc;
    /** ITSTATE after the last instruction (in sequence). */
    public final int itAfter;
    /** Physical 4 KiB pages the block was decoded from (page2 = -1 unless an instruction straddles). */
    public final long page1, page2;
    /** Runs of this block, counted until it is compiled (see {@link BlockCompiler}). */
    int runs;
    /** The block as JVM bytecode once it has run often enough, or null. */
    CompiledBlock compiled;
    /**
     * Links to the blocks that ran next: [0] the one at {@link #endPc} (fall-through, a branch not taken),
     * [1] the last other one (a branch taken). Each is trusted only while the MMU's translation generation
     * and the cache's epoch are those it was made at, and its key matches the CPU's state (see
     * {@link Interpreter}).
     */
    final Block[] link = new Block[2];
    /** The next block in the same {@link BlockCache} bucket. */
    Block chain;
    final long[] linkGeneration = new long[2];
    final int[] linkEpoch = new int[2];

    public Block(int pc, long pa, boolean thumb, int itStart, boolean user, Insn[] insns, int endPc, int itAfter, long page1, long page2) {
        this.pc = pc;
        this.pa = pa;
        this.thumb = thumb;
        this.itStart = itStart;
        this.user = user;
        this.insns = insns;
        this.endPc = endPc;
        this.itAfter = itAfter;
        this.page1 = page1;
        this.page2 = page2;
    }

    boolean from(long page) { return page1 == page || page2 == page; }
}
