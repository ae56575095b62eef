package armvmm.isa.decode;

/**
 * A decoder for instruction spaces another component implements (VFP and Advanced SIMD). The CPU's
 * decoders try every registered extension, in order, for:
 * <ul>
 * <li>A32: coprocessor instructions with coproc 10 or 11 (LDC/STC, MCR/MRC, MCRR/MRRC, CDP forms), and the
 *     unconditional spaces 0xF2/0xF3 (Advanced SIMD data processing) and 0xF4 (Advanced SIMD element and
 *     structure load/store);</li>
 * <li>T32: 32-bit encodings whose first halfword has bits [15:8] 0xEC..0xEF or 0xFC..0xFF (coprocessor
 *     and Advanced SIMD) and 0xF9 (Advanced SIMD load/store).</li>
 * </ul>
 * The first non-null answer wins; if every extension returns null, the CPU decodes the encoding itself
 * (cp14/cp15) or makes it UNDEFINED.
 *
 * <p>Found through {@link java.util.ServiceLoader} (META-INF/services/armvmm.isa.decode.ExtensionDecoder)
 * or passed to the CPU's decoders explicitly. Implementations are stateless and thread-safe.
 */
public interface ExtensionDecoder {
    /**
     * @param insn the 32-bit A32 encoding (the cond field is included; the CPU sets {@link Insn#cond} from it
     *             after you return, for every encoding other than 0xF...)
     * @param pc   the instruction's virtual address
     * @return the decoded form, or null when the encoding is not yours
     */
    Insn decodeA32(int insn, int pc);

    /**
     * @param hw1hw2 the first halfword in bits [31:16], the second in bits [15:0]
     * @param pc     the instruction's virtual address
     * @return the decoded form (size 4, thumb), or null when the encoding is not yours. The CPU sets
     *         {@link Insn#cond} from the IT block after you return.
     */
    Insn decodeT32(int hw1hw2, int pc);
}
