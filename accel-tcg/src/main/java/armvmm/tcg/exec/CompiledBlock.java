package armvmm.tcg.exec;

import armvmm.isa.cpu.ArmCpu;

/**
 * A {@link Block} as a JVM method, made by {@link BlockCompiler}: the same instructions' {@code execute}
 * methods called in a straight line on constant receivers, which lets the JIT inline them. Owned by one
 * vCPU's block cache, like its block.
 */
public abstract class CompiledBlock {
    /** Index in the block of the instruction that threw, set before a guest exception leaves {@link #run}. */
    protected int faultIndex;
    /**
     * Times a block that branches back to its own start went round again inside {@link #run} (set on every
     * exit, normal or not): the instructions executed are {@code repeats * length + } the index reached.
     */
    protected int repeats;

    protected CompiledBlock() { }

    /**
     * Executes the block's instructions whose condition passes, in order, as the interpreter would; a block
     * ending in a branch to its own start runs again, up to {@link BlockCompiler#MAX_REPEATS} times, while
     * the branch is taken.
     */
    public abstract void run(ArmCpu cpu);
}
