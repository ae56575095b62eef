package armvmm.isa.decode;

/**
 * Decodes the cp14/cp15 register transfers (MRC, MCR, MRRC, MCRR) into forms that reach the system
 * registers. The T32 encodings of these instructions carry the same bits [27:0] as the A32 ones, so both
 * decoders pass the A32-shaped word ({@code hw1:hw2} for T32).
 */
public interface Coprocessors {
    /** The decoded form, or null for UNDEFINED. {@code insn} bits [27:0] as in A32. */
    Insn decode(int insn, int pc, boolean thumb);

    /** No system-register model: every cp14/cp15 access is UNDEFINED. */
    Coprocessors NONE = (insn, pc, thumb) -> null;
}
