package armvmm.isa.decode;

import armvmm.isa.insn.Alu;
import armvmm.isa.insn.BitOps;
import armvmm.isa.insn.Branch;
import armvmm.isa.insn.DataProcessing;
import armvmm.isa.insn.Exclusive;
import armvmm.isa.insn.LoadStore;
import armvmm.isa.insn.LoadStore.Kind;
import armvmm.isa.insn.LoadStoreMultiple;
import armvmm.isa.insn.Multiply;
import armvmm.isa.insn.Multiply.Op;
import armvmm.isa.insn.Packing;
import armvmm.isa.insn.ParallelAddSub;
import armvmm.isa.insn.Saturation;
import armvmm.isa.insn.StatusRegister;
import armvmm.isa.insn.SystemInsn;
import java.util.List;

/**
 * The T32 (Thumb-2) decoder, following the ARM ARM's tables A6.2 (16-bit) and A6.3 (32-bit). The IT
 * state is the caller's: {@link #decode} is told the ITSTATE in effect for the instruction (16-bit data
 * processing sets flags only outside IT blocks) and the caller assigns the condition.
 */
public final class T32Decoder {
    private final List<ExtensionDecoder> extensions;
    private final Coprocessors coprocessors;

    public T32Decoder(List<ExtensionDecoder> extensions, Coprocessors coprocessors) {
        this.extensions = List.copyOf(extensions);
        this.coprocessors = coprocessors;
    }

    /** Whether a first halfword starts a 32-bit instruction. */
    public static boolean is32(int hw1) { return (hw1 & 0xf800) >= 0xe800; }

    /** Marker form for IT: executes as nothing, its effect is the decoder's IT tracking. */
    public static final class It extends Insn {
        public final int firstCond, mask;

        It(int pc, int firstCond, int mask) {
            super(pc, 2, true);
            this.firstCond = firstCond;
            this.mask = mask;
        }

        @Override
        public void execute(armvmm.isa.cpu.ArmCpu cpu) {}

        /** The ITSTATE after this instruction. */
        public int itState() { return (firstCond << 4) | mask; }
    }

    /**
     * Decodes the instruction at {@code pc}: {@code hw1} its first halfword, {@code hw2} the second (ignored
     * for 16-bit ones), {@code itState} the ITSTATE it executes under. Never null.
     */
    public Insn decode(int hw1, int hw2, int pc, int itState) {
        boolean inIt = (itState & 0xf) != 0;
        boolean lastInIt = inIt && (itState & 0x7) == 0 || (itState & 0xf) == 0x8;
        if (is32(hw1)) return decode32((hw1 << 16) | hw2, pc, inIt, lastInIt);
        return decode16(hw1, pc, inIt, lastInIt);
    }

    private static int bits(int x, int hi, int lo) { return (x >>> lo) & ((1 << (hi - lo + 1)) - 1); }

    private static boolean bit(int x, int n) { return (x & (1 << n)) != 0; }

    private static Insn undef16(int hw, int pc) { return new UndefinedInsn(pc, 2, true, hw); }

    private static Insn undef32(int w, int pc) { return new UndefinedInsn(pc, 4, true, w); }

    // ---- A6.2: 16-bit

    private Insn decode16(int hw, int pc, boolean inIt, boolean lastInIt) {
        boolean s = !inIt;
        int op = bits(hw, 15, 10);
        if ((op & 0b110000) == 0) return shiftAddSubMoveCompare(hw, pc, s);
        if (op == 0b010000) return dataProcessing16(hw, pc, s);
        if (op == 0b010001) return specialDataAndBranch(hw, pc, lastInIt, inIt);
        if ((op & 0b111110) == 0b010010) {
            int rt = bits(hw, 10, 8);
            return LoadStore.immediate(pc, 2, true, Kind.LDR, rt, 0, 15, bits(hw, 7, 0) * 4, true, true, false, false);
        }
        if ((op & 0b111100) == 0b010100) {
            Kind k = switch (bits(hw, 11, 9)) {
                case 0 -> Kind.STR;
                case 1 -> Kind.STRH;
                case 2 -> Kind.STRB;
                case 3 -> Kind.LDRSB;
                case 4 -> Kind.LDR;
                case 5 -> Kind.LDRH;
                case 6 -> Kind.LDRB;
                default -> Kind.LDRSH;
            };
            return LoadStore.register(pc, 2, true, k, bits(hw, 2, 0), 0, bits(hw, 5, 3), bits(hw, 8, 6), Alu.LSL, 0, true, true, false, false);
        }
        int imm5 = bits(hw, 10, 6), rn = bits(hw, 5, 3), rt = bits(hw, 2, 0);
        if ((op & 0b111000) == 0b011000) {
            boolean b = bit(hw, 12), l = bit(hw, 11);
            Kind k = b ? (l ? Kind.LDRB : Kind.STRB) : (l ? Kind.LDR : Kind.STR);
            return LoadStore.immediate(pc, 2, true, k, rt, 0, rn, b ? imm5 : imm5 * 4, true, true, false, false);
        }
        if ((op & 0b111100) == 0b100000) {
            return LoadStore.immediate(pc, 2, true, bit(hw, 11) ? Kind.LDRH : Kind.STRH, rt, 0, rn, imm5 * 2, true, true, false, false);
        }
        if ((op & 0b111100) == 0b100100) {
            return LoadStore.immediate(pc, 2, true, bit(hw, 11) ? Kind.LDR : Kind.STR, bits(hw, 10, 8), 0, 13, bits(hw, 7, 0) * 4,
                    true, true, false, false);
        }
        if ((op & 0b111110) == 0b101000) return DataProcessing.adr(pc, 2, true, bits(hw, 10, 8), bits(hw, 7, 0) * 4);
        if ((op & 0b111110) == 0b101010) return new DataProcessing.AddImmNoFlags(pc, 2, true, bits(hw, 10, 8), 13, bits(hw, 7, 0) * 4);
        if ((op & 0b111100) == 0b101100) return misc16(hw, pc, inIt, lastInIt);
        if ((op & 0b111100) == 0b110000) {
            int base = bits(hw, 10, 8), list = bits(hw, 7, 0);
            if (list == 0) return undef16(hw, pc);
            boolean load = bit(hw, 11);
            boolean wback = !load || (list & (1 << base)) == 0;
            return new LoadStoreMultiple(pc, 2, true, load, true, false, wback, false, base, list);
        }
        if ((op & 0b111100) == 0b110100) {
            int cond = bits(hw, 11, 8);
            if (cond == 0b1110) return undef16(hw, pc);
            if (cond == 0b1111) return new SystemInsn.Svc(pc, 2, true, bits(hw, 7, 0));
            if (inIt) return undef16(hw, pc);
            Insn b = new Branch.Imm(pc, 2, true, pc + 4 + (((byte) hw) << 1), false, false);
            b.cond = cond;
            return b;
        }
        if ((op & 0b111110) == 0b111000) {
            if (inIt && !lastInIt) return undef16(hw, pc);
            return new Branch.Imm(pc, 2, true, pc + 4 + ((hw << 21) >> 20), false, false);
        }
        return undef16(hw, pc);
    }

