package armvmm.tcg.neon;

import armvmm.tcg.decode.Insn;

/** Decodes the Advanced SIMD spaces of A32 (T32 encodings arrive converted to their A32 form). */
public final class NeonDecoder {
    private NeonDecoder() {
    }

    public static Insn decode(int x, int pc, boolean thumb) {
        return null;
    }
}
