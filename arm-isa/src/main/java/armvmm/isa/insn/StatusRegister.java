package armvmm.isa.insn;

import armvmm.cpu.CpuMode;
import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.cpu.Undefined;
import armvmm.isa.decode.Insn;
import armvmm.isa.mem.MemoryAccess;

/**
 * Status-register and mode instructions (ARM ARM B9.3): MRS, MSR (immediate and register, CPSR and SPSR),
 * the banked-register MRS/MSR, CPS, SETEND, SRS and RFE.
 */
public final class StatusRegister {
    private StatusRegister() {}

    /** CPSR bits MRS returns: execution-state bits (IT, J, T) read as zero (ARM ARM B9.3.8). */
    private static final int MRS_MASK = 0xf8ff03df;

    /** MRS Rd, CPSR|SPSR. */
    public static final class Mrs extends Insn {
        final int rd;
        final boolean spsr;

        public Mrs(int pc, int size, boolean thumb, int rd, boolean spsr) {
            super(pc, size, thumb);
            this.rd = rd;
            this.spsr = spsr;
        }

        @Override
        public void execute(ArmCpu cpu) {
            if (spsr) {
                if (!cpu.mode().hasSpsr()) throw Undefined.INSTANCE;
                cpu.r[rd] = cpu.spsr();
            } else {
                cpu.r[rd] = cpu.cpsr() & MRS_MASK;
            }
        }
    }

    /** MSR CPSR|SPSR_<fields>, #imm or Rn (rn == -1: the immediate). */
    public static final class Msr extends Insn {
        final int rn, imm, byteMask;
        final boolean spsr;

        public Msr(int pc, int size, boolean thumb, boolean spsr, int byteMask, int rn, int imm) {
            super(pc, size, thumb);
            this.spsr = spsr;
            this.byteMask = byteMask;
            this.rn = rn;
            this.imm = imm;
        }

        @Override
        public void execute(ArmCpu cpu) {
            int value = rn < 0 ? imm : cpu.r[rn];
            if (spsr) {
                if (!cpu.mode().hasSpsr()) throw Undefined.INSTANCE;
                cpu.writeSpsrByInstr(value, byteMask);
            } else {
                cpu.writeCpsrByInstr(value, byteMask);
            }
        }

        @Override
        public boolean endsBlock() { return !spsr; }
    }

    /**
     * The banked register named by MRS/MSR (banked) R:SYSm (ARM ARM B9.2.3), as (mode, register number)
     * with register 16 meaning the mode's SPSR; null for encodings that are UNPREDICTABLE or name Hyp
     * registers (not modelled): those are decoded as UNDEFINED.
     */
    public record BankedTarget(CpuMode mode, int reg) {
        public static BankedTarget decode(boolean r, int sysm) {
            if (r) {
                return switch (sysm) {
                    case 0b01110 -> new BankedTarget(CpuMode.FIQ, 16);
                    case 0b10000 -> new BankedTarget(CpuMode.IRQ, 16);
                    case 0b10010 -> new BankedTarget(CpuMode.SVC, 16);
                    case 0b10100 -> new BankedTarget(CpuMode.ABT, 16);
                    case 0b10110 -> new BankedTarget(CpuMode.UND, 16);
                    case 0b11100 -> new BankedTarget(CpuMode.MON, 16);
                    default -> null;
                };
            }
            if (sysm <= 0b00110) return new BankedTarget(CpuMode.USR, 8 + sysm);
            if (sysm >= 0b01000 && sysm <= 0b01110) return new BankedTarget(CpuMode.FIQ, sysm);
            return switch (sysm) {
                case 0b10000 -> new BankedTarget(CpuMode.IRQ, 14);
                case 0b10001 -> new BankedTarget(CpuMode.IRQ, 13);
                case 0b10010 -> new BankedTarget(CpuMode.SVC, 14);
                case 0b10011 -> new BankedTarget(CpuMode.SVC, 13);
                case 0b10100 -> new BankedTarget(CpuMode.ABT, 14);
                case 0b10101 -> new BankedTarget(CpuMode.ABT, 13);
                case 0b10110 -> new BankedTarget(CpuMode.UND, 14);
                case 0b10111 -> new BankedTarget(CpuMode.UND, 13);
                case 0b11100 -> new BankedTarget(CpuMode.MON, 14);
                case 0b11101 -> new BankedTarget(CpuMode.MON, 13);
                default -> null;
            };
        }

        /** Whether the current state may use it: PL1, not the current mode's own copy, Monitor registers only from Secure state. */
        boolean accessible(ArmCpu cpu) {
            if (!cpu.privileged()) return false;
            if (mode == CpuMode.MON && !cpu.secure()) return false;
            CpuMode cur = cpu.mode();
            if (reg == 16) return mode != cur;
            if (mode == CpuMode.USR) return cur == CpuMode.FIQ || reg >= 13 ? cur != CpuMode.SYS : false;
            return mode != cur;
        }
    }

