package armvmm.isa.vfp;

import static armvmm.isa.vfp.ExtensionRegisters.s;
import static armvmm.isa.vfp.ExtensionRegisters.setS;

import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.decode.Insn;
import armvmm.isa.mem.MemoryAccess;

/**
 * VLDR/VSTR, VLDM/VSTM (increment after, decrement before, with or without writeback; VPUSH/VPOP are VSTMDB
 * and VLDMIA of SP), and the old FLDMX/FSTMX forms (odd count). Word accesses, each alignment-checked (MemA);
 * a doubleword is two words whose order follows the data endianness.
 */
public final class VfpLoadStore extends Insn {
    public final boolean load, dp;
    /** First register and how many. */
    public final int d, regs;
    public final int rn;
    /** VLDR/VSTR: Rn +/- offset, no writeback. Multiple: the start is Rn (IA) or Rn - bytes (DB). */
    public final boolean single, add, writeback;
    /** VLDR/VSTR: the offset; multiple: the bytes the base moves by (imm8 * 4). */
    public final int imm32;

    public VfpLoadStore(int pc, boolean thumb, boolean load, boolean dp, int d, int regs, int rn, boolean single,
            boolean add, boolean writeback, int imm32) {
        super(pc, 4, thumb);
        this.load = load;
        this.dp = dp;
        this.d = d;
        this.regs = regs;
        this.rn = rn;
        this.single = single;
        this.add = add;
        this.writeback = writeback;
        this.imm32 = imm32;
    }

    @Override
    public void execute(ArmCpu cpu) {
        VfpAccess.checkEnabled(cpu, false);
        int base = rn == 15 ? pcAligned() : cpu.r[rn];
        int address;
        if (single) {
            address = add ? base + imm32 : base - imm32;
        } else {
            address = add ? base : base - imm32;
        }
        for (int i = 0; i < regs; i++) {
            if (dp) {
                if (load) {
                    cpu.d[d + i] = loadDouble(cpu, address);
                } else {
                    storeDouble(cpu, address, cpu.d[d + i]);
                }
                address += 8;
            } else {
                if (load) {
                    setS(cpu, d + i, cpu.read32(address, MemoryAccess.ALIGNED) & 0xffffffffL);
                } else {
                    cpu.write32(address, (int) s(cpu, d + i), MemoryAccess.ALIGNED);
                }
                address += 4;
            }
        }
        if (writeback) {
            cpu.r[rn] = add ? base + imm32 : base - imm32;
        }
    }

    static long loadDouble(ArmCpu cpu, int address) {
        long w1 = cpu.read32(address, MemoryAccess.ALIGNED) & 0xffffffffL;
        long w2 = cpu.read32(address + 4, MemoryAccess.ALIGNED) & 0xffffffffL;
        return cpu.bigEndian ? (w1 << 32) | w2 : (w2 << 32) | w1;
    }

    static void storeDouble(ArmCpu cpu, int address, long value) {
        int lo = (int) value;
        int hi = (int) (value >>> 32);
        cpu.write32(address, cpu.bigEndian ? hi : lo, MemoryAccess.ALIGNED);
        cpu.write32(address + 4, cpu.bigEndian ? lo : hi, MemoryAccess.ALIGNED);
    }

    @Override
    public String toString() {
        char k = dp ? 'd' : 's';
        if (single) {
            return String.format("%s %c%d, [r%d, #%s%d]@%08x", load ? "vldr" : "vstr", k, d, rn, add ? "" : "-", imm32, pc);
        }
        return String.format("%s%s r%d%s, {%c%d-%c%d}@%08x", load ? "vldm" : "vstm", add ? "ia" : "db", rn,
                writeback ? "!" : "", k, d, k, d + regs - 1, pc);
    }
}
