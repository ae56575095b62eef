package armvmm.isa.decode;

import armvmm.isa.cpu.ArmCpu;

/**
 * One decoded guest instruction: created once when its block is decoded, holding its decoded fields
 * (registers, immediates, shift), and executed any number of times. Subclasses are final and small so a
 * translator can later emit the same operation as bytecode from the same fields.
 *
 * <p>The interpreter checks {@link #cond} (from the A32 cond field or the Thumb IT block) before calling
 * {@link #execute}; an executor never checks it. An executor that writes the PC calls one of the
 * {@code ArmCpu.*WritePc} methods and must be decoded with {@link #endsBlock()} true.
 */
public abstract class Insn {
    public static final int AL = 14;

    /** Virtual address of the instruction. Blocks are keyed by it, so it is constant for this object. */
    public final int pc;
    /** 2 or 4 bytes. */
    public final int size;
    public final boolean thumb;
    /** Condition 0..14 (AL = 14); set by the decoder. */
    public int cond = AL;
    /** CPSR.IT in effect while this instruction executes (Thumb IT blocks); set by the decoder. */
    public int itState;

    protected Insn(int pc, int size, boolean thumb) {
        this.pc = pc;
        this.size = size;
        this.thumb = thumb;
    }

    public abstract void execute(ArmCpu cpu);

    /**
     * Whether this instruction may write the PC, change the mode, mask bits, endianness or instruction set,
     * change translation or wait: the block ends after it so the interpreter re-examines the CPU state.
     */
    public boolean endsBlock() { return false; }

    /**
     * Whether the executor neither reads nor writes R0-R15 or the APSR (the extension registers, FPSCR and the
     * enable checks are all it uses): VFP and Advanced SIMD data processing. Translated code calls such an
     * executor without first writing back the registers it holds in locals, and without reloading them after.
     */
    public boolean coreRegistersUnused() { return false; }

    /** The value an instruction reads for the PC (ARM ARM A2.3: address + 8 in ARM state, + 4 in Thumb). */
    public final int pcValue() { return pc + (thumb ? 4 : 8); }

    /** Align(PC, 4): the base of PC-relative literal loads and ADR. */
    public final int pcAligned() { return pcValue() & ~3; }

    /** Reads Rn with the PC-read rule. */
    public final int reg(ArmCpu cpu, int n) { return n == 15 ? pcValue() : cpu.r[n]; }

    /** Address of the next instruction in sequence. */
    public final int nextPc() { return pc + size; }

    /** Disassembly-like text for traces and test failure messages. */
    @Override
    public String toString() { return getClass().getSimpleName() + String.format("@%08x", pc); }
}
