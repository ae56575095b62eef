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
 * The A32 (ARM state) decoder, following the ARM ARM's encoding tables A5.1-A5.7: each method is one table.
 * Encodings the tables leave UNDEFINED, and UNPREDICTABLE encodings with no sensible single behaviour,
 * decode to {@link UndefinedInsn}.
 */
public final class A32Decoder {
    private final List<ExtensionDecoder> extensions;
    private final Coprocessors coprocessors;

    public A32Decoder(List<ExtensionDecoder> extensions, Coprocessors coprocessors) {
        this.extensions = List.copyOf(extensions);
        this.coprocessors = coprocessors;
    }

    /** Decodes the instruction {@code insn} at {@code pc}; never null. */
    public Insn decode(int insn, int pc) {
        int cond = insn >>> 28;
        if (cond == 15) return unconditional(insn, pc);
        Insn d = conditional(insn, pc);
        d.cond = cond;
        return d;
    }

    private static int bits(int x, int hi, int lo) { return (x >>> lo) & ((1 << (hi - lo + 1)) - 1); }

    private static boolean bit(int x, int n) { return (x & (1 << n)) != 0; }

    private static Insn undef(int insn, int pc) { return new UndefinedInsn(pc, 4, false, insn); }

    private Insn conditional(int insn, int pc) {
        return switch (bits(insn, 27, 25)) {
            case 0, 1 -> dataProcessingAndMisc(insn, pc);
            case 2 -> loadStoreWordByte(insn, pc);
            case 3 -> bit(insn, 4) ? media(insn, pc) : loadStoreWordByte(insn, pc);
            case 4, 5 -> branchAndBlock(insn, pc);
            default -> coprocessorAndSvc(insn, pc);
        };
    }

    // ---- A5.2

    private Insn dataProcessingAndMisc(int insn, int pc) {
        boolean op = bit(insn, 25);
        int op1 = bits(insn, 24, 20), op2 = bits(insn, 7, 4);
        boolean misc = (op1 & 0b11001) == 0b10000;
        if (!op) {
            if (op2 == 0b1001) return (op1 & 0x10) == 0 ? multiply(insn, pc) : synchronization(insn, pc);
            if (op2 == 0b1011 || (op2 & 0b1101) == 0b1101) return extraLoadStore(insn, pc);
            if (misc) return (op2 & 8) == 0 ? miscellaneous(insn, pc) : halfwordMultiply(insn, pc);
            int opc = bits(insn, 24, 21), rn = bits(insn, 19, 16), rd = bits(insn, 15, 12), rm = bits(insn, 3, 0);
            boolean s = bit(insn, 20);
            int type = bits(insn, 6, 5);
            if ((op2 & 1) == 0) {
                int imm5 = bits(insn, 11, 7);
                return new DataProcessing.RegImmShift(pc, 4, false, opc, rd, rn, s, rm,
                        Alu.immShiftType(type, imm5), Alu.immShiftAmount(type, imm5));
            }
            int rs = bits(insn, 11, 8);
            if (rd == 15 || rn == 15 || rm == 15 || rs == 15) return undef(insn, pc);
            return new DataProcessing.RegRegShift(pc, 4, false, opc, rd, rn, s, rm, type, rs);
        }
        if (!misc) {
            int opc = bits(insn, 24, 21), rn = bits(insn, 19, 16), rd = bits(insn, 15, 12);
            boolean s = bit(insn, 20);
            int rot = bits(insn, 11, 8) * 2;
            int imm = Integer.rotateRight(bits(insn, 7, 0), rot);
            int carry = Alu.expandImmCarry(imm, rot != 0);
            if (!s && rd != 15) {
                if (opc == Alu.MOV) return new DataProcessing.MovImmNoFlags(pc, 4, false, rd, imm);
                if (opc == Alu.MVN) return new DataProcessing.MovImmNoFlags(pc, 4, false, rd, ~imm);
                if (rn != 15 && opc == Alu.ADD) return new DataProcessing.AddImmNoFlags(pc, 4, false, rd, rn, imm);
                if (rn != 15 && opc == Alu.SUB) return new DataProcessing.AddImmNoFlags(pc, 4, false, rd, rn, -imm);
                if (rn == 15 && opc == Alu.ADD) return DataProcessing.adr(pc, 4, false, rd, imm);
                if (rn == 15 && opc == Alu.SUB) return DataProcessing.adr(pc, 4, false, rd, -imm);
            }
            if (opc == Alu.CMP && rn != 15) return new DataProcessing.CmpImm(pc, 4, false, rn, imm);
            return new DataProcessing.Imm(pc, 4, false, opc, rd, rn, s, imm, carry);
        }
        int rd = bits(insn, 15, 12);
        int imm16 = (bits(insn, 19, 16) << 12) | bits(insn, 11, 0);
        return switch (op1) {
            case 0b10000 -> rd == 15 ? undef(insn, pc) : new DataProcessing.MovImmNoFlags(pc, 4, false, rd, imm16);
            case 0b10100 -> rd == 15 ? undef(insn, pc) : new DataProcessing.MovTop(pc, 4, false, rd, imm16);
            default -> msrImmediateAndHints(insn, pc);
        };
    }