    private Insn shiftAddSubMoveCompare(int hw, int pc, boolean s) {
        int opcode = bits(hw, 13, 9);
        int rd = bits(hw, 2, 0), rn = bits(hw, 5, 3), rm = bits(hw, 8, 6), imm5 = bits(hw, 10, 6);
        int rdn = bits(hw, 10, 8), imm8 = bits(hw, 7, 0);
        switch (opcode >>> 2) {
            case 0, 1, 2 -> {
                int type = opcode >>> 2;
                return new DataProcessing.RegImmShift(pc, 2, true, Alu.MOV, rd, 0, s, rn, type, Alu.immShiftAmount(type, imm5));
            }
            case 4 -> { return s ? new DataProcessing.Imm(pc, 2, true, Alu.MOV, rdn, 0, true, imm8, -1)
                    : new DataProcessing.MovImmNoFlags(pc, 2, true, rdn, imm8); }
            case 5 -> { return new DataProcessing.CmpImm(pc, 2, true, rdn, imm8); }
            case 6 -> { return s ? new DataProcessing.Imm(pc, 2, true, Alu.ADD, rdn, rdn, true, imm8, -1)
                    : new DataProcessing.AddImmNoFlags(pc, 2, true, rdn, rdn, imm8); }
            case 7 -> { return s ? new DataProcessing.Imm(pc, 2, true, Alu.SUB, rdn, rdn, true, imm8, -1)
                    : new DataProcessing.AddImmNoFlags(pc, 2, true, rdn, rdn, -imm8); }
            default -> { }
        }
        int imm3 = rm;
        return switch (opcode) {
            case 0b01100 -> new DataProcessing.RegImmShift(pc, 2, true, Alu.ADD, rd, rn, s, rm, Alu.LSL, 0);
            case 0b01101 -> new DataProcessing.RegImmShift(pc, 2, true, Alu.SUB, rd, rn, s, rm, Alu.LSL, 0);
            case 0b01110 -> s ? new DataProcessing.Imm(pc, 2, true, Alu.ADD, rd, rn, true, imm3, -1)
                    : new DataProcessing.AddImmNoFlags(pc, 2, true, rd, rn, imm3);
            default -> s ? new DataProcessing.Imm(pc, 2, true, Alu.SUB, rd, rn, true, imm3, -1)
                    : new DataProcessing.AddImmNoFlags(pc, 2, true, rd, rn, -imm3);
        };
    }

    private Insn dataProcessing16(int hw, int pc, boolean s) {
        int opcode = bits(hw, 9, 6), rm = bits(hw, 5, 3), rdn = bits(hw, 2, 0);
        return switch (opcode) {
            case 0b0010 -> new DataProcessing.RegRegShift(pc, 2, true, Alu.MOV, rdn, 0, s, rdn, Alu.LSL, rm);
            case 0b0011 -> new DataProcessing.RegRegShift(pc, 2, true, Alu.MOV, rdn, 0, s, rdn, Alu.LSR, rm);
            case 0b0100 -> new DataProcessing.RegRegShift(pc, 2, true, Alu.MOV, rdn, 0, s, rdn, Alu.ASR, rm);
            case 0b0111 -> new DataProcessing.RegRegShift(pc, 2, true, Alu.MOV, rdn, 0, s, rdn, Alu.ROR, rm);
            case 0b1001 -> new DataProcessing.Imm(pc, 2, true, Alu.RSB, rdn, rm, s, 0, -1);
            case 0b1101 -> new Multiply(pc, 2, true, Op.MUL, rdn, 0, rm, rdn, s, false, false);
            case 0b1000, 0b1010, 0b1011 -> new DataProcessing.RegImmShift(pc, 2, true, opcode, 0, rdn, true, rm, Alu.LSL, 0);
            default -> new DataProcessing.RegImmShift(pc, 2, true, opcode, rdn, rdn, s, rm, Alu.LSL, 0);
        };
    }

    private Insn specialDataAndBranch(int hw, int pc, boolean lastInIt, boolean inIt) {
        int opcode = bits(hw, 9, 6), rm = bits(hw, 6, 3), rdn = (bit(hw, 7) ? 8 : 0) | bits(hw, 2, 0);
        switch (opcode >>> 2) {
            case 0 -> {
                if (rdn == 15 && inIt && !lastInIt) return undef16(hw, pc);
                return new DataProcessing.RegImmShift(pc, 2, true, Alu.ADD, rdn, rdn, false, rm, Alu.LSL, 0);
            }
            case 1 -> {
                if (opcode == 0b0100) return undef16(hw, pc);
                return new DataProcessing.RegImmShift(pc, 2, true, Alu.CMP, 0, rdn, true, rm, Alu.LSL, 0);
            }
            case 2 -> {
                if (rdn == 15 && inIt && !lastInIt) return undef16(hw, pc);
                return new DataProcessing.RegImmShift(pc, 2, true, Alu.MOV, rdn, 0, false, rm, Alu.LSL, 0);
            }
            default -> {
                if (inIt && !lastInIt) return undef16(hw, pc);
                boolean link = bit(hw, 7);
                if (link && rm == 15) return undef16(hw, pc);
                return new Branch.Reg(pc, 2, true, rm, link);
            }
        }
    }

