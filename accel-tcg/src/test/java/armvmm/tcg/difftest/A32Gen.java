package armvmm.tcg.difftest;

/**
 * Random A32 integer instructions whose result the architecture defines (no UNPREDICTABLE forms:
 * no PC or SP operands, writeback never to a transfer register, multiply destinations distinct, ...).
 * Encodings as in the ARM ARM's A32 tables (A5.2 data processing, A5.3 load/store, A5.4 media).
 */
final class A32Gen {
    private A32Gen() {}

    static int next(GenContext g) {
        return switch (g.rnd.nextInt(16)) {
            case 0, 1 -> dataProcImm(g);
            case 2, 3 -> dataProcReg(g);
            case 4 -> dataProcRegShiftReg(g);
            case 5 -> multiply(g);
            case 6 -> halfwordMultiplyAndSaturate(g);
            case 7 -> parallelAddSub(g);
            case 8 -> media(g);
            case 9 -> bitfieldAndMisc(g);
            case 10, 11 -> loadStoreWordByte(g);
            case 12 -> loadStoreExtra(g);
            case 13 -> loadStoreMultiple(g);
            case 14 -> statusAndMoves(g);
            default -> signedMultiplyDivide(g);
        };
    }

    static int dataProcImm(GenContext g) {
        int op = g.bits(4), s = g.bit(), rn = g.rs(), rd = g.rd();
        if (op >= 8 && op <= 11) { s = 1; rd = 0; }
        if (op == 13 || op == 15) rn = 0;
        return g.cond() << 28 | 1 << 25 | op << 21 | s << 20 | rn << 16 | rd << 12 | g.bits(12);
    }

    static int dataProcReg(GenContext g) {
        int op = g.bits(4), s = g.bit(), rn = g.rs(), rd = g.rd();
        if (op >= 8 && op <= 11) { s = 1; rd = 0; }
        if (op == 13 || op == 15) rn = 0;
        return g.cond() << 28 | op << 21 | s << 20 | rn << 16 | rd << 12 | g.bits(5) << 7 | g.bits(2) << 5 | g.rs();
    }

    static int dataProcRegShiftReg(GenContext g) {
        int op = g.bits(4), s = g.bit(), rn = g.rs(), rd = g.rd();
        if (op >= 8 && op <= 11) { s = 1; rd = 0; }
        if (op == 13 || op == 15) rn = 0;
        return g.cond() << 28 | op << 21 | s << 20 | rn << 16 | rd << 12 | g.rs() << 8 | g.bits(2) << 5 | 1 << 4 | g.rs();
    }

    static int multiply(GenContext g) {
        int c = g.cond() << 28;
        return switch (g.rnd.nextInt(5)) {
            case 0 -> c | g.bit() << 20 | g.rd() << 16 | g.rs() << 8 | 0x90 | g.rs(); // MUL{S}
            case 1 -> c | 1 << 21 | g.bit() << 20 | g.rd() << 16 | g.rs() << 12 | g.rs() << 8 | 0x90 | g.rs(); // MLA{S}
            case 2 -> c | 0x6 << 20 | g.rd() << 16 | g.rs() << 12 | g.rs() << 8 | 0x90 | g.rs(); // MLS
            case 3 -> {
                int[] p = g.rdPair(); // UMULL/UMLAL/SMULL/SMLAL{S}
                yield c | 1 << 23 | g.bits(2) << 21 | g.bit() << 20 | p[0] << 16 | p[1] << 12 | g.rs() << 8 | 0x90 | g.rs();
            }
            default -> {
                int[] p = g.rdPair(); // UMAAL
                yield c | 0x4 << 20 | p[0] << 16 | p[1] << 12 | g.rs() << 8 | 0x90 | g.rs();
            }
        };
    }

