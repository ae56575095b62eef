package armvmm.isa.vfp;

import static armvmm.isa.vfp.ExtensionRegisters.s;

import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.decode.Insn;

/** VCMP and VCMPE, with a register or with zero: FPSCR.NZCV from FPCompare (VMRS APSR_nzcv moves them to the CPSR). */
public final class VfpCompareInsn extends Insn {
    public final boolean dp, quietNaNExc, withZero;
    public final int d, m;

    public VfpCompareInsn(int pc, boolean thumb, boolean dp, boolean quietNaNExc, boolean withZero, int d, int m) {
        super(pc, 4, thumb);
        this.dp = dp;
        this.quietNaNExc = quietNaNExc;
        this.withZero = withZero;
        this.d = d;
        this.m = m;
    }

    @Override
    public boolean coreRegistersUnused() { return true; }

    @Override
    public void execute(ArmCpu cpu) {
        FpStatus st = VfpAccess.begin(cpu);
        int nzcv;
        if (dp) {
            nzcv = FpCompare.compare(FpFormat.DOUBLE, cpu.d[d], withZero ? 0 : cpu.d[m], quietNaNExc, st.fpscr, st);
        } else {
            nzcv = FpCompare.compare(FpFormat.SINGLE, s(cpu, d), withZero ? 0 : s(cpu, m), quietNaNExc, st.fpscr, st);
        }
        cpu.fpscr = (st.fpscr & ~Fpscr.NZCV) | nzcv;
    }

    @Override
    public String toString() {
        char k = dp ? 'd' : 's';
        return String.format("vcmp%s.f%d %c%d, %s@%08x", quietNaNExc ? "e" : "", dp ? 64 : 32, k, d,
                withZero ? "#0" : k + Integer.toString(m), pc);
    }
}
