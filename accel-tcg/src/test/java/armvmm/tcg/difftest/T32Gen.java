package armvmm.tcg.difftest;

import java.io.ByteArrayOutputStream;

/**
 * Random T32 (Thumb-2) integer instructions whose result the architecture defines, including IT blocks.
 * Base and index registers are low registers (see {@link GenContext}), so the 16-bit load/store forms can
 * use them. Encodings as in the ARM ARM's T32 tables (A6.2 16-bit, A6.3 32-bit).
 */
final class T32Gen {
    private T32Gen() {}

    /** Appends one instruction, or an IT block with its 1-4 conditional instructions. */
    static void next(GenContext g, ByteArrayOutputStream out) {
        if (g.rnd.nextInt(8) == 0) {
            itBlock(g, out);
            return;
        }
        emit(out, g.rnd.nextInt(3) == 0 ? narrow(g) : wide(g));
    }

    static void emit(ByteArrayOutputStream out, long insn) {
        if (insn >>> 16 != 0 || (insn & 0xf800) >= 0xe800) { // 32-bit: first halfword in the high half
            int hw1 = (int) (insn >>> 16), hw2 = (int) insn & 0xffff;
            out.write(hw1);
            out.write(hw1 >>> 8);
            out.write(hw2);
            out.write(hw2 >>> 8);
        } else {
            out.write((int) insn);
            out.write((int) insn >>> 8);
        }
    }

    static void itBlock(GenContext g, ByteArrayOutputStream out) {
        int firstcond = g.rnd.nextInt(14);
        int len = 1 + g.rnd.nextInt(4);
        // mask: for each following instruction a then/else bit (x), then a terminating 1.
        int mask = 0;
        for (int i = 1; i < len; i++) {
            int cond0 = g.bit() == 1 ? firstcond & 1 : (firstcond & 1) ^ 1; // then: firstcond[0]; else: its inverse
            mask |= cond0 << (4 - i);
        }
        mask |= 1 << (4 - len);
        // AL may only be used with all-then (no else) blocks: excluded above by firstcond < 14.
        emit(out, 0xbf00 | firstcond << 4 | mask);
        for (int i = 0; i < len; i++) emit(out, g.rnd.nextInt(3) == 0 ? narrowInIt(g) : wide(g));
    }

    /** 16-bit instructions; inside IT the flag-setting forms do not set flags (the CPU must know). */
    static long narrow(GenContext g) {
        return switch (g.rnd.nextInt(12)) {
            case 0 -> g.bits(2) % 3 << 11 | g.bits(5) << 6 | g.rsLow() << 3 | g.rdLow(); // LSL/LSR/ASR imm
            case 1 -> 0x1800 | g.bits(2) << 9 | g.rsLow() << 6 | g.rsLow() << 3 | g.rdLow(); // ADD/SUB reg / imm3
            case 2 -> {
                int op = g.bits(2); // MOV, CMP, ADD, SUB imm8
                int rd = op == 1 ? g.rsLow() : g.rdLow();
                yield 0x2000 | op << 11 | rd << 8 | g.bits(8);
            }
            case 3 -> {
                int op = g.bits(4); // data processing register; TST/CMP/CMN (8, 10, 11) only read
                int rdn = op == 8 || op == 10 || op == 11 ? g.rsLow() : g.rdLow();
                yield 0x4000 | op << 6 | g.rsLow() << 3 | rdn;
            }
            case 4 -> hiRegister(g);
            case 5, 6 -> loadStoreRegister(g);
            case 7, 8 -> loadStoreImmediate(g);
            case 9 -> 0xb200 | g.bits(2) << 6 | g.rsLow() << 3 | g.rdLow(); // SXTH/SXTB/UXTH/UXTB
            case 10 -> 0xba00 | g.pick(0, 1, 3) << 6 | g.rsLow() << 3 | g.rdLow(); // REV/REV16/REVSH
            default -> 0xc000 | g.bit() << 11 | g.base << 8 | g.regList(true) & 0xff; // STM/LDM (writeback)
        };
    }

    static long narrowInIt(GenContext g) {
        return narrow(g);
    }

