package armvmm.tcg.exec;

import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.decode.Insn;

/**
 * Guest code as a JVM method: a {@link Block} in the calls form ({@link BlockCompiler}), or a translated
 * region of one or more blocks ({@link Translator}). Owned by one vCPU's block cache, like the block it is
 * entered from. The generated {@link #run} reports where it stopped through the fields below, which the
 * interpreter reads after every call.
 */
public abstract class CompiledBlock {
    /** The blocks the code covers; [0] is the one it is entered from. Set once, before the first run. */
    Block[] members;
    /** Every member's instructions, member after member: {@link #faultIndex} indexes this. */
    Insn[] insns;
    /** For each entry of {@link #insns}: its member, and its index within that member's block. */
    int[] memberOf, offset;
    /** Size of the class file the code was defined from: what the bound on a vCPU's JVM code counts. */
    int classBytes;
    /** The vCPU's interpreter, whose signal word translated code reads between members. */
    Interpreter interpreter;

    /** Index in {@link #insns} of the instruction that threw, set before a guest exception leaves {@link #run}. */
    protected int faultIndex;
    /**
     * Guest instructions executed by the call (set on every exit): on a normal exit all of them; when a guest
     * exception leaves, those of the member rounds completed before the one that faulted, so that the faulting
     * instruction's {@link #offset} completes the count.
     */
    protected int executed;
    /** Index in {@link #members} of the block the code left from (normal exits). */
    protected int exitMember;

    protected CompiledBlock() { }

    /** Covers the single block {@code b}. */
    final CompiledBlock of(Block b) { return of(new Block[] {b}); }

    /** Covers {@code blocks}, entered from the first. */
    final CompiledBlock of(Block[] blocks) {
        int n = 0;
        for (Block m : blocks) n += m.insns.length;
        members = blocks;
        insns = new Insn[n];
        memberOf = new int[n];
        offset = new int[n];
        int k = 0;
        for (int j = 0; j < blocks.length; j++) {
            for (int i = 0; i < blocks[j].insns.length; i++, k++) {
                insns[k] = blocks[j].insns[i];
                memberOf[k] = j;
                offset[k] = i;
            }
        }
        return this;
    }

    /**
     * Executes the code's instructions whose condition passes, in order, as the interpreter would, leaving the
     * CPU where the interpreter would be after the exit member's block: {@code cpu.nextPc} written if the
     * last instruction wrote the PC, else execution goes on at that block's end.
     */
    public abstract void run(ArmCpu cpu);
}
