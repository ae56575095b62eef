package armvmm.isa.insn;

import armvmm.cpu.CpuMode;
import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.decode.Insn;
import armvmm.isa.mem.MemoryAccess;

/**
 * LDM/STM in the four addressing modes (PUSH/POP among them), with the user-register forms and the
 * exception-return form LDM {..., PC}^ (ARM ARM A5.5, B9.3.5-B9.3.7). Loads are gathered before any register
 * is written, so a Data Abort part-way leaves every register as it was.
 */
public final class LoadStoreMultiple extends Insn {
    public final boolean load, increment, before, wback, userRegs;
    public final int rn, registers;
    private final int count;

    /**
     * @param userRegs the ^ form: without PC in a load (or any store), the User mode registers are
     *                 transferred; a load with PC is an exception return.
     */
    public LoadStoreMultiple(int pc, int size, boolean thumb, boolean load, boolean increment, boolean before,
                             boolean wback, boolean userRegs, int rn, int registers) {
        super(pc, size, thumb);
        this.load = load;
        this.increment = increment;
        this.before = before;
        this.wback = wback;
        this.userRegs = userRegs;
        this.rn = rn;
        this.registers = registers;
        this.count = Integer.bitCount(registers);
    }

    @Override
    public void execute(ArmCpu cpu) {
        int[] r = cpu.r;
        int base = r[rn];
        int lowest = increment ? base : base - 4 * count;
        int address = before == increment ? lowest + 4 : lowest;
        int newBase = increment ? base + 4 * count : base - 4 * count;
        boolean user = userRegs && (!load || (registers & 0x8000) == 0);
        if (user && !cpu.mode().hasSpsr() && cpu.mode() != CpuMode.SYS && cpu.mode() != CpuMode.USR) user = false;
        if (!load) {
            for (int i = 0; i < 16; i++) {
                if ((registers & (1 << i)) == 0) continue;
                int value = i == 15 ? pcValue() : user ? cpu.bankedRead(CpuMode.USR, i) : r[i];
                cpu.write32(address, value, MemoryAccess.ALIGNED);
                address += 4;
            }
            if (wback) r[rn] = newBase;
            return;
        }
        int[] scratch = cpu.scratch;
        for (int i = 0; i < 16; i++) {
            if ((registers & (1 << i)) == 0) continue;
            scratch[i] = cpu.read32(address, MemoryAccess.ALIGNED);
            address += 4;
        }
        if (wback && (registers & (1 << rn)) == 0) r[rn] = newBase;
        for (int i = 0; i < 15; i++) {
            if ((registers & (1 << i)) == 0) continue;
            if (user) cpu.bankedWrite(CpuMode.USR, i, scratch[i]);
            else r[i] = scratch[i];
        }
        if ((registers & 0x8000) != 0) {
            if (userRegs) cpu.exceptionReturn(scratch[15], cpu.spsr());
            else cpu.loadWritePc(scratch[15]);
        }
    }

    @Override
    public boolean endsBlock() { return load && (registers & 0x8000) != 0; }

    @Override
    public String toString() {
        return (load ? "LDM" : "STM") + (increment ? "I" : "D") + (before ? "B" : "A") + " r" + rn + (wback ? "!" : "")
                + String.format(", {%04x}", registers) + (userRegs ? "^" : "") + super.toString();
    }
}