    private Insn msrImmediateAndHints(int insn, int pc) {
        boolean r = bit(insn, 22);
        int mask = bits(insn, 19, 16), op2 = bits(insn, 7, 0);
        if (!r && mask == 0) {
            return switch (op2) {
                case 2 -> new SystemInsn.Wait(pc, 4, false, true);
                case 3 -> new SystemInsn.Wait(pc, 4, false, false);
                case 4 -> new SystemInsn.Sev(pc, 4, false);
                default -> new SystemInsn.Nop(pc, 4, false, op2 == 1 ? "YIELD" : "NOP");
            };
        }
        int rot = bits(insn, 11, 8) * 2;
        int imm = Integer.rotateRight(bits(insn, 7, 0), rot);
        return new StatusRegister.Msr(pc, 4, false, r, mask, -1, imm);
    }

    private Insn miscellaneous(int insn, int pc) {
        int op = bits(insn, 22, 21), op2 = bits(insn, 6, 4), rm = bits(insn, 3, 0), rd = bits(insn, 15, 12);
        boolean b = bit(insn, 9);
        switch (op2) {
            case 0 -> {
                boolean r = bit(insn, 22);
                if (b) {
                    int sysm = (bit(insn, 8) ? 16 : 0) | bits(insn, 19, 16);
                    StatusRegister.BankedTarget t = StatusRegister.BankedTarget.decode(r, sysm);
                    if (t == null) return undef(insn, pc);
                    boolean write = (op & 1) != 0;
                    int reg = write ? rm : rd;
                    if (reg == 15) return undef(insn, pc);
                    return new StatusRegister.Banked(pc, 4, false, t, reg, write);
                }
                if ((op & 1) == 0) return rd == 15 ? undef(insn, pc) : new StatusRegister.Mrs(pc, 4, false, rd, r);
                int mask = bits(insn, 19, 16);
                if (mask == 0 || rm == 15) return undef(insn, pc);
                return new StatusRegister.Msr(pc, 4, false, r, mask, rm, 0);
            }
            case 1 -> {
                if (op == 1) return new Branch.Reg(pc, 4, false, rm, false);
                if (op == 3) return new BitOps.OneReg(pc, 4, false, BitOps.Unary.CLZ, rd, rm);
            }
            // BXJ: Jazelle is the trivial implementation, so BXJ behaves as BX (ARM ARM A2.10).
            case 2 -> { if (op == 1) return new Branch.Reg(pc, 4, false, rm, false); }
            case 3 -> { if (op == 1) return rm == 15 ? undef(insn, pc) : new Branch.Reg(pc, 4, false, rm, true); }
            case 5 -> {
                int rn = bits(insn, 19, 16);
                return new Saturation.Q(pc, 4, false, Saturation.QOp.values()[op], rd, rm, rn);
            }
            case 7 -> {
                if (op == 1) return new SystemInsn.Bkpt(pc, 4, false, (bits(insn, 19, 8) << 4) | rm);
                if (op == 3) return new SystemInsn.Smc(pc, 4, false);
                if (op == 2) return new SystemInsn.Hvc(pc, 4, false, (bits(insn, 19, 8) << 4) | rm);
            }
            default -> { }
        }
        return undef(insn, pc);
    }

    private Insn halfwordMultiply(int insn, int pc) {
        int op1 = bits(insn, 22, 21);
        int rd = bits(insn, 19, 16), ra = bits(insn, 15, 12), rm = bits(insn, 11, 8), rn = bits(insn, 3, 0);
        boolean nTop = bit(insn, 5), mTop = bit(insn, 6);
        return switch (op1) {
            case 0 -> new Multiply(pc, 4, false, Op.SMLAXY, rd, ra, rn, rm, false, nTop, mTop);
            case 1 -> new Multiply(pc, 4, false, nTop ? Op.SMULWY : Op.SMLAWY, rd, ra, rn, rm, false, false, mTop);
            case 2 -> new Multiply(pc, 4, false, Op.SMLALXY, rd, ra, rn, rm, false, nTop, mTop);
            default -> new Multiply(pc, 4, false, Op.SMULXY, rd, ra, rn, rm, false, nTop, mTop);
        };
    }

