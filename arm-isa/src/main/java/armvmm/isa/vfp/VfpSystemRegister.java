package armvmm.isa.vfp;

import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.cpu.Undefined;
import armvmm.isa.decode.Insn;

/**
 * VMRS and VMSR (ARM ARM B6.1.x): FPSCR at any privilege when the unit is enabled (VMRS APSR_nzcv, FPSCR
 * copies the comparison flags), and at PL1 FPSID, MVFR0, MVFR1 and FPEXC, which stay reachable while
 * FPEXC.EN is clear so that a kernel can turn the unit on.
 */
public final class VfpSystemRegister extends Insn {
    public static final int REG_FPSID = 0, REG_FPSCR = 1, REG_MVFR1 = 6, REG_MVFR0 = 7, REG_FPEXC = 8;

    public final boolean read;
    public final int reg, rt;

    public VfpSystemRegister(int pc, boolean thumb, boolean read, int reg, int rt) {
        super(pc, 4, thumb);
        this.read = read;
        this.reg = reg;
        this.rt = rt;
    }

    /** Whether the decoder should build this form (other register numbers are UNDEFINED). */
    public static boolean known(int reg) {
        return reg == REG_FPSID || reg == REG_FPSCR || reg == REG_MVFR1 || reg == REG_MVFR0 || reg == REG_FPEXC;
    }

    @Override
    public void execute(ArmCpu cpu) {
        if (reg == REG_FPSCR) {
            VfpAccess.checkEnabled(cpu, false);
            if (!read) {
                cpu.fpscr = cpu.r[rt] & Fpscr.WRITABLE;
            } else if (rt == 15) {
                cpu.setFlags(cpu.fpscr);
            } else {
                cpu.r[rt] = cpu.fpscr;
            }
            return;
        }
        if (!cpu.privileged() || !VfpAccess.accessible(cpu, false)) {
            throw Undefined.INSTANCE;
        }
        if (read) {
            cpu.r[rt] = switch (reg) {
                case REG_FPSID -> VfpAccess.FPSID;
                case REG_MVFR0 -> VfpAccess.MVFR0;
                case REG_MVFR1 -> VfpAccess.MVFR1;
                default -> cpu.fpexc;
            };
        } else if (reg == REG_FPEXC) {
            cpu.fpexc = cpu.r[rt] & VfpAccess.FPEXC_WRITABLE;
        } else if (reg != REG_FPSID) {
            // FPSID ignores writes; the media feature registers are read-only.
            throw Undefined.INSTANCE;
        }
    }

    @Override
    public String toString() {
        String[] names = {"fpsid", "fpscr", "?", "?", "?", "?", "mvfr1", "mvfr0", "fpexc"};
        return String.format(read ? "vmrs r%2$d, %1$s@%3$08x" : "vmsr %1$s, r%2$d@%3$08x", names[reg], rt, pc);
    }
}
