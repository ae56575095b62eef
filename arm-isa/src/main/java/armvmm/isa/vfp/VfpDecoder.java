package armvmm.isa.vfp;

import armvmm.isa.decode.Insn;
import armvmm.isa.decode.UndefinedInsn;
import armvmm.isa.vfp.VfpTwoRegister.Op;

/**
 * Decodes the coprocessor 10/11 space (ARM ARM A7.5 floating-point data processing, A7.6 extension register
 * load/store, A7.8 8/16/32-bit and A7.9 64-bit transfers). The T32 encodings are the A32 ones with the cond
 * field 1110, so both instruction sets share this decoder. UNPREDICTABLE forms decode as UNDEFINED.
 */
public final class VfpDecoder {
    private VfpDecoder() {
    }

    /** @return the form, or null if {@code x} is not a coprocessor 10/11 encoding. */
    public static Insn decode(int x, int pc, boolean thumb) {
        int coproc = (x >>> 8) & 0xf;
        if (coproc != 10 && coproc != 11) {
            return null;
        }
        if ((x >>> 28) == 0xf) {
            // The unconditional coprocessor forms (LDC2, MCR2, CDP2 ...) do not exist for cp10/cp11.
            return undefined(x, pc, thumb);
        }
        int op = (x >>> 24) & 0xf;
        Insn insn;
        if (op == 0xe) {
            insn = (x & 0x10) == 0 ? dataProcessing(x, pc, thumb) : transfer(x, pc, thumb);
        } else if ((op & 0xe) == 0xc) {
            insn = loadStore(x, pc, thumb);
        } else {
            return null;
        }
        return insn != null ? insn : undefined(x, pc, thumb);
    }

    static Insn undefined(int x, int pc, boolean thumb) {
        return new UndefinedInsn(pc, 4, thumb, x);
    }

    private static int reg(boolean dp, int four, int bit) {
        return dp ? (bit << 4) | four : (four << 1) | bit;
    }

    private static Insn dataProcessing(int x, int pc, boolean thumb) {
        boolean dp = (x & 0x100) != 0;
        int opc1 = ((x >>> 20) & 3) | ((x >>> 21) & 4);
        int opc2 = (x >>> 16) & 0xf;
        boolean bit6 = (x & 0x40) != 0;
        boolean bit7 = (x & 0x80) != 0;
        int vd = (x >>> 12) & 0xf;
        int dBit = (x >>> 22) & 1;
        int nBit = (x >>> 7) & 1;
        int mBit = (x >>> 5) & 1;
        int vm = x & 0xf;
        int d = reg(dp, vd, dBit);
        int n = reg(dp, opc2, nBit);
        int m = reg(dp, vm, mBit);
        VfpThreeRegister.Op three = switch (opc1) {
            case 0 -> bit6 ? VfpThreeRegister.Op.VMLS : VfpThreeRegister.Op.VMLA;
            case 1 -> bit6 ? VfpThreeRegister.Op.VNMLA : VfpThreeRegister.Op.VNMLS;
            case 2 -> bit6 ? VfpThreeRegister.Op.VNMUL : VfpThreeRegister.Op.VMUL;
            case 3 -> bit6 ? VfpThreeRegister.Op.VSUB : VfpThreeRegister.Op.VADD;
            case 4 -> bit6 ? null : VfpThreeRegister.Op.VDIV;
            case 5 -> bit6 ? VfpThreeRegister.Op.VFNMA : VfpThreeRegister.Op.VFNMS;
            case 6 -> bit6 ? VfpThreeRegister.Op.VFMS : VfpThreeRegister.Op.VFMA;
            default -> null;
        };
        if (three != null) {
            return new VfpThreeRegister(pc, thumb, three, dp, d, n, m);
        }
        if (opc1 != 7) {
            return null;
        }
        if (!bit6) {
            if ((x & 0xb0) != 0) {
                return null;
            }
            long imm = FpImmediate.expand(dp ? FpFormat.DOUBLE : FpFormat.SINGLE, (opc2 << 4) | vm);
            return two(pc, thumb, Op.VMOV_IMM, dp, dp, d, m, imm, 0);
        }
        int sd = reg(false, vd, dBit);
        int sm = reg(false, vm, mBit);
        return switch (opc2) {
            case 0 -> two(pc, thumb, bit7 ? Op.VABS : Op.VMOV, dp, dp, d, m, 0, 0);
            case 1 -> two(pc, thumb, bit7 ? Op.VSQRT : Op.VNEG, dp, dp, d, m, 0, 0);
            case 2 -> dp ? null : two(pc, thumb, bit7 ? Op.VCVTT_F32_F16 : Op.VCVTB_F32_F16, false, false, d, m, 0, 0);
            case 3 -> dp ? null : two(pc, thumb, bit7 ? Op.VCVTT_F16_F32 : Op.VCVTB_F16_F32, false, false, d, m, 0, 0);
            case 4 -> new VfpCompareInsn(pc, thumb, dp, bit7, false, d, m);
            case 5 -> (x & 0x2f) != 0 ? null : new VfpCompareInsn(pc, thumb, dp, bit7, true, d, 0);
            case 7 -> !bit7 ? null : two(pc, thumb, Op.VCVT_FP, dp, !dp, reg(!dp, vd, dBit), m, 0, 0);
            case 8 -> two(pc, thumb, bit7 ? Op.VCVT_FROM_S32 : Op.VCVT_FROM_U32, false, dp, d, sm, 0, 0);
            case 0xc -> two(pc, thumb, bit7 ? Op.VCVT_U32 : Op.VCVTR_U32, dp, false, sd, m, 0, 0);
            case 0xd -> two(pc, thumb, bit7 ? Op.VCVT_S32 : Op.VCVTR_S32, dp, false, sd, m, 0, 0);
            case 0xa, 0xb, 0xe, 0xf -> fixedPoint(x, pc, thumb, dp, d);
            default -> null;
        };
    }