    private Insn misc16(int hw, int pc, boolean inIt, boolean lastInIt) {
        int op = bits(hw, 11, 5);
        int rm = bits(hw, 5, 3), rd = bits(hw, 2, 0);
        if ((op & 0b1111100) == 0) return new DataProcessing.AddImmNoFlags(pc, 2, true, 13, 13, bits(hw, 6, 0) * 4);
        if ((op & 0b1111100) == 0b0000100) return new DataProcessing.AddImmNoFlags(pc, 2, true, 13, 13, -bits(hw, 6, 0) * 4);
        if ((op & 0b0101000) == 0b0001000) {
            if (inIt) return undef16(hw, pc);
            int imm = (bit(hw, 9) ? 64 : 0) | (bits(hw, 7, 3) << 1);
            return new Branch.CompareZero(pc, rd, pc + 4 + imm, bit(hw, 11));
        }
        if ((op & 0b1111110) == 0b0010000) return new Packing.Extend(pc, 2, true, true, Packing.ExtendKind.H, rd, 15, rm, 0);
        if ((op & 0b1111110) == 0b0010010) return new Packing.Extend(pc, 2, true, true, Packing.ExtendKind.B, rd, 15, rm, 0);
        if ((op & 0b1111110) == 0b0010100) return new Packing.Extend(pc, 2, true, false, Packing.ExtendKind.H, rd, 15, rm, 0);
        if ((op & 0b1111110) == 0b0010110) return new Packing.Extend(pc, 2, true, false, Packing.ExtendKind.B, rd, 15, rm, 0);
        if ((op & 0b1110000) == 0b0100000) {
            int list = bits(hw, 7, 0) | (bit(hw, 8) ? 1 << 14 : 0);
            if (list == 0) return undef16(hw, pc);
            return new LoadStoreMultiple(pc, 2, true, false, false, true, true, false, 13, list);
        }
        if (op == 0b0110010) {
            if (inIt) return undef16(hw, pc);
            return new StatusRegister.SetEnd(pc, 2, true, bit(hw, 3));
        }
        if (op == 0b0110011) {
            if (inIt || bit(hw, 3)) return undef16(hw, pc);
            return new StatusRegister.Cps(pc, 2, true, bit(hw, 4) ? 3 : 2, bit(hw, 2), bit(hw, 1), bit(hw, 0), false, 0);
        }
        if ((op & 0b1111110) == 0b1010000) return new BitOps.OneReg(pc, 2, true, BitOps.Unary.REV, rd, rm);
        if ((op & 0b1111110) == 0b1010010) return new BitOps.OneReg(pc, 2, true, BitOps.Unary.REV16, rd, rm);
        if ((op & 0b1111110) == 0b1010110) return new BitOps.OneReg(pc, 2, true, BitOps.Unary.REVSH, rd, rm);
        if ((op & 0b1110000) == 0b1100000) {
            int list = bits(hw, 7, 0) | (bit(hw, 8) ? 1 << 15 : 0);
            if (list == 0 || (bit(hw, 8) && inIt && !lastInIt)) return undef16(hw, pc);
            return new LoadStoreMultiple(pc, 2, true, true, true, false, true, false, 13, list);
        }
        if ((op & 0b1111000) == 0b1110000) return new SystemInsn.Bkpt(pc, 2, true, bits(hw, 7, 0));
        if ((op & 0b1111000) == 0b1111000) {
            int mask = bits(hw, 3, 0), first = bits(hw, 7, 4);
            if (mask != 0) {
                if (first == 15 || (first == 14 && Integer.bitCount(mask) != 1) || inIt) return undef16(hw, pc);
                return new It(pc, first, mask);
            }
            return switch (first) {
                case 2 -> new SystemInsn.Wait(pc, 2, true, true);
                case 3 -> new SystemInsn.Wait(pc, 2, true, false);
                case 4 -> new SystemInsn.Sev(pc, 2, true);
                default -> new SystemInsn.Nop(pc, 2, true, first == 1 ? "YIELD" : "NOP");
            };
        }
        return undef16(hw, pc);
    }

    // ---- A6.3: 32-bit

    private Insn decode32(int w, int pc, boolean inIt, boolean lastInIt) {
        int hw1 = w >>> 16;
        int op1 = bits(hw1, 12, 11), op2 = bits(hw1, 10, 4);
        boolean op = bit(w, 15);
        if (op1 == 1) {
            if ((op2 & 0b1100100) == 0) return loadStoreMultiple(w, pc, inIt, lastInIt);
            if ((op2 & 0b1100100) == 0b0000100) return dualExclusiveTable(w, pc, inIt, lastInIt);
            if ((op2 & 0b1100000) == 0b0100000) return dataProcessingShiftedRegister(w, pc);
            return coprocessor(w, pc);
        }
        if (op1 == 2) {
            if (op) return branchesAndMisc(w, pc, inIt, lastInIt);
            return (op2 & 0b0100000) == 0 ? modifiedImmediate(w, pc) : plainImmediate(w, pc);
        }
        if ((op2 & 0b1110001) == 0b0010000) return extension(w, pc);
        if ((op2 & 0b1100000) == 0) return loadStoreSingle(w, pc, inIt, lastInIt);
        if ((op2 & 0b1110000) == 0b0100000) return dataProcessingRegister(w, pc);
        if ((op2 & 0b1111000) == 0b0110000) return multiplyAccumulate(w, pc);
        if ((op2 & 0b1111000) == 0b0111000) return longMultiplyDivide(w, pc);
        if ((op2 & 0b1000000) != 0) return coprocessor(w, pc);
        return undef32(w, pc);
    }

