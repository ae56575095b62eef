package armvmm.isa.insn;

import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.decode.Insn;

/** Branches (ARM ARM A5.5, A6.3.4, A8.8.18-A8.8.27): targets of immediate forms are resolved at decode time. */
public final class Branch {
    private Branch() {}

    public abstract static class Base extends Insn {
        Base(int pc, int size, boolean thumb) { super(pc, size, thumb); }

        @Override
        public final boolean endsBlock() { return true; }

        /** The LR value of a BL/BLX: the next instruction, with bit 0 telling the caller's state. */
        public final int linkValue() { return thumb ? nextPc() | 1 : nextPc(); }
    }

    /** B, BL and BLX (immediate); {@code exchange} switches ARM <-> Thumb. */
    public static final class Imm extends Base {
        public final int target;
        public final boolean link, exchange;

        public Imm(int pc, int size, boolean thumb, int target, boolean link, boolean exchange) {
            super(pc, size, thumb);
            this.target = target;
            this.link = link;
            this.exchange = exchange;
        }

        @Override
        public void execute(ArmCpu cpu) {
            if (link) cpu.r[14] = linkValue();
            if (exchange) cpu.selectInstrSetAndBranch(!thumb, target);
            else cpu.branchWritePc(target);
        }

        public int target() { return target; }

        /** BLX (immediate): the target runs in the other instruction set. */
        public boolean exchanges() { return exchange; }

        @Override
        public String toString() { return (link ? exchange ? "BLX" : "BL" : "B") + String.format(" %08x", target) + super.toString(); }
    }

    /** BX Rm, BLX Rm. */
    public static final class Reg extends Base {
        public final int rm;
        public final boolean link;

        public Reg(int pc, int size, boolean thumb, int rm, boolean link) {
            super(pc, size, thumb);
            this.rm = rm;
            this.link = link;
        }

        @Override
        public void execute(ArmCpu cpu) {
            int target = reg(cpu, rm);
            if (link) cpu.r[14] = linkValue();
            cpu.bxWritePc(target);
        }
    }

    /** CBZ / CBNZ Rn, label (Thumb only, never conditional). */
    public static final class CompareZero extends Base {
        public final int rn, target;
        public final boolean nonZero;

        public CompareZero(int pc, int rn, int target, boolean nonZero) {
            super(pc, 2, true);
            this.rn = rn;
            this.target = target;
            this.nonZero = nonZero;
        }

        @Override
        public void execute(ArmCpu cpu) {
            if ((cpu.r[rn] != 0) == nonZero) cpu.branchWritePc(target);
        }
    }

    /** TBB / TBH [Rn, Rm]: branch forward by twice the table entry. */
    public static final class Table extends Base {
        public final int rn, rm;
        public final boolean half;

        public Table(int pc, int rn, int rm, boolean half) {
            super(pc, 4, true);
            this.rn = rn;
            this.rm = rm;
            this.half = half;
        }

        @Override
        public void execute(ArmCpu cpu) {
            int base = reg(cpu, rn);
            int off = half ? cpu.read16(base + (cpu.r[rm] << 1), 0) : cpu.read8(base + cpu.r[rm], 0);
            cpu.branchWritePc(pcValue() + 2 * off);
        }
    }
}