    /** VCVT between floating point and fixed point: in place, the fixed-point value in the low 16 or 32 bits. */
    private static Insn fixedPoint(int x, int pc, boolean thumb, boolean dp, int d) {
        boolean toFixed = (x & (1 << 18)) != 0;
        boolean unsigned = (x & (1 << 16)) != 0;
        int size = (x & 0x80) != 0 ? 32 : 16;
        int imm = ((x & 0xf) << 1) | ((x >>> 5) & 1);
        int fracBits = size - imm;
        if (fracBits < 0) {
            return null;
        }
        Op op = toFixed ? (unsigned ? Op.VCVT_TO_FIXED_U : Op.VCVT_TO_FIXED_S)
                : (unsigned ? Op.VCVT_FROM_FIXED_U : Op.VCVT_FROM_FIXED_S);
        return two(pc, thumb, op, dp, dp, d, d, size, fracBits);
    }

    private static Insn two(int pc, boolean thumb, Op op, boolean srcDouble, boolean dstDouble, int d, int m, long imm,
            int fracBits) {
        return new VfpTwoRegister(pc, thumb, op, srcDouble, dstDouble, d, m, imm, fracBits);
    }

    private static Insn loadStore(int x, int pc, boolean thumb) {
        boolean p = (x & (1 << 24)) != 0;
        boolean u = (x & (1 << 23)) != 0;
        boolean w = (x & (1 << 21)) != 0;
        boolean load = (x & (1 << 20)) != 0;
        boolean dp = (x & 0x100) != 0;
        int rn = (x >>> 16) & 0xf;
        int vd = (x >>> 12) & 0xf;
        int dBit = (x >>> 22) & 1;
        int imm8 = x & 0xff;
        int d = reg(dp, vd, dBit);
        if (!p && !u && !w) {
            return (x & (1 << 22)) != 0 ? transfer64(x, pc, thumb) : null;
        }
        if (p && !w) {
            return new VfpLoadStore(pc, thumb, load, dp, d, 1, rn, true, u, false, imm8 * 4);
        }
        if (p == u) {
            // P = U = 1 with W = 1 is UNDEFINED; P = U = 0 was the 64-bit transfer space.
            return null;
        }
        int regs = dp ? imm8 / 2 : imm8;
        if (regs == 0 || (dp && regs > 16) || d + regs > 32 || (w && rn == 15)) {
            return null;
        }
        return new VfpLoadStore(pc, thumb, load, dp, d, regs, rn, false, u, w, imm8 * 4);
    }