    private Insn extension(int w, int pc) {
        for (ExtensionDecoder e : extensions) {
            Insn d = e.decodeT32(w, pc);
            if (d != null) return d;
        }
        return undef32(w, pc);
    }

    private Insn coprocessor(int w, int pc) {
        int coproc = bits(w, 11, 8);
        int hw1 = w >>> 16;
        boolean simd = (hw1 & 0xef00) == 0xef00; // 111x 1111: Advanced SIMD data processing
        if (simd || (coproc & 0b1110) == 0b1010) return extension(w, pc);
        if (bit(hw1, 12)) return undef32(w, pc); // MCR2/MRC2/LDC2/STC2/CDP2: no such coprocessors
        Insn d = coprocessors.decode(w, pc, true);
        return d != null ? d : undef32(w, pc);
    }

    /** ThumbExpandImm_C: the immediate, and its carry (-1 = unchanged). */
    static long thumbExpandImm(int imm12) {
        int imm8 = imm12 & 0xff;
        if ((imm12 & 0xc00) == 0) {
            int v = switch ((imm12 >>> 8) & 3) {
                case 0 -> imm8;
                case 1 -> imm8 | (imm8 << 16);
                case 2 -> (imm8 << 8) | (imm8 << 24);
                default -> imm8 | (imm8 << 8) | (imm8 << 16) | (imm8 << 24);
            };
            return ((long) -1 << 32) | (v & 0xffffffffL);
        }
        int v = Integer.rotateRight(0x80 | (imm12 & 0x7f), (imm12 >>> 7) & 0x1f);
        return ((long) (v >>> 31) << 32) | (v & 0xffffffffL);
    }

    private static int thumbOp(int op, int rd, int rn, boolean s) {
        return switch (op) {
            case 0b0000 -> rd == 15 && s ? Alu.TST : Alu.AND;
            case 0b0001 -> Alu.BIC;
            case 0b0010 -> rn == 15 ? Alu.MOV : Alu.ORR;
            case 0b0011 -> rn == 15 ? Alu.MVN : Alu.ORN;
            case 0b0100 -> rd == 15 && s ? Alu.TEQ : Alu.EOR;
            case 0b1000 -> rd == 15 && s ? Alu.CMN : Alu.ADD;
            case 0b1010 -> Alu.ADC;
            case 0b1011 -> Alu.SBC;
            case 0b1101 -> rd == 15 && s ? Alu.CMP : Alu.SUB;
            case 0b1110 -> Alu.RSB;
            default -> -1;
        };
    }

    private Insn modifiedImmediate(int w, int pc) {
        int op = bits(w, 24, 21), rn = bits(w, 19, 16), rd = bits(w, 11, 8);
        boolean s = bit(w, 20);
        int imm12 = (bit(w, 26) ? 0x800 : 0) | (bits(w, 14, 12) << 8) | bits(w, 7, 0);
        long e = thumbExpandImm(imm12);
        int imm = (int) e, carry = (int) (e >> 32);
        int alu = thumbOp(op, rd, rn, s);
        if (alu < 0 || (rd == 15 && !Alu.compareOnly(alu)) || rd == 13 && alu != Alu.ADD && alu != Alu.SUB && !Alu.compareOnly(alu))
            return undef32(w, pc);
        if (alu == Alu.MOV || alu == Alu.MVN) rn = 0;
        if (Alu.compareOnly(alu)) rd = 0;
        if (!s && alu == Alu.MOV) return new DataProcessing.MovImmNoFlags(pc, 4, true, rd, imm);
        if (!s && (alu == Alu.ADD || alu == Alu.SUB) && rn != 15)
            return new DataProcessing.AddImmNoFlags(pc, 4, true, rd, rn, alu == Alu.ADD ? imm : -imm);
        if (alu == Alu.CMP) return new DataProcessing.CmpImm(pc, 4, true, rn, imm);
        return new DataProcessing.Imm(pc, 4, true, alu, rd, rn, s, imm, carry);
    }

    private Insn plainImmediate(int w, int pc) {
        int op = bits(w, 24, 20), rn = bits(w, 19, 16), rd = bits(w, 11, 8);
        int imm12 = (bit(w, 26) ? 0x800 : 0) | (bits(w, 14, 12) << 8) | bits(w, 7, 0);
        int imm16 = (rn << 12) | imm12;
        int imm5 = (bits(w, 14, 12) << 2) | bits(w, 7, 6);
        int low5 = bits(w, 4, 0);
        if (rd == 15 || rd == 13 && op != 0 && op != 0b01010) return undef32(w, pc);
        switch (op) {
            case 0b00000 -> {
                if (rn == 15) return DataProcessing.adr(pc, 4, true, rd, imm12);
                return new DataProcessing.AddImmNoFlags(pc, 4, true, rd, rn, imm12);
            }
            case 0b01010 -> {
                if (rn == 15) return DataProcessing.adr(pc, 4, true, rd, -imm12);
                return new DataProcessing.AddImmNoFlags(pc, 4, true, rd, rn, -imm12);
            }
            case 0b00100 -> { return new DataProcessing.MovImmNoFlags(pc, 4, true, rd, imm16); }
            case 0b01100 -> { return new DataProcessing.MovTop(pc, 4, true, rd, imm16); }
            default -> { }
        }
        if (rn == 15 && op != 0b10110) return undef32(w, pc);
        return switch (op) {
            case 0b10000 -> new Saturation.Sat(pc, 4, true, false, false, rd, rn, low5 + 1, Alu.LSL, imm5);
            case 0b10010 -> imm5 == 0 ? new Saturation.Sat(pc, 4, true, false, true, rd, rn, (low5 & 0xf) + 1, Alu.LSL, 0)
                    : new Saturation.Sat(pc, 4, true, false, false, rd, rn, low5 + 1, Alu.ASR, imm5);
            case 0b11000 -> new Saturation.Sat(pc, 4, true, true, false, rd, rn, low5, Alu.LSL, imm5);
            case 0b11010 -> imm5 == 0 ? new Saturation.Sat(pc, 4, true, true, true, rd, rn, low5 & 0xf, Alu.LSL, 0)
                    : new Saturation.Sat(pc, 4, true, true, false, rd, rn, low5, Alu.ASR, imm5);
            case 0b10100, 0b11100 -> lowWidthOk(imm5, low5) ? new BitOps.Extract(pc, 4, true, op == 0b10100, rd, rn, imm5, low5 + 1) : undef32(w, pc);
            case 0b10110 -> low5 < imm5 ? undef32(w, pc) : new BitOps.Insert(pc, 4, true, rd, rn, imm5, low5);
            default -> undef32(w, pc);
        };
    }

