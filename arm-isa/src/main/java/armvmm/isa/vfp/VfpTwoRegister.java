package armvmm.isa.vfp;

import static armvmm.isa.vfp.ExtensionRegisters.s;
import static armvmm.isa.vfp.ExtensionRegisters.setS;

import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.decode.Insn;

/**
 * The other VFP data-processing instructions (ARM ARM A7.5, opc1 = 1x11): VMOV (register and immediate),
 * VABS, VNEG, VSQRT and the conversions. Source and destination formats can differ; each operand is an S or
 * a D register as {@code srcDouble}/{@code dstDouble} say.
 */
public final class VfpTwoRegister extends Insn {
    public enum Op {
        /** The first five are the ones short vectors would iterate. */
        VMOV, VMOV_IMM, VABS, VNEG, VSQRT,
        /** VCVT between single and double precision. */
        VCVT_FP,
        /** VCVTB/VCVTT .F32.F16: the half in the bottom (B) or top (T) of Sm. */
        VCVTB_F32_F16, VCVTT_F32_F16,
        /** VCVTB/VCVTT .F16.F32: into the bottom or top half of Sd, the other half kept. */
        VCVTB_F16_F32, VCVTT_F16_F32,
        /** VCVT/VCVTR to a 32-bit integer (round towards zero, or the FPSCR mode). */
        VCVT_S32, VCVT_U32, VCVTR_S32, VCVTR_U32,
        /** VCVT from a 32-bit integer in Sm. */
        VCVT_FROM_S32, VCVT_FROM_U32,
        /** VCVT to and from fixed point, in place in Vd: {@code fixedBits} 16 or 32, {@code fracBits}. */
        VCVT_TO_FIXED_S, VCVT_TO_FIXED_U, VCVT_FROM_FIXED_S, VCVT_FROM_FIXED_U
    }

    public final Op op;
    public final boolean srcDouble, dstDouble;
    public final int d, m;
    /** VMOV_IMM: the expanded immediate. Fixed point: the fixed-point size. */
    public final long imm;
    public final int fracBits;

    public VfpTwoRegister(int pc, boolean thumb, Op op, boolean srcDouble, boolean dstDouble, int d, int m, long imm,
            int fracBits) {
        super(pc, 4, thumb);
        this.op = op;
        this.srcDouble = srcDouble;
        this.dstDouble = dstDouble;
        this.d = d;
        this.m = m;
        this.imm = imm;
        this.fracBits = fracBits;
    }

    @Override
    public boolean coreRegistersUnused() { return true; }

    @Override
    public void execute(ArmCpu cpu) {
        FpStatus st = op.ordinal() <= Op.VSQRT.ordinal() ? VfpAccess.beginVectorCapable(cpu) : VfpAccess.begin(cpu);
        FpFormat sf = srcDouble ? FpFormat.DOUBLE : FpFormat.SINGLE;
        FpFormat df = dstDouble ? FpFormat.DOUBLE : FpFormat.SINGLE;
        long x = srcDouble ? cpu.d[m] : s(cpu, m);
        int ctl = st.fpscr;
        long r = switch (op) {
            case VMOV -> x;
            case VMOV_IMM -> imm;
            case VABS -> FpArithmetic.abs(sf, x);
            case VNEG -> FpArithmetic.neg(sf, x);
            case VSQRT -> FpArithmetic.sqrt(sf, x, ctl, st);
            case VCVT_FP -> FpConvert.convert(sf, df, x, ctl, st);
            case VCVTB_F32_F16 -> FpConvert.halfToSingle(x & 0xffff, ctl, st);
            case VCVTT_F32_F16 -> FpConvert.halfToSingle(x >>> 16, ctl, st);
            case VCVTB_F16_F32 -> (s(cpu, d) & 0xffff0000L) | FpConvert.singleToHalf(x, ctl, st);
            case VCVTT_F16_F32 -> (s(cpu, d) & 0xffffL) | (FpConvert.singleToHalf(x, ctl, st) << 16);
            case VCVT_S32 -> FpConvert.toFixed(sf, x, 32, 0, false, true, ctl, st);
            case VCVT_U32 -> FpConvert.toFixed(sf, x, 32, 0, true, true, ctl, st);
            case VCVTR_S32 -> FpConvert.toFixed(sf, x, 32, 0, false, false, ctl, st);
            case VCVTR_U32 -> FpConvert.toFixed(sf, x, 32, 0, true, false, ctl, st);
            case VCVT_FROM_S32 -> FpConvert.fromFixed(df, (int) x, 0, false, ctl, st);
            case VCVT_FROM_U32 -> FpConvert.fromFixed(df, x & 0xffffffffL, 0, false, ctl, st);
            case VCVT_TO_FIXED_S -> FpConvert.toFixed(sf, x, (int) imm, fracBits, false, true, ctl, st);
            case VCVT_TO_FIXED_U -> FpConvert.toFixed(sf, x, (int) imm, fracBits, true, true, ctl, st);
            case VCVT_FROM_FIXED_S -> FpConvert.fromFixed(df, imm == 16 ? (short) x : (int) x, fracBits, true, ctl, st);
            case VCVT_FROM_FIXED_U -> FpConvert.fromFixed(df, imm == 16 ? x & 0xffff : x & 0xffffffffL, fracBits, true,
                    ctl, st);
        };
        if (dstDouble) {
            cpu.d[d] = r;
        } else {
            setS(cpu, d, r);
        }
        cpu.fpscr = st.fpscr;
    }

    @Override
    public String toString() {
        return String.format("%s %c%d, %c%d@%08x", op.name().toLowerCase(), dstDouble ? 'd' : 's', d,
                srcDouble ? 'd' : 's', m, pc);
    }
}