    private static Insn transfer64(int x, int pc, boolean thumb) {
        boolean toCore = (x & (1 << 20)) != 0;
        int rt2 = (x >>> 16) & 0xf;
        int rt = (x >>> 12) & 0xf;
        boolean dp = (x & 0x100) != 0;
        if ((x & 0xd0) != 0x10) {
            return null;
        }
        int m = reg(dp, x & 0xf, (x >>> 5) & 1);
        if (rt == 15 || rt2 == 15 || (toCore && rt == rt2) || (!dp && m == 31)) {
            return null;
        }
        return new VfpTransfer(pc, thumb, dp ? VfpTransfer.Kind.DOUBLE : VfpTransfer.Kind.TWO_SINGLES, toCore, m, rt, rt2,
                0, 0, 0, false);
    }

    private static Insn transfer(int x, int pc, boolean thumb) {
        boolean l = (x & (1 << 20)) != 0;
        boolean c = (x & 0x100) != 0;
        int a = (x >>> 21) & 7;
        int rt = (x >>> 12) & 0xf;
        int vn = (x >>> 16) & 0xf;
        int nBit = (x >>> 7) & 1;
        if ((x & 0xf) != 0) {
            return null;
        }
        if (!c && a == 0) {
            if ((x & 0x7f) != 0x10 || rt == 15) {
                return null;
            }
            return new VfpTransfer(pc, thumb, VfpTransfer.Kind.SINGLE, l, (vn << 1) | nBit, rt, 0, 32, 0, 0, false);
        }
        if (!c && a == 7) {
            if ((x & 0xff) != 0x10 || !VfpSystemRegister.known(vn) || (rt == 15 && !(l && vn == 1))) {
                return null;
            }
            return new VfpSystemRegister(pc, thumb, l, vn, rt);
        }
        if (!c) {
            return null;
        }
        int dn = (nBit << 4) | vn;
        if (!l && (a & 4) != 0) {
            // VDUP (ARM core register): B:E selects the size, Q two registers.
            int be = ((x >>> 21) & 2) | ((x >>> 5) & 1);
            boolean q = (x & (1 << 21)) != 0;
            if (be == 3 || (x & 0x40) != 0 || rt == 15 || (q && (dn & 1) != 0)) {
                return null;
            }
            int esize = be == 0 ? 32 : be == 1 ? 16 : 8;
            return new VfpTransfer(pc, thumb, VfpTransfer.Kind.DUP, false, dn, rt, 0, esize, 0, q ? 2 : 1, false);
        }
        // VMOV between a core register and a scalar: opc1:opc2 give the size and the index.
        boolean unsigned = (x & (1 << 23)) != 0;
        int opc1 = (x >>> 21) & 3;
        int opc2 = (x >>> 5) & 3;
        int sel = (opc1 << 2) | opc2;
        int esize;
        int index;
        if ((sel & 8) != 0) {
            esize = 8;
            index = sel & 7;
        } else if ((sel & 1) != 0) {
            esize = 16;
            index = (sel >>> 1) & 3;
        } else if ((sel & 2) == 0) {
            esize = 32;
            index = (sel >>> 2) & 1;
        } else {
            return null;
        }
        if (rt == 15 || (!l && unsigned) || (l && unsigned && esize == 32)) {
            return null;
        }
        return new VfpTransfer(pc, thumb, VfpTransfer.Kind.SCALAR, l, dn, rt, 0, esize, index, 0, unsigned);
    }
}