    private static boolean lowWidthOk(int lsb, int widthMinus1) { return lsb + widthMinus1 <= 31; }

    private Insn branchesAndMisc(int w, int pc, boolean inIt, boolean lastInIt) {
        int hw1 = w >>> 16;
        int op = bits(hw1, 10, 4), op1 = bits(w, 14, 12);
        boolean sBit = bit(hw1, 10);
        if ((op1 & 0b101) == 0) {
            if ((op & 0b0111000) != 0b0111000) {
                if (inIt) return undef32(w, pc);
                int imm = (sBit ? -1 << 20 : 0) | (bit(w, 11) ? 1 << 19 : 0) | (bit(w, 13) ? 1 << 18 : 0)
                        | (bits(hw1, 5, 0) << 12) | (bits(w, 10, 0) << 1);
                Insn b = new Branch.Imm(pc, 4, true, pc + 4 + imm, false, false);
                b.cond = bits(hw1, 9, 6);
                return b;
            }
            int rn = bits(hw1, 3, 0), rd = bits(w, 11, 8);
            switch (op) {
                case 0b0111000, 0b0111001 -> {
                    boolean r = bit(hw1, 4);
                    if (bit(w, 5)) {
                        StatusRegister.BankedTarget t = StatusRegister.BankedTarget.decode(r, (bit(w, 4) ? 16 : 0) | bits(w, 11, 8));
                        if (t == null || rn == 15 || rn == 13) return undef32(w, pc);
                        return new StatusRegister.Banked(pc, 4, true, t, rn, true);
                    }
                    int mask = bits(w, 11, 8);
                    if (mask == 0 || rn == 15 || rn == 13) return undef32(w, pc);
                    return new StatusRegister.Msr(pc, 4, true, r, mask, rn, 0);
                }
                case 0b0111010 -> { return hints32(w, pc, inIt); }
                case 0b0111011 -> {
                    return switch (bits(w, 7, 4)) {
                        case 2 -> new Exclusive(pc, 4, true, Exclusive.Op.CLREX, 0, 0, 0, 0, 0);
                        case 4 -> new SystemInsn.Nop(pc, 4, true, "DSB");
                        case 5 -> new SystemInsn.Nop(pc, 4, true, "DMB");
                        case 6 -> new SystemInsn.Isb(pc, 4, true);
                        default -> undef32(w, pc);
                    };
                }
                case 0b0111100 -> {
                    if (inIt && !lastInIt) return undef32(w, pc);
                    return new Branch.Reg(pc, 4, true, rn, false);
                }
                case 0b0111101 -> {
                    if ((inIt && !lastInIt) || rn != 14) return undef32(w, pc);
                    // SUBS PC, LR, #imm8: an exception return (ERET outside Hyp mode when imm8 is 0).
                    return new DataProcessing.Imm(pc, 4, true, Alu.SUB, 15, 14, true, bits(w, 7, 0), -1);
                }
                case 0b0111110, 0b0111111 -> {
                    boolean r = bit(hw1, 4);
                    if (rd == 15 || rd == 13) return undef32(w, pc);
                    if (bit(w, 5)) {
                        StatusRegister.BankedTarget t = StatusRegister.BankedTarget.decode(r, (bit(w, 4) ? 16 : 0) | rn);
                        if (t == null) return undef32(w, pc);
                        return new StatusRegister.Banked(pc, 4, true, t, rd, false);
                    }
                    return new StatusRegister.Mrs(pc, 4, true, rd, r);
                }
                case 0b1111110 -> {
                    // HVC #imm16 (T1): imm4 in the first halfword, imm12 in the second; UNPREDICTABLE in an IT block
                    if (op1 == 0 && !inIt) return new SystemInsn.Hvc(pc, 4, true, bits(hw1, 3, 0) << 12 | bits(w, 11, 0));
                    return undef32(w, pc);
                }
                case 0b1111111 -> {
                    if (op1 == 0) return new SystemInsn.Smc(pc, 4, true);
                    return undef32(w, pc);
                }
                default -> { return undef32(w, pc); }
            }
        }
        int j1 = bits(w, 13, 13), j2 = bits(w, 11, 11), s = sBit ? 1 : 0;
        int i1 = ~(j1 ^ s) & 1, i2 = ~(j2 ^ s) & 1;
        int imm = (s == 1 ? -1 << 24 : 0) | (i1 << 23) | (i2 << 22) | (bits(hw1, 9, 0) << 12) | (bits(w, 10, 0) << 1);
        if (inIt && !lastInIt) return undef32(w, pc);
        if ((op1 & 0b101) == 0b001) return new Branch.Imm(pc, 4, true, pc + 4 + imm, false, false);
        if ((op1 & 0b101) == 0b101) return new Branch.Imm(pc, 4, true, pc + 4 + imm, true, false);
        if (bit(w, 0)) return undef32(w, pc);
        return new Branch.Imm(pc, 4, true, ((pc + 4) & ~3) + imm, true, true);
    }

