package armvmm.isa.decode;

import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.cpu.Undefined;

/** An encoding that is UNDEFINED: executing it (if its condition passes) takes the Undefined Instruction exception. */
public final class UndefinedInsn extends Insn {
    /** The raw encoding, for traces. */
    public final int encoding;

    public UndefinedInsn(int pc, int size, boolean thumb, int encoding) {
        super(pc, size, thumb);
        this.encoding = encoding;
    }

    @Override
    public void execute(ArmCpu cpu) { throw Undefined.INSTANCE; }

    @Override
    public boolean endsBlock() { return true; }

    @Override
    public String toString() { return String.format("UNDEFINED %08x@%08x", encoding, pc); }
}