    static int halfwordMultiplyAndSaturate(GenContext g) {
        int c = g.cond() << 28 | 1 << 24;
        return switch (g.rnd.nextInt(6)) {
            case 0 -> c | g.rd() << 16 | g.rs() << 12 | g.rs() << 8 | 1 << 7 | g.bits(2) << 5 | g.rs(); // SMLA<x><y>
            case 1 -> c | 0x2 << 20 | g.rd() << 16 | g.rs() << 12 | g.rs() << 8 | 1 << 7 | g.bit() << 6 | g.rs(); // SMLAW<y>
            case 2 -> c | 0x2 << 20 | g.rd() << 16 | g.rs() << 8 | 1 << 7 | g.bit() << 6 | 1 << 5 | g.rs(); // SMULW<y>
            case 3 -> {
                int[] p = g.rdPair(); // SMLAL<x><y>
                yield c | 0x4 << 20 | p[0] << 16 | p[1] << 12 | g.rs() << 8 | 1 << 7 | g.bits(2) << 5 | g.rs();
            }
            case 4 -> c | 0x6 << 20 | g.rd() << 16 | g.rs() << 8 | 1 << 7 | g.bits(2) << 5 | g.rs(); // SMUL<x><y>
            default -> c | g.bits(2) << 21 | g.rs() << 16 | g.rd() << 12 | 0x50 | g.rs(); // QADD/QSUB/QDADD/QDSUB
        };
    }

    static int parallelAddSub(GenContext g) {
        int op1 = g.pick(1, 2, 3, 5, 6, 7), op2 = g.pick(0, 1, 2, 3, 4, 7);
        return g.cond() << 28 | 0x6 << 24 | op1 << 20 | g.rs() << 16 | g.rd() << 12 | 0xf << 8 | op2 << 5 | 1 << 4 | g.rs();
    }

    static int media(GenContext g) {
        int c = g.cond() << 28;
        return switch (g.rnd.nextInt(8)) {
            case 0 -> c | 0x68 << 20 | g.rs() << 16 | g.rd() << 12 | g.bits(5) << 7 | g.bit() << 6 | 1 << 4 | g.rs(); // PKHBT/PKHTB
            case 1 -> { // SXTA*/UXTA* and SXT*/UXT* (Rn = 1111)
                int op = g.pick(0x68, 0x6a, 0x6b, 0x6c, 0x6e, 0x6f);
                int rn = g.rnd.nextInt(3) == 0 ? 15 : g.rs();
                yield c | op << 20 | rn << 16 | g.rd() << 12 | g.bits(2) << 10 | 0x7 << 4 | g.rs();
            }
            case 2 -> c | 0x68 << 20 | g.rs() << 16 | g.rd() << 12 | 0xf << 8 | 0xb << 4 | g.rs(); // SEL
            case 3 -> c | 0x6a << 20 | g.bit() << 22 | g.bits(5) << 16 | g.rd() << 12 | g.bits(5) << 7 | g.bit() << 6 | 1 << 4 | g.rs(); // SSAT/USAT
            case 4 -> c | (g.bit() == 0 ? 0x6a : 0x6e) << 20 | g.bits(4) << 16 | g.rd() << 12 | 0xf3 << 4 | g.rs(); // SSAT16/USAT16
            case 5 -> { // REV, REV16, RBIT, REVSH
                int[] f = g.rnd.nextBoolean() ? new int[] {0x6b, g.pick(3, 0xb)} : new int[] {0x6f, g.pick(3, 0xb)};
                yield c | f[0] << 20 | 0xf << 16 | g.rd() << 12 | 0xf << 8 | f[1] << 4 | g.rs();
            }
            case 6 -> c | 0x78 << 20 | g.rd() << 16 | (g.bit() == 0 ? 15 : g.rs()) << 12 | g.rs() << 8 | 1 << 4 | g.rs(); // USAD8/USADA8
            default -> c | 0x16 << 20 | 0xf << 16 | g.rd() << 12 | 0xf << 8 | 1 << 4 | g.rs(); // CLZ
        };
    }

    static int signedMultiplyDivide(GenContext g) {
        int c = g.cond() << 28 | 0x7 << 24;
        return switch (g.rnd.nextInt(5)) {
            case 0 -> c | g.rd() << 16 | (g.bit() == 0 ? 15 : g.rs()) << 12 | g.rs() << 8 | g.bit() << 6 | g.bit() << 5 | 1 << 4 | g.rs(); // SMLAD/SMLSD/SMUAD/SMUSD
            case 1 -> {
                int[] p = g.rdPair(); // SMLALD/SMLSLD
                yield c | 0x4 << 20 | p[0] << 16 | p[1] << 12 | g.rs() << 8 | g.bit() << 6 | g.bit() << 5 | 1 << 4 | g.rs();
            }
            case 2 -> c | (g.bit() == 0 ? 0x1 : 0x3) << 20 | g.rd() << 16 | 0xf << 12 | g.rs() << 8 | 1 << 4 | g.rs(); // SDIV/UDIV
            case 3 -> c | 0x5 << 20 | g.rd() << 16 | (g.bit() == 0 ? 15 : g.rs()) << 12 | g.rs() << 8 | g.bit() << 5 | 1 << 4 | g.rs(); // SMMLA/SMMUL{R}
            default -> c | 0x5 << 20 | g.rd() << 16 | g.rs() << 12 | g.rs() << 8 | 0x3 << 6 | g.bit() << 5 | 1 << 4 | g.rs(); // SMMLS{R}
        };
    }