    private Insn hints32(int w, int pc, boolean inIt) {
        int op1 = bits(w, 10, 8), op2 = bits(w, 7, 0);
        if (op1 != 0) {
            if (inIt) return undef32(w, pc);
            int imod = bits(w, 10, 9);
            boolean m = bit(w, 8);
            if (imod == 1 || (imod == 0 && !m)) return undef32(w, pc);
            return new StatusRegister.Cps(pc, 4, true, imod, bit(w, 7), bit(w, 6), bit(w, 5), m, bits(w, 4, 0));
        }
        return switch (op2) {
            case 2 -> new SystemInsn.Wait(pc, 4, true, true);
            case 3 -> new SystemInsn.Wait(pc, 4, true, false);
            case 4 -> new SystemInsn.Sev(pc, 4, true);
            default -> new SystemInsn.Nop(pc, 4, true, op2 == 1 ? "YIELD" : "NOP");
        };
    }

    private Insn loadStoreMultiple(int w, int pc, boolean inIt, boolean lastInIt) {
        int hw1 = w >>> 16;
        int op = bits(hw1, 8, 7), rn = bits(hw1, 3, 0), list = w & 0xffff;
        boolean wback = bit(hw1, 5), load = bit(hw1, 4);
        if (op == 0 || op == 3) {
            boolean increment = op == 3;
            if (load) {
                if (inIt && !lastInIt) return undef32(w, pc);
                if (rn == 15) return undef32(w, pc);
                return new StatusRegister.Rfe(pc, 4, true, increment, !increment, wback, rn);
            }
            return new StatusRegister.Srs(pc, 4, true, increment, !increment, wback, bits(w, 4, 0));
        }
        boolean increment = op == 1;
        if (rn == 15 || Integer.bitCount(list) < 2 || (list & 0x2000) != 0) return undef32(w, pc);
        if (load) {
            if ((list & 0xc000) == 0xc000) return undef32(w, pc);
            if ((list & 0x8000) != 0 && inIt && !lastInIt) return undef32(w, pc);
            if (wback && (list & (1 << rn)) != 0) return undef32(w, pc);
        } else if ((list & 0x8000) != 0 || (wback && (list & (1 << rn)) != 0)) {
            return undef32(w, pc);
        }
        return new LoadStoreMultiple(pc, 4, true, load, increment, !increment, wback, false, rn, list);
    }

    private Insn dualExclusiveTable(int w, int pc, boolean inIt, boolean lastInIt) {
        int hw1 = w >>> 16;
        int op1 = bits(hw1, 8, 7), op2 = bits(hw1, 5, 4), op3 = bits(w, 7, 4);
        int rn = bits(hw1, 3, 0), rt = bits(w, 15, 12), rt2 = bits(w, 11, 8), rd = bits(w, 3, 0);
        int imm8 = bits(w, 7, 0);
        if (op1 == 0 && op2 == 0) {
            if (rn == 15 || rt == 15 || rt2 == 15 || rt2 == rn || rt2 == rt) return undef32(w, pc);
            return new Exclusive(pc, 4, true, Exclusive.Op.STREX, rt2, rt, 0, rn, imm8 * 4);
        }
        if (op1 == 0 && op2 == 1) {
            if (rn == 15 || rt == 15) return undef32(w, pc);
            return new Exclusive(pc, 4, true, Exclusive.Op.LDREX, 0, rt, 0, rn, imm8 * 4);
        }
        if (op1 == 1 && op2 == 0) {
            Exclusive.Op o = switch (op3) {
                case 4 -> Exclusive.Op.STREXB;
                case 5 -> Exclusive.Op.STREXH;
                case 7 -> Exclusive.Op.STREXD;
                default -> null;
            };
            if (o == null || rn == 15 || rt == 15 || rd == 15 || rd == rn || rd == rt || (o == Exclusive.Op.STREXD && (rt2 == 15 || rd == rt2)))
                return undef32(w, pc);
            return new Exclusive(pc, 4, true, o, rd, rt, rt2, rn, 0);
        }
        if (op1 == 1 && op2 == 1) {
            if (op3 == 0 || op3 == 1) {
                if ((inIt && !lastInIt) || rd == 15 || rd == 13) return undef32(w, pc);
                return new Branch.Table(pc, rn, rd, op3 == 1);
            }
            Exclusive.Op o = switch (op3) {
                case 4 -> Exclusive.Op.LDREXB;
                case 5 -> Exclusive.Op.LDREXH;
                case 7 -> Exclusive.Op.LDREXD;
                default -> null;
            };
            if (o == null || rn == 15 || rt == 15 || (o == Exclusive.Op.LDREXD && (rt2 == 15 || rt2 == rt))) return undef32(w, pc);
            return new Exclusive(pc, 4, true, o, 0, rt, rt2, rn, 0);
        }
        // LDRD/STRD (immediate, literal): P U 1 W L
        boolean p = bit(hw1, 8), u = bit(hw1, 7), wb = bit(hw1, 5), load = bit(hw1, 4);
        if (!p && !wb) return undef32(w, pc);
        if (wb && (rn == 15 || rn == rt || rn == rt2)) return undef32(w, pc);
        if (rt == 15 || rt2 == 15 || rt == 13 || rt2 == 13 || (load && rt == rt2)) return undef32(w, pc);
        return LoadStore.immediate(pc, 4, true, load ? Kind.LDRD : Kind.STRD, rt, rt2, rn, imm8 * 4, u, p, wb, false);
    }