    static long hiRegister(GenContext g) {
        int op = g.pick(0, 1, 2); // ADD, CMP, MOV (no SP/PC)
        int rm = g.rs();
        int rdn = op == 1 ? g.rs() : g.rd();
        if (op == 1 && rdn < 8 && rm < 8) rm = g.pick(8, 9, 10, 11, 12, 14); // CMP needs a high register
        return 0x4400 | op << 8 | (rdn >> 3) << 7 | rm << 3 | (rdn & 7);
    }

    static long loadStoreRegister(GenContext g) {
        int op = g.bits(3); // STR STRH STRB LDRSB LDR LDRH LDRB LDRSH
        int rt = g.rdLow();
        return 0x5000 | op << 9 | g.index << 6 | g.base << 3 | rt;
    }

    static long loadStoreImmediate(GenContext g) {
        int rt = g.rdLow();
        return switch (g.rnd.nextInt(3)) {
            case 0 -> 0x6000 | g.bit() << 11 | g.bits(5) << 6 | g.base << 3 | rt; // STR/LDR imm5*4
            case 1 -> 0x7000 | g.bit() << 11 | g.bits(5) << 6 | g.base << 3 | rt; // STRB/LDRB imm5
            default -> 0x8000 | g.bit() << 11 | g.bits(5) << 6 | g.base << 3 | rt; // STRH/LDRH imm5*2
        };
    }

    /** 32-bit instructions, returned as hw1 << 16 | hw2. */
    static long wide(GenContext g) {
        return switch (g.rnd.nextInt(12)) {
            case 0, 1 -> modifiedImmediate(g);
            case 2 -> plainImmediate(g);
            case 3, 4 -> shiftedRegister(g);
            case 5 -> registerOps(g);
            case 6 -> multiply(g);
            case 7 -> longMultiplyDivide(g);
            case 8, 9 -> loadStore(g);
            case 10 -> loadStoreDualMultiple(g);
            default -> parallel(g);
        };
    }

    static long w(int hw1, int hw2) { return (long) hw1 << 16 | (hw2 & 0xffff); }

    static long modifiedImmediate(GenContext g) {
        int op = g.pick(0, 1, 2, 3, 4, 8, 10, 11, 13, 14), s = g.bit(), rn = g.rs(), rd = g.rd();
        boolean compare = false;
        if ((op == 0 || op == 4 || op == 8 || op == 13) && g.rnd.nextInt(4) == 0) { // TST, TEQ, CMN, CMP
            rd = 15;
            s = 1;
            compare = true;
        }
        if ((op == 2 || op == 3) && g.rnd.nextInt(3) == 0) rn = 15; // MOV, MVN
        if (!compare && rd == 15) rd = 0;
        int i = g.bit(), imm3 = g.bits(3), imm8 = g.bits(8);
        if (i == 0 && (imm3 & 4) == 0 && imm3 != 0 && imm8 == 0) imm8 = 1; // a zero byte in a replicated pattern is UNPREDICTABLE
        return w(0xf000 | i << 10 | op << 5 | s << 4 | rn, imm3 << 12 | rd << 8 | imm8);
    }

    static long plainImmediate(GenContext g) {
        int rd = g.rd(), i = g.bit(), imm3 = g.bits(3), imm8 = g.bits(8);
        switch (g.rnd.nextInt(6)) {
            case 0: return w((g.bit() == 0 ? 0xf200 : 0xf2a0) | i << 10 | g.rs(), imm3 << 12 | rd << 8 | imm8); // ADDW/SUBW
            case 1: return w(0xf240 | i << 10 | g.bit() << 7 | g.bits(4), imm3 << 12 | rd << 8 | imm8); // MOVW/MOVT
            case 2: { // SSAT/USAT with shift
                int sh = g.bit(), imm = g.bits(5);
                if (sh == 1 && imm == 0) imm = 1; // sh=1, imm=0 is SSAT16/USAT16
                return w(0xf300 | g.bit() << 7 | sh << 5 | g.rs(), (imm >> 2) << 12 | rd << 8 | (imm & 3) << 6 | g.bits(5));
            }
            case 3: return w(0xf320 | g.bit() << 7 | g.rs(), rd << 8 | g.bits(4)); // SSAT16/USAT16
            case 4: { // SBFX/UBFX
                int lsb = g.rnd.nextInt(32), widthm1 = g.rnd.nextInt(32 - lsb);
                return w(0xf340 | g.bit() << 7 | g.rs(), (lsb >> 2) << 12 | rd << 8 | (lsb & 3) << 6 | widthm1);
            }
            default: { // BFI/BFC
                int lsb = g.rnd.nextInt(32), msb = lsb + g.rnd.nextInt(32 - lsb);
                int rn = g.bit() == 0 ? 15 : g.rs();
                return w(0xf360 | rn, (lsb >> 2) << 12 | rd << 8 | (lsb & 3) << 6 | msb);
            }
        }
    }

