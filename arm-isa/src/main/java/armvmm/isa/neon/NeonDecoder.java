package armvmm.isa.neon;

import armvmm.isa.decode.Insn;
import armvmm.isa.decode.UndefinedInsn;
import armvmm.isa.neon.NeonThreeSame.Op;

/**
 * Decodes the Advanced SIMD spaces in their A32 form (T32 encodings arrive converted): data processing
 * 1111001U (ARM ARM A7.4) and element/structure load/store 11110100 (A7.7). UNPREDICTABLE and reserved forms
 * decode as UNDEFINED.
 */
public final class NeonDecoder {
    private NeonDecoder() {
    }

    public static Insn decode(int x, int pc, boolean thumb) {
        Insn insn;
        if ((x >>> 24) == 0xf4) {
            if ((x & (1 << 20)) != 0) {
                // PLI and the other hints share 11110100 with bit 20 set: not Advanced SIMD.
                return null;
            }
            insn = NeonLoadStore.decode(x, pc, thumb);
        } else {
            insn = dataProcessing(x, pc, thumb);
        }
        return insn != null ? insn : new UndefinedInsn(pc, 4, thumb, x);
    }

    static int dReg(int x) {
        return ((x >>> 18) & 0x10) | ((x >>> 12) & 0xf);
    }

    static int nReg(int x) {
        return ((x >>> 3) & 0x10) | ((x >>> 16) & 0xf);
    }

    static int mReg(int x) {
        return ((x >>> 1) & 0x10) | (x & 0xf);
    }

    private static Insn dataProcessing(int x, int pc, boolean thumb) {
        boolean u = (x & (1 << 24)) != 0;
        int a = (x >>> 19) & 0x1f;
        int b = (x >>> 8) & 0xf;
        int c = (x >>> 4) & 0xf;
        if ((a & 0x10) == 0) {
            return threeSame(x, pc, thumb);
        }
        if ((c & 1) != 0) {
            if ((a & 0x17) == 0x10 && (c & 8) == 0) {
                return NeonImmediate.decode(x, pc, thumb);
            }
            return NeonShift.decode(x, pc, thumb);
        }
        if ((a & 0x16) != 0x16) {
            // A = 1x0xx or 1x10x: three registers of different lengths, or two and a scalar.
            return (c & 4) == 0 ? NeonThreeDiff.decode(x, pc, thumb) : NeonScalar.decode(x, pc, thumb);
        }
        if (!u) {
            return NeonPermute.decodeExt(x, pc, thumb);
        }
        if ((b & 8) == 0) {
            return NeonMisc.decode(x, pc, thumb);
        }
        if ((b & 0xc) == 8) {
            return NeonPermute.decodeTable(x, pc, thumb);
        }
        if (b == 0xc && (c & 8) == 0) {
            return NeonPermute.decodeDupScalar(x, pc, thumb);
        }
        return null;
    }

    private static Insn threeSame(int x, int pc, boolean thumb) {
        boolean u = (x & (1 << 24)) != 0;
        int size = (x >>> 20) & 3;
        int opc = (x >>> 8) & 0xf;
        boolean bit4 = (x & 0x10) != 0;
        boolean q = (x & 0x40) != 0;
        int d = dReg(x);
        int n = nReg(x);
        int m = mReg(x);
        if (q && ((d | n | m) & 1) != 0) {
            return null;
        }
        boolean sz = (size & 1) != 0;
        boolean hi = (size & 2) != 0;
        Op op = switch (opc) {
            case 0 -> bit4 ? Op.VQADD : Op.VHADD;
            case 1 -> bit4 ? bitwise(u, size) : Op.VRHADD;
            case 2 -> bit4 ? Op.VQSUB : Op.VHSUB;
            case 3 -> bit4 ? Op.VCGE : Op.VCGT;
            case 4 -> bit4 ? Op.VQSHL : Op.VSHL;
            case 5 -> bit4 ? Op.VQRSHL : Op.VRSHL;
            case 6 -> bit4 ? Op.VMIN : Op.VMAX;
            case 7 -> bit4 ? Op.VABA : Op.VABD;
            case 8 -> bit4 ? (u ? Op.VCEQ : Op.VTST) : (u ? Op.VSUB : Op.VADD);
            case 9 -> bit4 ? (u ? Op.VMUL_P : Op.VMUL) : (u ? Op.VMLS : Op.VMLA);
            case 10 -> bit4 ? Op.VPMIN : Op.VPMAX;
            case 11 -> bit4 ? (u ? null : Op.VPADD) : (u ? Op.VQRDMULH : Op.VQDMULH);
            case 12 -> bit4 && !u && !sz ? (hi ? Op.VFMS_F : Op.VFMA_F) : null;
            case 13 -> sz ? null : bit4 ? (u ? (hi ? null : Op.VMUL_F) : (hi ? Op.VMLS_F : Op.VMLA_F))
                    : (u ? (hi ? Op.VABD_F : Op.VPADD_F) : (hi ? Op.VSUB_F : Op.VADD_F));
            case 14 -> sz ? null : bit4 ? (u ? (hi ? Op.VACGT_F : Op.VACGE_F) : null)
                    : (u ? (hi ? Op.VCGT_F : Op.VCGE_F) : (hi ? null : Op.VCEQ_F));
            default -> sz ? null : bit4 ? (u ? null : (hi ? Op.VRSQRTS_F : Op.VRECPS_F))
                    : (u ? (hi ? Op.VPMIN_F : Op.VPMAX_F) : (hi ? Op.VMIN_F : Op.VMAX_F));
        };
        if (op == null) {
            return null;
        }
        boolean any64 = op == Op.VQADD || op == Op.VQSUB || op == Op.VSHL || op == Op.VQSHL || op == Op.VRSHL
                || op == Op.VQRSHL || op == Op.VADD || op == Op.VSUB;
        switch (op.kind) {
            case BITWISE -> {
                return new NeonThreeSame(pc, thumb, op, false, 64, q ? 2 : 1, d, n, m);
            }
            case FLOAT, FLOAT_PAIRWISE -> {
                if (op.kind == NeonThreeSame.Kind.FLOAT_PAIRWISE && q) {
                    return null;
                }
                return new NeonThreeSame(pc, thumb, op, false, 32, q ? 2 : 1, d, n, m);
            }
            default -> {
                if (size == 3 && !any64) {
                    return null;
                }
                if ((op.kind == NeonThreeSame.Kind.PAIRWISE && q) || (op == Op.VMUL_P && size != 0)
                        || ((op == Op.VQDMULH || op == Op.VQRDMULH) && (size == 0 || size == 3))) {
                    return null;
                }
                boolean signedOnly = op == Op.VQDMULH || op == Op.VQRDMULH || op == Op.VMUL_P || op == Op.VPADD
                        || op == Op.VADD || op == Op.VSUB || op == Op.VMLA || op == Op.VMLS || op == Op.VMUL
                        || op == Op.VTST || op == Op.VCEQ;
                return new NeonThreeSame(pc, thumb, op, u && !signedOnly, 8 << size, q ? 2 : 1, d, n, m);
            }
        }
    }

    private static Op bitwise(boolean u, int size) {
        return switch ((u ? 4 : 0) | size) {
            case 0 -> Op.VAND;
            case 1 -> Op.VBIC;
            case 2 -> Op.VORR;
            case 3 -> Op.VORN;
            case 4 -> Op.VEOR;
            case 5 -> Op.VBSL;
            case 6 -> Op.VBIT;
            default -> Op.VBIF;
        };
    }
}