    static int bitfieldAndMisc(GenContext g) {
        int c = g.cond() << 28;
        int lsb = g.rnd.nextInt(32);
        switch (g.rnd.nextInt(3)) {
            case 0: { // BFC / BFI
                int msb = lsb + g.rnd.nextInt(32 - lsb);
                int rn = g.bit() == 0 ? 15 : g.rs();
                return c | 0x7c << 20 | msb << 16 | g.rd() << 12 | lsb << 7 | 1 << 4 | rn;
            }
            case 1: { // SBFX / UBFX
                int widthm1 = g.rnd.nextInt(32 - lsb);
                return c | (g.bit() == 0 ? 0x7a : 0x7e) << 20 | widthm1 << 16 | g.rd() << 12 | lsb << 7 | 0x5 << 4 | g.rs();
            }
            default: // MOVW / MOVT
                return c | (g.bit() == 0 ? 0x30 : 0x34) << 20 | g.bits(4) << 16 | g.rd() << 12 | g.bits(12);
        }
    }

    static int statusAndMoves(GenContext g) {
        int c = g.cond() << 28;
        return switch (g.rnd.nextInt(3)) {
            case 0 -> c | 0x10f << 16 | g.rd() << 12; // MRS Rd, APSR
            case 1 -> c | 0x32 << 20 | g.pick(8, 4, 12) << 16 | 0xf << 12 | g.bits(12); // MSR APSR_<nzcvq|g|nzcvqg>, #imm
            default -> c | 0x12 << 20 | g.pick(8, 4, 12) << 16 | 0xf << 12 | g.rs(); // MSR APSR_*, Rn
        };
    }

    /** LDR/STR/LDRB/STRB, immediate or register offset, offset/pre-indexed/post-indexed. */
    static int loadStoreWordByte(GenContext g) {
        int load = g.bit(), b = g.bit(), p = g.bit(), u = g.bit(), w = p == 1 ? g.bit() : 0;
        int rt = g.rd(); // never the base (writeback) nor the index register
        int c = g.cond() << 28 | p << 24 | u << 23 | b << 22 | w << 21 | load << 20 | g.base << 16 | rt << 12;
        if (g.bit() == 0) return c | 1 << 26 | g.bits(8); // imm12 kept small: the base stays inside the block
        return c | 3 << 25 | g.bits(1) << 7 | g.index; // Rm = index, LSL #0 or #1
    }

    /** LDRH/STRH/LDRSB/LDRSH and LDRD/STRD, immediate or register offset. */
    static int loadStoreExtra(GenContext g) {
        int p = g.bit(), u = g.bit(), w = p == 1 ? g.bit() : 0, imm = g.bit();
        int kind = g.rnd.nextInt(5); // 0 STRH 1 LDRH 2 LDRSB 3 LDRSH 4 LDRD/STRD
        int load, op2, rt;
        if (kind == 4) {
            rt = g.rdEven();
            if (rt < 0) return loadStoreWordByte(g);
            load = 0;
            op2 = g.bit() == 0 ? 2 : 3; // LDRD : STRD
        } else {
            load = kind == 0 ? 0 : 1;
            op2 = kind == 0 || kind == 1 ? 1 : kind;
            rt = g.rd();
        }
        int c = g.cond() << 28 | p << 24 | u << 23 | imm << 22 | w << 21 | load << 20 | g.base << 16 | rt << 12 | 1 << 7 | op2 << 5 | 1 << 4;
        if (imm == 1) {
            int off = kind == 4 ? g.bits(6) << 2 : g.bits(8);
            return c | (off >> 4) << 8 | (off & 15);
        }
        return c | g.index;
    }

    /** LDM/STM in the four addressing modes, with or without writeback. */
    static int loadStoreMultiple(GenContext g) {
        int load = g.bit(), mode = g.bits(2), w = g.bit();
        int list = g.regList(false);
        return g.cond() << 28 | 0x8 << 24 | mode << 23 | w << 21 | load << 20 | g.base << 16 | list;
    }
}