    static long shiftedRegister(GenContext g) {
        int op = g.pick(0, 1, 2, 3, 4, 8, 10, 11, 13, 14), s = g.bit(), rn = g.rs(), rd = g.rd();
        if ((op == 0 || op == 4 || op == 8 || op == 13) && g.rnd.nextInt(4) == 0) {
            rd = 15;
            s = 1;
        }
        if ((op == 2 || op == 3) && g.rnd.nextInt(3) == 0) rn = 15; // MOV/MVN (shifts)
        int imm = g.bits(5);
        return w(0xea00 | op << 5 | s << 4 | rn, (imm >> 2) << 12 | rd << 8 | (imm & 3) << 6 | g.bits(2) << 4 | g.rs());
    }

    static long registerOps(GenContext g) {
        int rd = g.rd();
        switch (g.rnd.nextInt(6)) {
            case 0: return w(0xfa00 | g.bits(2) << 5 | g.bit() << 4 | g.rs(), 0xf000 | rd << 8 | g.rs()); // LSL/LSR/ASR/ROR reg
            case 1: { // SXTAH..UXTB (Rn = 15: no add)
                int op = g.pick(0, 1, 2, 3, 4, 5);
                int rn = g.bit() == 0 ? 15 : g.rs();
                return w(0xfa00 | op << 4 | rn, 0xf080 | rd << 8 | g.bits(2) << 4 | g.rs());
            }
            case 2: { // REV, REV16, RBIT, REVSH (Rm twice)
                int rm = g.rs();
                return w(0xfa90 | rm, 0xf080 | rd << 8 | g.bits(2) << 4 | rm);
            }
            case 3: { int rm = g.rs(); return w(0xfab0 | rm, 0xf080 | rd << 8 | rm); } // CLZ
            case 4: return w(0xfaa0 | g.rs(), 0xf080 | rd << 8 | g.rs()); // SEL
            default: return w(0xfa80 | g.rs(), 0xf080 | rd << 8 | g.bits(2) << 4 | g.rs()); // QADD/QDADD/QSUB/QDSUB
        }
    }

    static long parallel(GenContext g) {
        int op1 = g.pick(0, 1, 2, 4, 5, 6), prefix = g.bits(2) % 3, unsigned = g.bit();
        return w(0xfa80 | op1 << 4 | g.rs(), 0xf000 | g.rd() << 8 | unsigned << 6 | prefix << 4 | g.rs());
    }

    static long multiply(GenContext g) {
        int rd = g.rd(), rn = g.rs(), rm = g.rs(), ra = g.bit() == 0 ? 15 : g.rs();
        return switch (g.rnd.nextInt(8)) {
            case 0 -> w(0xfb00 | rn, ra << 12 | rd << 8 | rm); // MLA / MUL
            case 1 -> w(0xfb00 | rn, g.rs() << 12 | rd << 8 | 1 << 4 | rm); // MLS
            case 2 -> w(0xfb10 | rn, ra << 12 | rd << 8 | g.bits(2) << 4 | rm); // SMLA<x><y> / SMUL<x><y>
            case 3 -> w(0xfb20 | rn, ra << 12 | rd << 8 | g.bit() << 4 | rm); // SMLAD / SMUAD
            case 4 -> w(0xfb30 | rn, ra << 12 | rd << 8 | g.bit() << 4 | rm); // SMLAW<y> / SMULW<y>
            case 5 -> w(0xfb40 | rn, ra << 12 | rd << 8 | g.bit() << 4 | rm); // SMLSD / SMUSD
            case 6 -> w(0xfb50 | rn, ra << 12 | rd << 8 | g.bit() << 4 | rm); // SMMLA / SMMUL
            default -> w(0xfb70 | rn, ra << 12 | rd << 8 | rm); // USADA8 / USAD8
        };
    }

