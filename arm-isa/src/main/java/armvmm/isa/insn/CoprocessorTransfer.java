package armvmm.isa.insn;

import armvmm.cp15.CpAccess;
import armvmm.cp15.CpReg;
import armvmm.cp15.CpState;
import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.cpu.Undefined;
import armvmm.isa.decode.Insn;

/**
 * MRC, MCR, MRRC, MCRR to cp14/cp15 (ARM ARM A8.8.98-A8.8.110): the register was resolved in the registry
 * at decode time (null: an encoding the registry does not know); the access is checked against the current
 * privilege and security state each time it executes. A refused access is UNDEFINED (Hyp traps are not
 * modelled: Hyp mode does not exist on this CPU, so HYP_TRAP cannot arise from Non-secure PL1 without HCR/HSTR
 * set by a hypervisor).
 */
public final class CoprocessorTransfer extends Insn {
    final int key;
    final CpReg reg;
    final int rt, rt2;
    final boolean write, wide;

    public CoprocessorTransfer(int pc, int size, boolean thumb, int key, CpReg reg, boolean write, boolean wide, int rt, int rt2) {
        super(pc, size, thumb);
        this.key = key;
        this.reg = reg;
        this.write = write;
        this.wide = wide;
        this.rt = rt;
        this.rt2 = rt2;
    }

    @Override
    public void execute(ArmCpu cpu) {
        CpState cp = cpu.cp;
        if (cp == null) throw Undefined.INSTANCE;
        int pl = cpu.pl();
        boolean secure = cpu.secure();
        if (reg == null) {
            CpAccess outcome = cp.checkUnknown(key, write, pl, secure);
            cp.registry().reportUnknown(key, write);
            trace(cpu, outcome, 0);
            throw Undefined.INSTANCE;
        }
        CpAccess outcome = cp.check(reg, write, pl, secure);
        if (outcome != CpAccess.OK) {
            trace(cpu, outcome, 0);
            throw Undefined.INSTANCE;
        }
        int[] r = cpu.r;
        if (write) {
            long value = wide ? (r[rt] & 0xffffffffL) | ((long) r[rt2] << 32) : r[rt] & 0xffffffffL;
            trace(cpu, outcome, value);
            cp.write(reg, value);
            return;
        }
        long value = cp.read(reg);
        trace(cpu, outcome, value);
        if (wide) {
            r[rt] = (int) value;
            r[rt2] = (int) (value >>> 32);
        } else if (rt == 15) {
            cpu.setFlags((int) value); // MRC to APSR_nzcv
        } else {
            r[rt] = (int) value;
        }
    }

    private void trace(ArmCpu cpu, CpAccess outcome, long value) {
        var t = cpu.cp15Trace;
        if (t != null) t.access(cpu.index, pc & 0xffffffffL, cpu.mode(), cpu.secure(), key, reg, write, value, outcome);
    }

    /** A write may change translation, vectors, endianness of exceptions or the security state: end the block. */
    @Override
    public boolean endsBlock() { return write; }

    @Override
    public String toString() { return (write ? (wide ? "MCRR" : "MCR") : (wide ? "MRRC" : "MRC")) + " " + (reg == null ? Integer.toHexString(key) : reg.name()) + super.toString(); }
}
