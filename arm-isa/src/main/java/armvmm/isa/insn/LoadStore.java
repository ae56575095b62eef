package armvmm.isa.insn;

import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.decode.Insn;
import armvmm.isa.mem.MemoryAccess;

/**
 * Single loads and stores of words, bytes, halfwords and doublewords, with immediate or (shifted) register
 * offsets, pre/post-indexing and write-back, and the unprivileged (T) forms (ARM ARM A5.2.8, A5.3,
 * A6.3.7-A6.3.10). The access completes before write-back, so a faulting access leaves the base unchanged.
 */
public final class LoadStore extends Insn {
    public enum Kind {
        LDR(true), LDRB(true), LDRH(true), LDRSB(true), LDRSH(true), LDRD(true),
        STR(false), STRB(false), STRH(false), STRD(false);

        public final boolean load;

        Kind(boolean load) { this.load = load; }
    }

    public final Kind kind;
    public final int rt, rt2, rn;
    /** Register offset: rm >= 0 with its shift; immediate: rm == -1 and {@code imm}. */
    public final int rm, shiftType, shiftAmount, imm;
    public final boolean add, index, wback;
    public final int flags;

    public LoadStore(int pc, int size, boolean thumb, Kind kind, int rt, int rt2, int rn, int rm, int shiftType,
                     int shiftAmount, int imm, boolean add, boolean index, boolean wback, boolean unprivileged) {
        super(pc, size, thumb);
        this.kind = kind;
        this.rt = rt;
        this.rt2 = rt2;
        this.rn = rn;
        this.rm = rm;
        this.shiftType = shiftType;
        this.shiftAmount = shiftAmount;
        this.imm = imm;
        this.add = add;
        this.index = index;
        this.wback = wback;
        int f = unprivileged ? MemoryAccess.UNPRIVILEGED : 0;
        if (kind == Kind.LDRD || kind == Kind.STRD) f |= MemoryAccess.ALIGNED | MemoryAccess.WORD_ALIGNED;
        this.flags = f;
    }

    /** LDR/STR Rt, [Rn, #+/-imm] {!} and post-indexed forms. */
    public static Insn immediate(int pc, int size, boolean thumb, Kind kind, int rt, int rt2, int rn, int imm,
                                 boolean add, boolean index, boolean wback, boolean unprivileged) {
        if (index && !wback && !unprivileged && rn != 15 && rt != 15) {
            int offset = add ? imm : -imm;
            if (kind == Kind.LDR) return new LoadWord(pc, size, thumb, rt, rn, offset);
            if (kind == Kind.STR) return new StoreWord(pc, size, thumb, rt, rn, offset);
        }
        return new LoadStore(pc, size, thumb, kind, rt, rt2, rn, -1, 0, 0, imm, add, index, wback, unprivileged);
    }

    /** LDR Rt, [Rn, #offset]: the most frequent load, without the general form's choices. */
    public static final class LoadWord extends Insn {
        public final int rt, rn, offset;

        LoadWord(int pc, int size, boolean thumb, int rt, int rn, int offset) {
            super(pc, size, thumb);
            this.rt = rt;
            this.rn = rn;
            this.offset = offset;
        }

        @Override
        public void execute(ArmCpu cpu) { cpu.r[rt] = cpu.read32(cpu.r[rn] + offset, 0); }
    }

    /** STR Rt, [Rn, #offset]. */
    public static final class StoreWord extends Insn {
        public final int rt, rn, offset;

        StoreWord(int pc, int size, boolean thumb, int rt, int rn, int offset) {
            super(pc, size, thumb);
            this.rt = rt;
            this.rn = rn;
            this.offset = offset;
        }

        @Override
        public void execute(ArmCpu cpu) { cpu.write32(cpu.r[rn] + offset, cpu.r[rt], 0); }
    }

    public static LoadStore register(int pc, int size, boolean thumb, Kind kind, int rt, int rt2, int rn, int rm,
                                     int shiftType, int shiftAmount, boolean add, boolean index, boolean wback, boolean unprivileged) {
        return new LoadStore(pc, size, thumb, kind, rt, rt2, rn, rm, shiftType, shiftAmount, 0, add, index, wback, unprivileged);
    }

    @Override
    public void execute(ArmCpu cpu) {
        int[] r = cpu.r;
        // A PC base is Align(PC, 4) (only Thumb PCs can be misaligned; ARM reads PC+8 either way).
        int base = rn == 15 ? pcAligned() : r[rn];
        int offset = rm < 0 ? imm : Alu.shift(r[rm], shiftType, shiftAmount, cpu.c);
        int offsetAddr = add ? base + offset : base - offset;
        int address = index ? offsetAddr : base;
        switch (kind) {
            case LDR -> {
                int data = cpu.read32(address, flags);
                if (wback) r[rn] = offsetAddr;
                if (rt == 15) cpu.loadWritePc(data);
                else r[rt] = data;
                return;
            }
            case LDRB -> { int d = cpu.read8(address, flags); if (wback) r[rn] = offsetAddr; r[rt] = d; return; }
            case LDRH -> { int d = cpu.read16(address, flags); if (wback) r[rn] = offsetAddr; r[rt] = d; return; }
            case LDRSB -> { int d = (byte) cpu.read8(address, flags); if (wback) r[rn] = offsetAddr; r[rt] = d; return; }
            case LDRSH -> { int d = (short) cpu.read16(address, flags); if (wback) r[rn] = offsetAddr; r[rt] = d; return; }
            case LDRD -> {
                long d = cpu.read64(address, flags);
                if (wback) r[rn] = offsetAddr;
                r[rt] = (int) d;
                r[rt2] = (int) (d >>> 32);
                return;
            }
            case STR -> cpu.write32(address, reg(cpu, rt), flags);
            case STRB -> cpu.write8(address, r[rt] & 0xff, flags);
            case STRH -> cpu.write16(address, r[rt] & 0xffff, flags);
            case STRD -> cpu.write64(address, (r[rt] & 0xffffffffL) | ((long) r[rt2] << 32), flags);
        }
        if (wback) r[rn] = offsetAddr;
    }

    @Override
    public boolean endsBlock() { return kind.load && rt == 15; }

    @Override
    public String toString() { return kind + " r" + rt + ", [r" + rn + "]" + super.toString(); }
}