    private Insn multiply(int insn, int pc) {
        int op = bits(insn, 23, 21);
        boolean s = bit(insn, 20);
        int rd = bits(insn, 19, 16), ra = bits(insn, 15, 12), rm = bits(insn, 11, 8), rn = bits(insn, 3, 0);
        if (rd == 15 || rm == 15 || rn == 15) return undef(insn, pc);
        Op o = switch (op) {
            case 0 -> Op.MUL;
            case 1 -> Op.MLA;
            case 2 -> s ? null : Op.UMAAL;
            case 3 -> s ? null : Op.MLS;
            case 4 -> Op.UMULL;
            case 5 -> Op.UMLAL;
            case 6 -> Op.SMULL;
            default -> Op.SMLAL;
        };
        if (o == null) return undef(insn, pc);
        if (op >= 4 || op == 2) {
            if (ra == 15 || ra == rd) return undef(insn, pc);
        }
        return new Multiply(pc, 4, false, o, rd, ra, rn, rm, s, false, false);
    }

    private Insn synchronization(int insn, int pc) {
        int op = bits(insn, 23, 20);
        int rn = bits(insn, 19, 16), rt = bits(insn, 15, 12), rt2 = bits(insn, 3, 0);
        if ((op & 8) == 0) return undef(insn, pc); // SWP/SWPB: disabled on the Cortex-A15 (SCTLR.SW RAZ)
        Exclusive.Op o = switch (op & 7) {
            case 0 -> Exclusive.Op.STREX;
            case 1 -> Exclusive.Op.LDREX;
            case 2 -> Exclusive.Op.STREXD;
            case 3 -> Exclusive.Op.LDREXD;
            case 4 -> Exclusive.Op.STREXB;
            case 5 -> Exclusive.Op.LDREXB;
            case 6 -> Exclusive.Op.STREXH;
            default -> Exclusive.Op.LDREXH;
        };
        if (rn == 15) return undef(insn, pc);
        if ((op & 1) != 0) {
            if (rt == 15 || (o == Exclusive.Op.LDREXD && ((rt & 1) != 0 || rt == 14))) return undef(insn, pc);
            return new Exclusive(pc, 4, false, o, 0, rt, rt + 1, rn, 0);
        }
        int rd = rt, t = rt2;
        if (rd == 15 || t == 15 || rd == rn || rd == t || (o == Exclusive.Op.STREXD && ((t & 1) != 0 || t == 14 || rd == t + 1)))
            return undef(insn, pc);
        return new Exclusive(pc, 4, false, o, rd, t, t + 1, rn, 0);
    }

    private Insn extraLoadStore(int insn, int pc) {
        int op2 = bits(insn, 6, 5);
        boolean p = bit(insn, 24), u = bit(insn, 23), immForm = bit(insn, 22), w = bit(insn, 21), l = bit(insn, 20);
        int rn = bits(insn, 19, 16), rt = bits(insn, 15, 12), rm = bits(insn, 3, 0);
        int imm = (bits(insn, 11, 8) << 4) | rm;
        Kind kind = switch (op2) {
            case 1 -> l ? Kind.LDRH : Kind.STRH;
            case 2 -> l ? Kind.LDRSB : Kind.LDRD;
            default -> l ? Kind.LDRSH : Kind.STRD;
        };
        boolean unpriv = !p && w;
        boolean wback = !p || w;
        boolean dual = kind == Kind.LDRD || kind == Kind.STRD;
        if (dual && (unpriv || (rt & 1) != 0 || rt == 14)) return undef(insn, pc);
        if (rt == 15 || (wback && (rn == 15 || rn == rt || (dual && rn == rt + 1)))) return undef(insn, pc);
        if (immForm) return LoadStore.immediate(pc, 4, false, kind, rt, rt + 1, rn, imm, u, p, wback, unpriv);
        if (rm == 15 || (dual && (rm == rt || rm == rt + 1))) return undef(insn, pc);
        return LoadStore.register(pc, 4, false, kind, rt, rt + 1, rn, rm, Alu.LSL, 0, u, p, wback, unpriv);
    }