    private Insn dataProcessingShiftedRegister(int w, int pc) {
        int op = bits(w, 24, 21), rn = bits(w, 19, 16), rd = bits(w, 11, 8), rm = bits(w, 3, 0);
        boolean s = bit(w, 20);
        int type = bits(w, 5, 4), imm5 = (bits(w, 14, 12) << 2) | bits(w, 7, 6);
        if (op == 0b0110) {
            if (s || bit(w, 4) || badReg(rd) || badReg(rn) || badReg(rm)) return undef32(w, pc);
            boolean tb = bit(w, 5);
            int t = tb ? Alu.ASR : Alu.LSL;
            return new Packing.Pkh(pc, 4, true, tb, rd, rn, rm, t, Alu.immShiftAmount(t, imm5));
        }
        int alu = thumbOp(op, rd, rn, s);
        if (alu < 0 || rm == 15 || rm == 13 && alu != Alu.ADD && alu != Alu.SUB && alu != Alu.MOV && alu != Alu.CMP) return undef32(w, pc);
        if (Alu.compareOnly(alu)) rd = 0;
        else if (rd == 15) return undef32(w, pc);
        if (alu == Alu.MOV || alu == Alu.MVN) rn = 0;
        return new DataProcessing.RegImmShift(pc, 4, true, alu, rd, rn, s, rm, Alu.immShiftType(type, imm5), Alu.immShiftAmount(type, imm5));
    }

    private Insn loadStoreSingle(int w, int pc, boolean inIt, boolean lastInIt) {
        int hw1 = w >>> 16;
        boolean signed = bit(hw1, 8), y = bit(hw1, 7), load = bit(hw1, 4);
        int sz = bits(hw1, 6, 5), rn = bits(hw1, 3, 0), rt = bits(w, 15, 12);
        if (sz == 3 || (signed && (!load || sz == 2))) return undef32(w, pc);
        Kind kind = load ? switch (sz) {
            case 0 -> signed ? Kind.LDRSB : Kind.LDRB;
            case 1 -> signed ? Kind.LDRSH : Kind.LDRH;
            default -> Kind.LDR;
        } : switch (sz) {
            case 0 -> Kind.STRB;
            case 1 -> Kind.STRH;
            default -> Kind.STR;
        };
        if (load && rt == 15 && sz != 2) return new SystemInsn.Nop(pc, 4, true, "PLx");
        if (!load && rn == 15) return undef32(w, pc);
        if (rt == 15 && load && inIt && !lastInIt) return undef32(w, pc);
        if (rt == 15 && !load) return undef32(w, pc);
        if (rn == 15) return LoadStore.immediate(pc, 4, true, kind, rt, 0, 15, bits(w, 11, 0), y, true, false, false);
        if (y) return LoadStore.immediate(pc, 4, true, kind, rt, 0, rn, bits(w, 11, 0), true, true, false, false);
        if (bit(w, 11)) {
            boolean p = bit(w, 10), u = bit(w, 9), wb = bit(w, 8);
            int imm8 = bits(w, 7, 0);
            if (p && u && !wb) return LoadStore.immediate(pc, 4, true, kind, rt, 0, rn, imm8, true, true, false, true);
            if (!p && !wb) return undef32(w, pc);
            if (wb && rn == rt) return undef32(w, pc);
            return LoadStore.immediate(pc, 4, true, kind, rt, 0, rn, imm8, u, p, wb, false);
        }
        if (bits(w, 10, 6) != 0) return undef32(w, pc);
        int rm = bits(w, 3, 0);
        if (rm == 13 || rm == 15) return undef32(w, pc);
        return LoadStore.register(pc, 4, true, kind, rt, 0, rn, rm, Alu.LSL, bits(w, 5, 4), true, true, false, false);
    }

    private Insn dataProcessingRegister(int w, int pc) {
        int hw1 = w >>> 16;
        int op1 = bits(hw1, 7, 4), op2 = bits(w, 7, 4), rn = bits(hw1, 3, 0), rd = bits(w, 11, 8), rm = bits(w, 3, 0);
        if ((w & 0xf000) != 0xf000) return undef32(w, pc);
        if (badReg(rd) || badReg(rm)) return undef32(w, pc);
        if ((op1 & 0b1000) == 0 && op2 == 0) {
            if (badReg(rn)) return undef32(w, pc);
            return new DataProcessing.RegRegShift(pc, 4, true, Alu.MOV, rd, 0, bit(hw1, 4), rn, op1 >>> 1, rm);
        }
        if ((op1 & 0b1000) == 0 && (op2 & 0b1000) != 0) {
            int rot = bits(w, 5, 4) * 8;
            if (rn == 13) return undef32(w, pc);
            return switch (op1) {
                case 0 -> new Packing.Extend(pc, 4, true, true, Packing.ExtendKind.H, rd, rn, rm, rot);
                case 1 -> new Packing.Extend(pc, 4, true, false, Packing.ExtendKind.H, rd, rn, rm, rot);
                case 2 -> new Packing.Extend(pc, 4, true, true, Packing.ExtendKind.B16, rd, rn, rm, rot);
                case 3 -> new Packing.Extend(pc, 4, true, false, Packing.ExtendKind.B16, rd, rn, rm, rot);
                case 4 -> new Packing.Extend(pc, 4, true, true, Packing.ExtendKind.B, rd, rn, rm, rot);
                case 5 -> new Packing.Extend(pc, 4, true, false, Packing.ExtendKind.B, rd, rn, rm, rot);
                default -> undef32(w, pc);
            };
        }
        if (badReg(rn)) return undef32(w, pc);
        if ((op1 & 0b1000) != 0 && (op2 & 0b1000) == 0) {
            ParallelAddSub.Op o = switch (op1 & 7) {
                case 0 -> ParallelAddSub.Op.ADD8;
                case 1 -> ParallelAddSub.Op.ADD16;
                case 2 -> ParallelAddSub.Op.ASX;
                case 4 -> ParallelAddSub.Op.SUB8;
                case 5 -> ParallelAddSub.Op.SUB16;
                case 6 -> ParallelAddSub.Op.SAX;
                default -> null;
            };
            ParallelAddSub.Prefix p = switch (op2) {
                case 0 -> ParallelAddSub.Prefix.S;
                case 1 -> ParallelAddSub.Prefix.Q;
                case 2 -> ParallelAddSub.Prefix.SH;
                case 4 -> ParallelAddSub.Prefix.U;
                case 5 -> ParallelAddSub.Prefix.UQ;
                case 6 -> ParallelAddSub.Prefix.UH;
                default -> null;
            };
            if (o == null || p == null) return undef32(w, pc);
            return new ParallelAddSub(pc, 4, true, p, o, rd, rn, rm);
        }
        if ((op1 & 0b1100) == 0b1000 && (op2 & 0b1100) == 0b1000) {
            int a = op1 & 3, b = op2 & 3;
            if (a == 1 && rn != rm) return undef32(w, pc);
            return switch (a << 2 | b) {
                case 0 -> new Saturation.Q(pc, 4, true, Saturation.QOp.QADD, rd, rm, rn);
                case 1 -> new Saturation.Q(pc, 4, true, Saturation.QOp.QDADD, rd, rm, rn);
                case 2 -> new Saturation.Q(pc, 4, true, Saturation.QOp.QSUB, rd, rm, rn);
                case 3 -> new Saturation.Q(pc, 4, true, Saturation.QOp.QDSUB, rd, rm, rn);
                case 4 -> new BitOps.OneReg(pc, 4, true, BitOps.Unary.REV, rd, rm);
                case 5 -> new BitOps.OneReg(pc, 4, true, BitOps.Unary.REV16, rd, rm);
                case 6 -> new BitOps.OneReg(pc, 4, true, BitOps.Unary.RBIT, rd, rm);
                case 7 -> new BitOps.OneReg(pc, 4, true, BitOps.Unary.REVSH, rd, rm);
                case 8 -> new Packing.Sel(pc, 4, true, rd, rn, rm);
                case 12 -> rn != rm ? undef32(w, pc) : new BitOps.OneReg(pc, 4, true, BitOps.Unary.CLZ, rd, rm);
                default -> undef32(w, pc);
            };
        }
        return undef32(w, pc);
    }

