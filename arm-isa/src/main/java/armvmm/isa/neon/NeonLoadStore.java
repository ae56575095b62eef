package armvmm.isa.neon;

import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.decode.Insn;
import armvmm.isa.mem.MemoryAccess;
import armvmm.isa.vfp.VfpAccess;

/**
 * Advanced SIMD element and structure loads and stores (ARM ARM A7.7): VLD1-VLD4/VST1-VST4 of multiple
 * structures, of a single structure to one lane, and (loads) to all lanes, with the alignment qualifier and
 * the three writeback forms (none, by the transfer size, by Rm).
 */
public final class NeonLoadStore extends Insn {
    public enum Form { MULTIPLE, ONE_LANE, ALL_LANES }

    public final Form form;
    public final boolean load;
    /** Structure size n (VLDn), register spacing, registers per structure element (VLD1 multiple / all lanes). */
    public final int structure, inc, regs;
    public final int d, rn, rm, ebytes, index, alignment;

    public NeonLoadStore(int pc, boolean thumb, Form form, boolean load, int structure, int inc, int regs, int d, int rn,
            int rm, int ebytes, int index, int alignment) {
        super(pc, 4, thumb);
        this.form = form;
        this.load = load;
        this.structure = structure;
        this.inc = inc;
        this.regs = regs;
        this.d = d;
        this.rn = rn;
        this.rm = rm;
        this.ebytes = ebytes;
        this.index = index;
        this.alignment = alignment;
    }

    static Insn decode(int x, int pc, boolean thumb) {
        boolean a = (x & (1 << 23)) != 0;
        boolean load = (x & (1 << 21)) != 0;
        int rn = (x >>> 16) & 0xf;
        int rm = x & 0xf;
        int d = NeonDecoder.dReg(x);
        if (rn == 15) {
            return null;
        }
        Insn insn = a ? single(x, pc, thumb, load, d, rn, rm) : multiple(x, pc, thumb, load, d, rn, rm);
        return insn;
    }

    private static Insn multiple(int x, int pc, boolean thumb, boolean load, int d, int rn, int rm) {
        int type = (x >>> 8) & 0xf;
        int size = (x >>> 6) & 3;
        int align = (x >>> 4) & 3;
        int n;
        int regs;
        int inc = 1;
        switch (type) {
            case 2 -> { n = 1; regs = 4; }
            case 6 -> { n = 1; regs = 3; if ((align & 2) != 0) return null; }
            case 7 -> { n = 1; regs = 1; if ((align & 2) != 0) return null; }
            case 10 -> { n = 1; regs = 2; if (align == 3) return null; }
            case 3 -> { n = 2; regs = 2; inc = 2; if (size == 3) return null; }
            case 8, 9 -> { n = 2; regs = 1; inc = type == 9 ? 2 : 1; if (size == 3 || align == 3) return null; }
            case 4, 5 -> { n = 3; regs = 1; inc = type == 5 ? 2 : 1; if (size == 3 || (align & 2) != 0) return null; }
            case 0, 1 -> { n = 4; regs = 1; inc = type == 1 ? 2 : 1; if (size == 3) return null; }
            default -> { return null; }
        }
        int last = d + regs - 1 + (n - 1) * inc;
        if (last > 31) {
            return null;
        }
        int alignment = align == 0 ? 1 : 4 << align;
        return new NeonLoadStore(pc, thumb, Form.MULTIPLE, load, n, inc, regs, d, rn, rm, 1 << size, 0, alignment);
    }

    private static Insn single(int x, int pc, boolean thumb, boolean load, int d, int rn, int rm) {
        int size = (x >>> 10) & 3;
        int n = ((x >>> 8) & 3) + 1;
        if (size == 3) {
            if (!load) {
                return null;
            }
            int esize = (x >>> 6) & 3;
            boolean t = (x & 0x20) != 0;
            boolean aBit = (x & 0x10) != 0;
            int ebytes = 1 << esize;
            int alignment = 1;
            int regs = 1;
            int inc = 1;
            switch (n) {
                case 1 -> {
                    if (esize == 3 || (esize == 0 && aBit)) return null;
                    regs = t ? 2 : 1;
                    alignment = aBit ? ebytes : 1;
                }
                case 2 -> {
                    if (esize == 3) return null;
                    inc = t ? 2 : 1;
                    alignment = aBit ? 2 * ebytes : 1;
                }
                case 3 -> {
                    if (esize == 3 || aBit) return null;
                    inc = t ? 2 : 1;
                }
                default -> {
                    if (esize == 3 && !aBit) return null;
                    inc = t ? 2 : 1;
                    if (esize == 3) {
                        ebytes = 4;
                        alignment = 16;
                    } else {
                        alignment = aBit ? (esize == 2 ? 8 : 4 * ebytes) : 1;
                    }
                }
            }
            if (d + regs - 1 + (n - 1) * inc > 31) {
                return null;
            }
            return new NeonLoadStore(pc, thumb, Form.ALL_LANES, true, n, inc, regs, d, rn, rm, ebytes, 0, alignment);
        }
        int ia = (x >>> 4) & 0xf;
        int ebytes = 1 << size;
        int index = ia >>> (size + 1);
        int inc = size == 0 ? 1 : ((ia >>> size) & 1) != 0 ? 2 : 1;
        int alignment = 1;
        switch (n) {
            case 1 -> {
                inc = 1;
                if (size == 0 && (ia & 1) != 0) return null;
                if (size == 1 && (ia & 2) != 0) return null;
                if (size == 2 && ((ia & 4) != 0 || ((ia & 3) != 0 && (ia & 3) != 3))) return null;
                alignment = size == 1 && (ia & 1) != 0 ? 2 : size == 2 && (ia & 3) == 3 ? 4 : 1;
            }
            case 2 -> {
                if (size == 2 && (ia & 2) != 0) return null;
                alignment = (ia & 1) != 0 ? 2 * ebytes : 1;
            }
            case 3 -> {
                if ((size < 2 && (ia & 1) != 0) || (size == 2 && (ia & 3) != 0)) return null;
            }
            default -> {
                if (size == 2 && (ia & 3) == 3) return null;
                alignment = size == 2 ? ((ia & 3) == 0 ? 1 : 4 << (ia & 3)) : (ia & 1) != 0 ? 4 * ebytes : 1;
            }
        }
        if (d + (n - 1) * inc > 31) {
            return null;
        }
        return new NeonLoadStore(pc, thumb, Form.ONE_LANE, load, n, inc, 1, d, rn, rm, ebytes, index, alignment);
    }