    // ---- A5.3

    private Insn loadStoreWordByte(int insn, int pc) {
        boolean reg = bit(insn, 25);
        boolean p = bit(insn, 24), u = bit(insn, 23), b = bit(insn, 22), w = bit(insn, 21), l = bit(insn, 20);
        int rn = bits(insn, 19, 16), rt = bits(insn, 15, 12);
        boolean unpriv = !p && w;
        boolean wback = !p || w;
        Kind kind = l ? (b ? Kind.LDRB : Kind.LDR) : (b ? Kind.STRB : Kind.STR);
        if (wback && (rn == 15 || rn == rt)) return undef(insn, pc);
        if (b && rt == 15) return undef(insn, pc);
        if (!reg) return LoadStore.immediate(pc, 4, false, kind, rt, 0, rn, bits(insn, 11, 0), u, p, wback, unpriv);
        int rm = bits(insn, 3, 0), imm5 = bits(insn, 11, 7), type = bits(insn, 6, 5);
        if (rm == 15) return undef(insn, pc);
        return LoadStore.register(pc, 4, false, kind, rt, 0, rn, rm, Alu.immShiftType(type, imm5), Alu.immShiftAmount(type, imm5),
                u, p, wback, unpriv);
    }

    // ---- A5.4

    private Insn media(int insn, int pc) {
        int op1 = bits(insn, 24, 20), op2 = bits(insn, 7, 5);
        int rn = bits(insn, 19, 16), rd = bits(insn, 15, 12), rm = bits(insn, 3, 0);
        if ((op1 & 0b11000) == 0) {
            ParallelAddSub.Prefix prefix = switch (op1) {
                case 0b00001 -> ParallelAddSub.Prefix.S;
                case 0b00010 -> ParallelAddSub.Prefix.Q;
                case 0b00011 -> ParallelAddSub.Prefix.SH;
                case 0b00101 -> ParallelAddSub.Prefix.U;
                case 0b00110 -> ParallelAddSub.Prefix.UQ;
                case 0b00111 -> ParallelAddSub.Prefix.UH;
                default -> null;
            };
            ParallelAddSub.Op op = switch (op2) {
                case 0 -> ParallelAddSub.Op.ADD16;
                case 1 -> ParallelAddSub.Op.ASX;
                case 2 -> ParallelAddSub.Op.SAX;
                case 3 -> ParallelAddSub.Op.SUB16;
                case 4 -> ParallelAddSub.Op.ADD8;
                case 7 -> ParallelAddSub.Op.SUB8;
                default -> null;
            };
            if (prefix == null || op == null) return undef(insn, pc);
            return new ParallelAddSub(pc, 4, false, prefix, op, rd, rn, rm);
        }
        if ((op1 & 0b11000) == 0b01000) return packingSaturationReversal(insn, pc);
        if ((op1 & 0b11000) == 0b10000) return signedMultiply(insn, pc);
        int lsb = bits(insn, 11, 7), msbOrWidth = bits(insn, 20, 16);
        if (op1 == 0b11000 && op2 == 0) {
            return new Packing.Usad8(pc, 4, false, rn, rm, bits(insn, 11, 8), rd);
        }
        if ((op1 & 0b11110) == 0b11010 && (op2 & 3) == 2) {
            if (lsb + msbOrWidth > 31) return undef(insn, pc);
            return new BitOps.Extract(pc, 4, false, true, rd, rm, lsb, msbOrWidth + 1);
        }
        if ((op1 & 0b11110) == 0b11100 && (op2 & 3) == 0) {
            if (msbOrWidth < lsb) return undef(insn, pc);
            return new BitOps.Insert(pc, 4, false, rd, rm, lsb, msbOrWidth);
        }
        if ((op1 & 0b11110) == 0b11110 && (op2 & 3) == 2) {
            if (lsb + msbOrWidth > 31) return undef(insn, pc);
            return new BitOps.Extract(pc, 4, false, false, rd, rm, lsb, msbOrWidth + 1);
        }
        return undef(insn, pc);
    }

