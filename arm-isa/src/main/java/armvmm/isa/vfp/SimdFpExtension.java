package armvmm.isa.vfp;

import armvmm.isa.decode.ExtensionDecoder;
import armvmm.isa.decode.Insn;
import armvmm.isa.decode.UndefinedInsn;
import armvmm.isa.neon.NeonDecoder;

/**
 * The CPU's extension hook for VFPv4-D32 and Advanced SIMD: the coprocessor 10/11 space goes to
 * {@link VfpDecoder}, the Advanced SIMD data-processing and element/structure load/store spaces to
 * {@link NeonDecoder}. T32 encodings are brought to their A32 form first (ARM ARM A7.1: the T32 Advanced
 * SIMD encodings are the A32 ones with 111U1111 for 1111001U and 11111001 for 11110100).
 */
public final class SimdFpExtension implements ExtensionDecoder {
    @Override
    public Insn decodeA32(int insn, int pc) {
        int top = insn >>> 24;
        if (top == 0xf2 || top == 0xf3 || top == 0xf4) {
            return NeonDecoder.decode(insn, pc, false);
        }
        return VfpDecoder.decode(insn, pc, false);
    }

    @Override
    public Insn decodeT32(int hw1hw2, int pc) {
        int top = hw1hw2 >>> 24;
        if (top == 0xef || top == 0xff) {
            int u = (hw1hw2 >>> 28) & 1;
            return NeonDecoder.decode((hw1hw2 & 0x00ffffff) | 0xf2000000 | (u << 24), pc, true);
        }
        if (top == 0xf9) {
            return NeonDecoder.decode((hw1hw2 & 0x00ffffff) | 0xf4000000, pc, true);
        }
        if (top >= 0xfc) {
            // 0xFC..0xFE with coprocessor 10/11 (the T32 LDC2/MCR2/CDP2 forms) are UNDEFINED.
            int coproc = (hw1hw2 >>> 8) & 0xf;
            return coproc == 10 || coproc == 11 ? new UndefinedInsn(pc, 4, true, hw1hw2) : null;
        }
        return VfpDecoder.decode(hw1hw2, pc, true);
    }
}