    static long longMultiplyDivide(GenContext g) {
        int[] p = g.rdPair();
        int rn = g.rs(), rm = g.rs();
        return switch (g.rnd.nextInt(8)) {
            case 0 -> w(0xfb80 | rn, p[0] << 12 | p[1] << 8 | rm); // SMULL
            case 1 -> w(0xfb90 | rn, 0xf0f0 | p[0] << 8 | rm); // SDIV
            case 2 -> w(0xfba0 | rn, p[0] << 12 | p[1] << 8 | rm); // UMULL
            case 3 -> w(0xfbb0 | rn, 0xf0f0 | p[0] << 8 | rm); // UDIV
            case 4 -> w(0xfbc0 | rn, p[0] << 12 | p[1] << 8 | rm); // SMLAL
            case 5 -> w(0xfbc0 | rn, p[0] << 12 | p[1] << 8 | 0x80 | g.bits(2) << 4 | rm); // SMLAL<x><y>
            case 6 -> w(0xfbc0 | g.bit() << 4 | rn, p[0] << 12 | p[1] << 8 | 0xc0 | g.bit() << 4 | rm); // SMLALD / SMLSLD
            default -> w(0xfbe0 | rn, p[0] << 12 | p[1] << 8 | g.pick(0, 0x60) | rm); // UMLAL / UMAAL
        };
    }

    static long loadStore(GenContext g) {
        int rt = g.rd();
        int kind = g.rnd.nextInt(7); // STRB STRH STR LDRB LDRH LDR LDRSB/LDRSH
        int size, load, sign = 0;
        switch (kind) {
            case 0, 1, 2 -> { size = kind; load = 0; }
            case 3, 4, 5 -> { size = kind - 3; load = 1; }
            default -> { size = g.bit(); load = 1; sign = 1; }
        }
        int hw1 = 0xf800 | sign << 8 | size << 5 | load << 4 | g.base;
        return switch (g.rnd.nextInt(3)) {
            case 0 -> w(hw1 | 1 << 7, rt << 12 | g.bits(8)); // imm12 (kept small)
            case 1 -> { // imm8 with P/U/W: offset, pre-indexed or post-indexed (never P=0 W=0, nor the T form P=1 U=1 W=0)
                int puw = g.pick(0b100, 0b101, 0b111, 0b001, 0b011);
                yield w(hw1, rt << 12 | 1 << 11 | puw << 8 | g.bits(8));
            }
            default -> w(hw1, rt << 12 | g.bits(2) << 4 | g.index); // register, LSL #0-3
        };
    }

    static long loadStoreDualMultiple(GenContext g) {
        switch (g.rnd.nextInt(3)) {
            case 0: { // LDRD/STRD imm8*4, offset/pre/post
                int[] p = g.rdPair();
                int puw = g.pick(0b100, 0b101, 0b111, 0b011, 0b001);
                int pp = puw >> 2, u = (puw >> 1) & 1, wb = puw & 1;
                return w(0xe840 | pp << 8 | u << 7 | wb << 5 | g.bit() << 4 | g.base, p[0] << 12 | p[1] << 8 | g.bits(6));
            }
            case 1: { // LDM/STM IA or DB, with or without writeback; at least two registers
                int list = g.regList(false);
                if (Integer.bitCount(list) < 2) list |= 1 << g.free[0] | 1 << g.free[1];
                int db = g.bit();
                return w((db == 1 ? 0xe900 : 0xe880) | g.bit() << 5 | g.bit() << 4 | g.base, list & 0x5fff);
            }
            default: { // LDREX/STREX pair at the (word-aligned) base
                return w(0xe850 | g.base, g.rd() << 12 | 0xf00);
            }
        }
    }
}
