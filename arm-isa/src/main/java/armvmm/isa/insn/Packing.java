package armvmm.isa.insn;

import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.decode.Insn;

/** Packing, unpacking and byte-lane selection (ARM ARM A5.4.3): SEL, PKHBT/PKHTB, the sign and zero extensions with add, USAD8/USADA8. */
public final class Packing {
    private Packing() {}

    /** SEL Rd, Rn, Rm: each byte from Rn where its GE bit is set, else from Rm. */
    public static final class Sel extends Insn {
        final int rd, rn, rm;

        public Sel(int pc, int size, boolean thumb, int rd, int rn, int rm) {
            super(pc, size, thumb);
            this.rd = rd;
            this.rn = rn;
            this.rm = rm;
        }

        @Override
        public void execute(ArmCpu cpu) {
            int mask = 0;
            for (int i = 0; i < 4; i++) if ((cpu.ge & (1 << i)) != 0) mask |= 0xff << (8 * i);
            cpu.r[rd] = (cpu.r[rn] & mask) | (cpu.r[rm] & ~mask);
        }
    }

    /** PKHBT (tb false: bottom of Rn, top of Rm LSL) / PKHTB (top of Rn, bottom of Rm ASR). */
    public static final class Pkh extends Insn {
        final int rd, rn, rm, shiftType, shiftAmount;
        final boolean tb;

        public Pkh(int pc, int size, boolean thumb, boolean tb, int rd, int rn, int rm, int shiftType, int shiftAmount) {
            super(pc, size, thumb);
            this.tb = tb;
            this.rd = rd;
            this.rn = rn;
            this.rm = rm;
            this.shiftType = shiftType;
            this.shiftAmount = shiftAmount;
        }

        @Override
        public void execute(ArmCpu cpu) {
            int op2 = Alu.shift(cpu.r[rm], shiftType, shiftAmount, cpu.c);
            int n = cpu.r[rn];
            cpu.r[rd] = tb ? (n & 0xffff0000) | (op2 & 0xffff) : (op2 & 0xffff0000) | (n & 0xffff);
        }
    }

    public enum ExtendKind { B, H, B16 }

    /** SXTB/SXTH/SXTB16/UXTB/UXTH/UXTB16 Rd, Rm {, ROR #rot} and the accumulating forms (rn != 15). */
    public static final class Extend extends Insn {
        public final boolean signed;
        public final ExtendKind kind;
        public final int rd, rn, rm, rotation;

        public Extend(int pc, int size, boolean thumb, boolean signed, ExtendKind kind, int rd, int rn, int rm, int rotation) {
            super(pc, size, thumb);
            this.signed = signed;
            this.kind = kind;
            this.rd = rd;
            this.rn = rn;
            this.rm = rm;
            this.rotation = rotation;
        }

        @Override
        public void execute(ArmCpu cpu) {
            int x = Integer.rotateRight(cpu.r[rm], rotation);
            int acc = rn == 15 ? 0 : cpu.r[rn];
            cpu.r[rd] = switch (kind) {
                case B -> acc + (signed ? (byte) x : x & 0xff);
                case H -> acc + (signed ? (short) x : x & 0xffff);
                case B16 -> {
                    int lo = signed ? (byte) x : x & 0xff, hi = signed ? (byte) (x >>> 16) : (x >>> 16) & 0xff;
                    yield ((acc + lo) & 0xffff) | (((acc >>> 16) + hi) << 16);
                }
            };
        }
    }

    /** USAD8 / USADA8 (ra != 15): sum of absolute byte differences. */
    public static final class Usad8 extends Insn {
        final int rd, rn, rm, ra;

        public Usad8(int pc, int size, boolean thumb, int rd, int rn, int rm, int ra) {
            super(pc, size, thumb);
            this.rd = rd;
            this.rn = rn;
            this.rm = rm;
            this.ra = ra;
        }

        @Override
        public void execute(ArmCpu cpu) {
            int a = cpu.r[rn], b = cpu.r[rm], sum = ra == 15 ? 0 : cpu.r[ra];
            for (int i = 0; i < 32; i += 8) sum += Math.abs(((a >>> i) & 0xff) - ((b >>> i) & 0xff));
            cpu.r[rd] = sum;
        }
    }
}