    private Insn multiplyAccumulate(int w, int pc) {
        int hw1 = w >>> 16;
        int op1 = bits(hw1, 6, 4), op2 = bits(w, 5, 4), rn = bits(hw1, 3, 0), ra = bits(w, 15, 12), rd = bits(w, 11, 8), rm = bits(w, 3, 0);
        if (bits(w, 7, 6) != 0 || badReg(rd) || badReg(rn) || badReg(rm) || ra == 13) return undef32(w, pc);
        boolean acc = ra != 15;
        Op o;
        boolean nTop = false, mTop = false;
        switch (op1) {
            case 0 -> {
                if (op2 == 0) o = acc ? Op.MLA : Op.MUL;
                else if (op2 == 1 && acc) o = Op.MLS;
                else return undef32(w, pc);
            }
            case 1 -> { o = acc ? Op.SMLAXY : Op.SMULXY; nTop = bit(w, 5); mTop = bit(w, 4); }
            case 2 -> { o = acc ? Op.SMLAD : Op.SMUAD; mTop = bit(w, 4); if (op2 > 1) return undef32(w, pc); }
            case 3 -> { o = acc ? Op.SMLAWY : Op.SMULWY; mTop = bit(w, 4); if (op2 > 1) return undef32(w, pc); }
            case 4 -> { o = acc ? Op.SMLSD : Op.SMUSD; mTop = bit(w, 4); if (op2 > 1) return undef32(w, pc); }
            case 5 -> { o = acc ? Op.SMMLA : Op.SMMUL; mTop = bit(w, 4); if (op2 > 1) return undef32(w, pc); }
            case 6 -> { if (op2 > 1 || !acc) return undef32(w, pc); o = Op.SMMLS; mTop = bit(w, 4); }
            default -> {
                if (op2 != 0) return undef32(w, pc);
                return new Packing.Usad8(pc, 4, true, rd, rn, rm, ra);
            }
        }
        return new Multiply(pc, 4, true, o, rd, ra, rn, rm, false, nTop, mTop);
    }

    private Insn longMultiplyDivide(int w, int pc) {
        int hw1 = w >>> 16;
        int op1 = bits(hw1, 6, 4), op2 = bits(w, 7, 4), rn = bits(hw1, 3, 0), rdLo = bits(w, 15, 12), rdHi = bits(w, 11, 8), rm = bits(w, 3, 0);
        if (badReg(rn) || badReg(rm) || badReg(rdHi)) return undef32(w, pc);
        if ((op1 == 1 || op1 == 3) && op2 == 0xf) {
            if (rdLo != 15) return undef32(w, pc);
            return new Multiply(pc, 4, true, op1 == 1 ? Op.SDIV : Op.UDIV, rdHi, 0, rn, rm, false, false, false);
        }
        if (badReg(rdLo) || rdLo == rdHi) return undef32(w, pc);
        Op o = null;
        boolean nTop = false, mTop = false;
        switch (op1) {
            case 0 -> { if (op2 == 0) o = Op.SMULL; }
            case 2 -> { if (op2 == 0) o = Op.UMULL; }
            case 4 -> {
                if (op2 == 0) o = Op.SMLAL;
                else if ((op2 & 0b1100) == 0b1000) { o = Op.SMLALXY; nTop = bit(w, 5); mTop = bit(w, 4); }
                else if ((op2 & 0b1110) == 0b1100) { o = Op.SMLALD; mTop = bit(w, 4); }
            }
            case 5 -> { if ((op2 & 0b1110) == 0b1100) { o = Op.SMLSLD; mTop = bit(w, 4); } }
            case 6 -> {
                if (op2 == 0) o = Op.UMLAL;
                else if (op2 == 0b0110) o = Op.UMAAL;
            }
            default -> { }
        }
        if (o == null) return undef32(w, pc);
        return new Multiply(pc, 4, true, o, rdHi, rdLo, rn, rm, false, nTop, mTop);
    }

    /** ARM ARM A6.1.3 BadReg(): SP or PC, where a T32 32-bit instruction does not allow them (R14 is fine). */
    private static boolean badReg(int r) { return r == 13 || r == 15; }
}
