package armvmm.isa.vfp;

import static armvmm.isa.vfp.ExtensionRegisters.s;
import static armvmm.isa.vfp.ExtensionRegisters.setS;

import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.decode.Insn;

/** The three-register VFP data-processing instructions (ARM ARM A7.5, opc1 != 1x11): Vd = f(Vd, Vn, Vm). */
public final class VfpThreeRegister extends Insn {
    /** The operations; {@code d} is the destination's old value (the accumulator of the multiply-adds). */
    public enum Op {
        VMLA { long apply(FpFormat f, long d, long n, long m, int c, FpStatus st) { return FpArithmetic.mla(f, d, n, m, c, st); } },
        VMLS { long apply(FpFormat f, long d, long n, long m, int c, FpStatus st) { return FpArithmetic.mls(f, d, n, m, c, st); } },
        VNMLA { long apply(FpFormat f, long d, long n, long m, int c, FpStatus st) { return FpArithmetic.nmla(f, d, n, m, c, st); } },
        VNMLS { long apply(FpFormat f, long d, long n, long m, int c, FpStatus st) { return FpArithmetic.nmls(f, d, n, m, c, st); } },
        VMUL { long apply(FpFormat f, long d, long n, long m, int c, FpStatus st) { return FpArithmetic.mul(f, n, m, c, st); } },
        VNMUL { long apply(FpFormat f, long d, long n, long m, int c, FpStatus st) { return FpArithmetic.nmul(f, n, m, c, st); } },
        VADD { long apply(FpFormat f, long d, long n, long m, int c, FpStatus st) { return FpArithmetic.add(f, n, m, c, st); } },
        VSUB { long apply(FpFormat f, long d, long n, long m, int c, FpStatus st) { return FpArithmetic.sub(f, n, m, c, st); } },
        VDIV { long apply(FpFormat f, long d, long n, long m, int c, FpStatus st) { return FpArithmetic.div(f, n, m, c, st); } },
        VFMA { long apply(FpFormat f, long d, long n, long m, int c, FpStatus st) { return FpArithmetic.fma(f, d, n, m, c, st); } },
        VFMS { long apply(FpFormat f, long d, long n, long m, int c, FpStatus st) { return FpArithmetic.fms(f, d, n, m, c, st); } },
        VFNMA { long apply(FpFormat f, long d, long n, long m, int c, FpStatus st) { return FpArithmetic.fnma(f, d, n, m, c, st); } },
        VFNMS { long apply(FpFormat f, long d, long n, long m, int c, FpStatus st) { return FpArithmetic.fnms(f, d, n, m, c, st); } };

        abstract long apply(FpFormat f, long d, long n, long m, int ctl, FpStatus st);
    }

    public final Op op;
    public final boolean dp;
    public final int d, n, m;

    public VfpThreeRegister(int pc, boolean thumb, Op op, boolean dp, int d, int n, int m) {
        super(pc, 4, thumb);
        this.op = op;
        this.dp = dp;
        this.d = d;
        this.n = n;
        this.m = m;
    }

    @Override
    public boolean coreRegistersUnused() { return true; }

    @Override
    public void execute(ArmCpu cpu) {
        FpStatus st = VfpAccess.beginVectorCapable(cpu);
        if (dp) {
            long[] r = cpu.d;
            r[d] = op.apply(FpFormat.DOUBLE, r[d], r[n], r[m], st.fpscr, st);
        } else {
            setS(cpu, d, op.apply(FpFormat.SINGLE, s(cpu, d), s(cpu, n), s(cpu, m), st.fpscr, st));
        }
        cpu.fpscr = st.fpscr;
    }

    @Override
    public String toString() {
        char k = dp ? 'd' : 's';
        return String.format("%s.f%d %c%d, %c%d, %c%d@%08x", op.name().toLowerCase(), dp ? 64 : 32, k, d, k, n, k, m, pc);
    }
}