    /** MRS Rd, <banked> / MSR <banked>, Rn. */
    public static final class Banked extends Insn {
        final BankedTarget target;
        final int rd;
        final boolean write;

        public Banked(int pc, int size, boolean thumb, BankedTarget target, int rd, boolean write) {
            super(pc, size, thumb);
            this.target = target;
            this.rd = rd;
            this.write = write;
        }

        @Override
        public void execute(ArmCpu cpu) {
            if (!target.accessible(cpu)) throw Undefined.INSTANCE;
            if (target.reg == 16) {
                if (write) cpu.setSpsrOf(target.mode, cpu.r[rd]);
                else cpu.r[rd] = cpu.spsrOf(target.mode);
            } else if (write) {
                cpu.bankedWrite(target.mode, target.reg, cpu.r[rd]);
            } else {
                cpu.r[rd] = cpu.bankedRead(target.mode, target.reg);
            }
        }
    }

    /** CPS{IE|ID} {a}{i}{f} {, #mode}: a NOP in User mode. */
    public static final class Cps extends Insn {
        /** 2 = enable (clear the masks), 3 = disable (set them), 0 = masks unchanged. */
        final int imod;
        final boolean a, i, f, changeMode;
        final int mode;

        public Cps(int pc, int size, boolean thumb, int imod, boolean a, boolean i, boolean f, boolean changeMode, int mode) {
            super(pc, size, thumb);
            this.imod = imod;
            this.a = a;
            this.i = i;
            this.f = f;
            this.changeMode = changeMode;
            this.mode = mode;
        }

        @Override
        public void execute(ArmCpu cpu) {
            if (!cpu.privileged()) return;
            if (imod >= 2) {
                boolean set = imod == 3;
                if (a) cpu.maskA = set;
                if (i) cpu.maskI = set;
                if (f) cpu.maskF = set;
            }
            if (changeMode && cpu.validMode(mode)) cpu.setMode(CpuMode.fromBits(mode));
        }

        @Override
        public boolean endsBlock() { return true; }
    }

    /** SETEND BE|LE. */
    public static final class SetEnd extends Insn {
        final boolean big;

        public SetEnd(int pc, int size, boolean thumb, boolean big) {
            super(pc, size, thumb);
            this.big = big;
        }

        @Override
        public void execute(ArmCpu cpu) { cpu.bigEndian = big; }
    }

    /** SRS{DA|DB|IA|IB} SP{!}, #mode: LR and SPSR of the current mode onto the stack of {@code mode}. */
    public static final class Srs extends Insn {
        final boolean increment, before, wback;
        final int mode;

        public Srs(int pc, int size, boolean thumb, boolean increment, boolean before, boolean wback, int mode) {
            super(pc, size, thumb);
            this.increment = increment;
            this.before = before;
            this.wback = wback;
            this.mode = mode;
        }

        @Override
        public void execute(ArmCpu cpu) {
            CpuMode cur = cpu.mode();
            if (!cur.hasSpsr() || !cpu.validMode(mode)) throw Undefined.INSTANCE;
            CpuMode target = CpuMode.fromBits(mode);
            int base = cpu.bankedRead(target, 13);
            int lowest = increment ? base : base - 8;
            int address = before == increment ? lowest + 4 : lowest;
            cpu.write32(address, cpu.r[14], MemoryAccess.ALIGNED);
            cpu.write32(address + 4, cpu.spsr(), MemoryAccess.ALIGNED);
            if (wback) cpu.bankedWrite(target, 13, increment ? base + 8 : base - 8);
        }
    }

    /** RFE{DA|DB|IA|IB} Rn{!}: PC and CPSR from memory. */
    public static final class Rfe extends Insn {
        final boolean increment, before, wback;
        final int rn;

        public Rfe(int pc, int size, boolean thumb, boolean increment, boolean before, boolean wback, int rn) {
            super(pc, size, thumb);
            this.increment = increment;
            this.before = before;
            this.wback = wback;
            this.rn = rn;
        }

        @Override
        public void execute(ArmCpu cpu) {
            if (!cpu.privileged()) throw Undefined.INSTANCE;
            int base = cpu.r[rn];
            int lowest = increment ? base : base - 8;
            int address = before == increment ? lowest + 4 : lowest;
            int newPc = cpu.read32(address, MemoryAccess.ALIGNED);
            int newCpsr = cpu.read32(address + 4, MemoryAccess.ALIGNED);
            if (wback) cpu.r[rn] = increment ? base + 8 : base - 8;
            cpu.exceptionReturn(newPc, newCpsr);
        }

        @Override
        public boolean endsBlock() { return true; }
    }
}