    private Insn packingSaturationReversal(int insn, int pc) {
        int op1 = bits(insn, 22, 20), op2 = bits(insn, 7, 5);
        int rn = bits(insn, 19, 16), rd = bits(insn, 15, 12), rm = bits(insn, 3, 0);
        int imm5 = bits(insn, 11, 7), rot = bits(insn, 11, 10) * 8;
        boolean sh = bit(insn, 6);
        if (op1 == 0 && (op2 & 1) == 0) {
            int type = sh ? Alu.ASR : Alu.LSL;
            return new Packing.Pkh(pc, 4, false, sh, rd, rn, rm, type, Alu.immShiftAmount(type, imm5));
        }
        if ((op1 & 0b110) == 0b010 && (op2 & 1) == 0) {
            int type = sh ? Alu.ASR : Alu.LSL;
            return new Saturation.Sat(pc, 4, false, false, false, rd, rm, bits(insn, 20, 16) + 1, type, Alu.immShiftAmount(type, imm5));
        }
        if ((op1 & 0b110) == 0b110 && (op2 & 1) == 0) {
            int type = sh ? Alu.ASR : Alu.LSL;
            return new Saturation.Sat(pc, 4, false, true, false, rd, rm, bits(insn, 20, 16), type, Alu.immShiftAmount(type, imm5));
        }
        Packing.ExtendKind ek = null;
        boolean signed = true;
        switch (op1 << 3 | op2) {
            case 0b000_011 -> ek = Packing.ExtendKind.B16;
            case 0b000_101 -> { return new Packing.Sel(pc, 4, false, rd, rn, rm); }
            case 0b010_001 -> { return new Saturation.Sat(pc, 4, false, false, true, rd, rm, bits(insn, 19, 16) + 1, Alu.LSL, 0); }
            case 0b010_011 -> ek = Packing.ExtendKind.B;
            case 0b011_001 -> { return new BitOps.OneReg(pc, 4, false, BitOps.Unary.REV, rd, rm); }
            case 0b011_011 -> ek = Packing.ExtendKind.H;
            case 0b011_101 -> { return new BitOps.OneReg(pc, 4, false, BitOps.Unary.REV16, rd, rm); }
            case 0b100_011 -> { ek = Packing.ExtendKind.B16; signed = false; }
            case 0b110_001 -> { return new Saturation.Sat(pc, 4, false, true, true, rd, rm, bits(insn, 19, 16), Alu.LSL, 0); }
            case 0b110_011 -> { ek = Packing.ExtendKind.B; signed = false; }
            case 0b111_001 -> { return new BitOps.OneReg(pc, 4, false, BitOps.Unary.RBIT, rd, rm); }
            case 0b111_011 -> { ek = Packing.ExtendKind.H; signed = false; }
            case 0b111_101 -> { return new BitOps.OneReg(pc, 4, false, BitOps.Unary.REVSH, rd, rm); }
            default -> { }
        }
        if (ek == null) return undef(insn, pc);
        return new Packing.Extend(pc, 4, false, signed, ek, rd, rn, rm, rot);
    }

    private Insn signedMultiply(int insn, int pc) {
        int op1 = bits(insn, 22, 20), op2 = bits(insn, 7, 5);
        int rd = bits(insn, 19, 16), ra = bits(insn, 15, 12), rm = bits(insn, 11, 8), rn = bits(insn, 3, 0);
        boolean x = bit(insn, 5);
        Op o = switch (op1 << 3 | (op2 & 0b110)) {
            case 0b000_000 -> ra == 15 ? Op.SMUAD : Op.SMLAD;
            case 0b000_010 -> ra == 15 ? Op.SMUSD : Op.SMLSD;
            case 0b100_000 -> Op.SMLALD;
            case 0b100_010 -> Op.SMLSLD;
            case 0b101_000 -> ra == 15 ? Op.SMMUL : Op.SMMLA;
            case 0b101_110 -> Op.SMMLS;
            default -> null;
        };
        if ((op1 == 1 || op1 == 3) && op2 == 0) o = op1 == 1 ? Op.SDIV : Op.UDIV;
        else if (o != null && (op1 == 1 || op1 == 3)) o = null;
        if (o == null || rd == 15 || rn == 15 || rm == 15) return undef(insn, pc);
        if ((o == Op.SMLALD || o == Op.SMLSLD) && (ra == 15 || ra == rd)) return undef(insn, pc);
        return new Multiply(pc, 4, false, o, rd, ra, rn, rm, false, false, x);
    }

    // ---- A5.5