    @Override
    public void execute(ArmCpu cpu) {
        VfpAccess.checkEnabled(cpu, true);
        int base = cpu.r[rn];
        checkAlignment(cpu, base);
        long[] r = cpu.d;
        int address = base;
        int esize = ebytes * 8;
        int transferred;
        switch (form) {
            case MULTIPLE -> {
                int elements = 8 / ebytes;
                if (structure == 1 && (address & 7) == 0 && !cpu.bigEndian) {
                    // Whole registers of little-endian elements are the doublewords in memory order.
                    for (int i = 0; i < regs; i++) {
                        if (load) {
                            r[d + i] = cpu.read64(address, 0);
                        } else {
                            cpu.write64(address, r[d + i], 0);
                        }
                        address += 8;
                    }
                } else {
                    for (int i = 0; i < regs; i++) {
                        for (int e = 0; e < elements; e++) {
                            for (int k = 0; k < structure; k++) {
                                int reg = d + i + k * inc;
                                if (load) {
                                    r[reg] = Lanes.put(r[reg], esize, e, readElement(cpu, address));
                                } else {
                                    writeElement(cpu, address, Lanes.get(r[reg], esize, e));
                                }
                                address += ebytes;
                            }
                        }
                    }
                }
                transferred = 8 * regs * structure;
            }
            case ONE_LANE -> {
                for (int k = 0; k < structure; k++) {
                    int reg = d + k * inc;
                    if (load) {
                        r[reg] = Lanes.put(r[reg], esize, index, readElement(cpu, address));
                    } else {
                        writeElement(cpu, address, Lanes.get(r[reg], esize, index));
                    }
                    address += ebytes;
                }
                transferred = ebytes * structure;
            }
            default -> {
                for (int k = 0; k < structure; k++) {
                    long all = Lanes.replicate(readElement(cpu, address), esize);
                    for (int i = 0; i < regs; i++) {
                        r[d + k * inc + i] = all;
                    }
                    address += ebytes;
                }
                transferred = ebytes * structure;
            }
        }
        if (rm != 15) {
            cpu.r[rn] = base + (rm == 13 ? transferred : cpu.r[rm]);
        }
    }

    private long readElement(ArmCpu cpu, int address) {
        return switch (ebytes) {
            case 1 -> cpu.read8(address, 0);
            case 2 -> cpu.read16(address, 0);
            case 4 -> cpu.read32(address, 0) & 0xffffffffL;
            default -> {
                long v = cpu.read64(address, 0);
                // read64 orders words as LDRD does; a big-endian doubleword element has its high word first.
                yield cpu.bigEndian ? (v >>> 32) | (v << 32) : v;
            }
        };
    }

    private void writeElement(ArmCpu cpu, int address, long value) {
        switch (ebytes) {
            case 1 -> cpu.write8(address, (int) value, 0);
            case 2 -> cpu.write16(address, (int) value, 0);
            case 4 -> cpu.write32(address, (int) value, 0);
            default -> cpu.write64(address, cpu.bigEndian ? (value >>> 32) | (value << 32) : value, 0);
        }
    }

    /**
     * The alignment qualifier: a misaligned address takes an alignment fault. MemoryAccess cannot be asked
     * for a 16 or 32-byte alignment, so the fault comes from a probe the MMU must refuse (a naturally
     * misaligned ALIGNED access of the same direction), which keeps the fault status in the MMU's format.
     * The probe never completes, so it has no effect. For an address that is 8-byte aligned but not 16 or
     * 32-byte aligned the probe is at address + 4, and that is the fault address reported.
     */
    private void checkAlignment(ArmCpu cpu, int address) {
        if ((address & (alignment - 1)) == 0) {
            return;
        }
        int flags = MemoryAccess.ALIGNED;
        if ((address & 1) != 0) {
            if (load) {
                cpu.read16(address, flags);
            } else {
                cpu.write16(address, 0, flags);
            }
        } else if ((address & 3) != 0) {
            if (load) {
                cpu.read32(address, flags);
            } else {
                cpu.write32(address, 0, flags);
            }
        } else {
            int probe = (address & 7) != 0 ? address : address | 4;
            if (load) {
                cpu.read64(probe, flags);
            } else {
                cpu.write64(probe, 0, flags);
            }
        }
    }

    @Override
    public String toString() {
        return String.format("%s%d.%d %s d%d.. [r%d]%s@%08x", load ? "vld" : "vst", structure, ebytes * 8,
                form.name().toLowerCase(), d, rn, rm == 15 ? "" : rm == 13 ? "!" : ", r" + rm, pc);
    }
}
