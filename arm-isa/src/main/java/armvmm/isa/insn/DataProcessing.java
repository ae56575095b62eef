package armvmm.isa.insn;

import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.decode.Insn;

/**
 * Data-processing instructions (ARM ARM A5.2.1-A5.2.3, A6.3.1-A6.3.2): one form per operand-2 kind, the
 * operation by its opcode. A result written to the PC is a branch (ALUWritePC) or, with S in ARM state, an
 * exception return (SUBS PC, LR and friends: CPSR from SPSR).
 */
public final class DataProcessing {
    private DataProcessing() {}

    public abstract static class Base extends Insn {
        public final int op, rd, rn;
        public final boolean s;

        Base(int pc, int size, boolean thumb, int op, int rd, int rn, boolean s) {
            super(pc, size, thumb);
            this.op = op;
            this.rd = rd;
            this.rn = rn;
            this.s = s;
        }

        final void finish(ArmCpu cpu, int a, int b, int shifterCarry) {
            if (rd == 15 && !Alu.compareOnly(op)) {
                int r = Alu.op(cpu, op, a, b, false, -1);
                if (s) cpu.exceptionReturn(r, cpu.spsr());
                else cpu.aluWritePc(r);
                return;
            }
            int r = Alu.op(cpu, op, a, b, s, shifterCarry);
            if (!Alu.compareOnly(op)) cpu.r[rd] = r;
        }

        @Override
        public boolean endsBlock() { return rd == 15 && !Alu.compareOnly(op); }

        @Override
        public String toString() { return Alu.NAMES[op] + (s ? "S" : "") + " r" + rd + ", r" + rn + super.toString(); }
    }

    /** op Rd, Rn, #imm (the expanded immediate and its carry, -1 = unchanged, resolved at decode). */
    public static final class Imm extends Base {
        public final int imm, carry;

        public Imm(int pc, int size, boolean thumb, int op, int rd, int rn, boolean s, int imm, int carry) {
            super(pc, size, thumb, op, rd, rn, s);
            this.imm = imm;
            this.carry = carry;
        }

        @Override
        public void execute(ArmCpu cpu) {
            finish(cpu, reg(cpu, rn), imm, carry);
        }
    }

    /** op Rd, Rn, Rm {, shift #amount} (amount already DecodeImmShift-ed; 0 = no shift). */
    public static final class RegImmShift extends Base {
        public final int rm, type, amount;

        public RegImmShift(int pc, int size, boolean thumb, int op, int rd, int rn, boolean s, int rm, int type, int amount) {
            super(pc, size, thumb, op, rd, rn, s);
            this.rm = rm;
            this.type = type;
            this.amount = amount;
        }

        @Override
        public void execute(ArmCpu cpu) {
            int m = reg(cpu, rm);
            if (amount == 0 && !s && rd != 15) {
                cpu.r[rd] = Alu.op(cpu, op, reg(cpu, rn), m, false, -1);
                return;
            }
            int b = Alu.shift(m, type, amount, cpu.c);
            int carry = s && Alu.logical(op) ? (Alu.shiftCarry(m, type, amount, cpu.c) ? 1 : 0) : -1;
            finish(cpu, reg(cpu, rn), b, carry);
        }
    }

    /** op Rd, Rn, Rm, shift Rs (the amount is Rs[7:0]). */
    public static final class RegRegShift extends Base {
        public final int rm, type, rs;

        public RegRegShift(int pc, int size, boolean thumb, int op, int rd, int rn, boolean s, int rm, int type, int rs) {
            super(pc, size, thumb, op, rd, rn, s);
            this.rm = rm;
            this.type = type;
            this.rs = rs;
        }

        @Override
        public void execute(ArmCpu cpu) {
            int m = cpu.r[rm];
            int amount = cpu.r[rs] & 0xff;
            int b = Alu.shift(m, type, amount, cpu.c);
            int carry = s && Alu.logical(op) ? (Alu.shiftCarry(m, type, amount, cpu.c) ? 1 : 0) : -1;
            finish(cpu, cpu.r[rn], b, carry);
        }
    }

    /** ADD Rd, Rn, Rn-free fast form: Rd = Rn + imm without flags (the most common ALU instruction in loops). */
    public static final class AddImmNoFlags extends Insn {
        public final int rd, rn, imm;

        public AddImmNoFlags(int pc, int size, boolean thumb, int rd, int rn, int imm) {
            super(pc, size, thumb);
            this.rd = rd;
            this.rn = rn;
            this.imm = imm;
        }

        @Override
        public void execute(ArmCpu cpu) { cpu.r[rd] = cpu.r[rn] + imm; }
    }

    /** MOV Rd, #imm without flags. */
    public static final class MovImmNoFlags extends Insn {
        public final int rd, imm;

        public MovImmNoFlags(int pc, int size, boolean thumb, int rd, int imm) {
            super(pc, size, thumb);
            this.rd = rd;
            this.imm = imm;
        }

        @Override
        public void execute(ArmCpu cpu) { cpu.r[rd] = imm; }
    }

    /** MOVT Rd, #imm16: the top half is replaced. */
    public static final class MovTop extends Insn {
        public final int rd, imm16;

        public MovTop(int pc, int size, boolean thumb, int rd, int imm16) {
            super(pc, size, thumb);
            this.rd = rd;
            this.imm16 = imm16;
        }

        @Override
        public void execute(ArmCpu cpu) { cpu.r[rd] = (cpu.r[rd] & 0xffff) | (imm16 << 16); }
    }

    /** CMP Rn, #imm: flags only. */
    public static final class CmpImm extends Insn {
        public final int rn, imm;

        public CmpImm(int pc, int size, boolean thumb, int rn, int imm) {
            super(pc, size, thumb);
            this.rn = rn;
            this.imm = imm;
        }

        @Override
        public void execute(ArmCpu cpu) { Alu.addWithCarry(cpu, cpu.r[rn], ~imm, 1); }
    }

    /** ADR: Rd = Align(PC, 4) +/- imm, folded at decode time. */
    public static Insn adr(int pc, int size, boolean thumb, int rd, int offset) {
        int base = ((pc + (thumb ? 4 : 8)) & ~3) + offset;
        return new MovImmNoFlags(pc, size, thumb, rd, base);
    }
}