    private Insn branchAndBlock(int insn, int pc) {
        if (bit(insn, 25)) {
            int target = pc + 8 + ((insn << 8) >> 6);
            return new Branch.Imm(pc, 4, false, target, bit(insn, 24), false);
        }
        boolean p = bit(insn, 24), u = bit(insn, 23), s = bit(insn, 22), w = bit(insn, 21), l = bit(insn, 20);
        int rn = bits(insn, 19, 16), list = bits(insn, 15, 0);
        if (rn == 15 || list == 0) return undef(insn, pc);
        if (s && w && (!l || (list & 0x8000) == 0)) return undef(insn, pc);
        if (l && w && (list & (1 << rn)) != 0) return undef(insn, pc);
        return new LoadStoreMultiple(pc, 4, false, l, u, p, w, s, rn, list);
    }

    // ---- A5.6

    private Insn coprocessorAndSvc(int insn, int pc) {
        int op1 = bits(insn, 25, 20), coproc = bits(insn, 11, 8);
        if ((op1 & 0b110000) == 0b110000) return new SystemInsn.Svc(pc, 4, false, bits(insn, 23, 0));
        if ((op1 & 0b111110) == 0) return undef(insn, pc);
        if ((coproc & 0b1110) == 0b1010) {
            for (ExtensionDecoder e : extensions) {
                Insn d = e.decodeA32(insn, pc);
                if (d != null) return d;
            }
            return undef(insn, pc);
        }
        Insn d = coprocessors.decode(insn, pc, false);
        return d != null ? d : undef(insn, pc);
    }

    // ---- A5.7

    private Insn unconditional(int insn, int pc) {
        int op1 = bits(insn, 27, 20);
        if ((op1 & 0x80) == 0) return unconditionalMisc(insn, pc);
        if ((op1 & 0b11100101) == 0b10000100) {
            return new StatusRegister.Srs(pc, 4, false, bit(insn, 23), bit(insn, 24), bit(insn, 21), bits(insn, 4, 0));
        }
        if ((op1 & 0b11100101) == 0b10000001) {
            int rn = bits(insn, 19, 16);
            if (rn == 15) return undef(insn, pc);
            return new StatusRegister.Rfe(pc, 4, false, bit(insn, 23), bit(insn, 24), bit(insn, 21), rn);
        }
        if ((op1 & 0b11100000) == 0b10100000) {
            int target = pc + 8 + (((insn << 8) >> 6) | (bit(insn, 24) ? 2 : 0));
            return new Branch.Imm(pc, 4, false, target, true, true);
        }
        return undef(insn, pc);
    }

    private Insn unconditionalMisc(int insn, int pc) {
        int op1 = bits(insn, 26, 20), op2 = bits(insn, 7, 4), rn = bits(insn, 19, 16);
        if (op1 == 0b0010000) {
            if ((op2 & 0b0010) == 0 && (rn & 1) == 0 && !bit(insn, 16)) {
                int imod = bits(insn, 19, 18);
                boolean m = bit(insn, 17);
                if (imod == 1 || (imod == 0 && !m)) return undef(insn, pc);
                return new StatusRegister.Cps(pc, 4, false, imod, bit(insn, 8), bit(insn, 7), bit(insn, 6), m, bits(insn, 4, 0));
            }
            if (op2 == 0 && (rn & 1) == 1) return new StatusRegister.SetEnd(pc, 4, false, bit(insn, 9));
            return undef(insn, pc);
        }
        if ((op1 & 0b1100000) == 0b0100000 || (op1 & 0b1110001) == 0b1000000) {
            for (ExtensionDecoder e : extensions) {
                Insn d = e.decodeA32(insn, pc);
                if (d != null) return d;
            }
            return undef(insn, pc);
        }
        if (op1 == 0b1010111) {
            return switch (op2) {
                case 1 -> new Exclusive(pc, 4, false, Exclusive.Op.CLREX, 0, 0, 0, 0, 0);
                case 4 -> new SystemInsn.Nop(pc, 4, false, "DSB");
                case 5 -> new SystemInsn.Nop(pc, 4, false, "DMB");
                case 6 -> new SystemInsn.Isb(pc, 4, false);
                default -> undef(insn, pc);
            };
        }
        // Memory hints: PLI, PLD, PLDW and the unallocated hints behave as NOPs.
        if ((op1 & 0b1110011) == 0b1000001 || (op1 & 0b1110011) == 0b1010001) return new SystemInsn.Nop(pc, 4, false, "PLx");
        if (((op1 & 0b1110011) == 0b1100001 || (op1 & 0b1110011) == 0b1110001) && (op2 & 1) == 0)
            return new SystemInsn.Nop(pc, 4, false, "PLx");
        return undef(insn, pc);
    }
}
