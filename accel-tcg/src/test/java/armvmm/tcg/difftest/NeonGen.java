package armvmm.tcg.difftest;

/**
 * Random Advanced SIMD instructions (A32 encodings, ARM ARM A7.4): three registers of the same length
 * (integer and float), shifts by immediate, two-register miscellaneous, VEXT, VDUP, VTBL, modified
 * immediates, and VLD1/VST1 on the data block. Q-register forms always name even D registers; sizes the
 * encoding reserves are not generated.
 */
final class NeonGen {
    private NeonGen() {}

    static int next(GenContext g) {
        return switch (g.rnd.nextInt(10)) {
            case 0, 1, 2 -> threeSameInteger(g);
            case 3 -> threeSameFloat(g);
            case 4 -> shiftImmediate(g);
            case 5 -> twoRegisterMisc(g);
            case 6 -> permute(g);
            case 7 -> modifiedImmediate(g);
            case 8 -> threeDifferent(g);
            default -> loadStoreMultiple(g);
        };
    }

    /** D, N, M register fields; for Q forms the numbers are made even. */
    static int regs(boolean q, int vd, int vn, int vm) {
        if (q) { vd &= ~1; vn &= ~1; vm &= ~1; }
        return (vd >> 4) << 22 | (vd & 15) << 12 | (vn >> 4) << 7 | (vn & 15) << 16 | (vm >> 4) << 5 | (vm & 15);
    }

    static int r(GenContext g) { return g.rnd.nextInt(32); }

    static int threeSameInteger(GenContext g) {
        int u = g.bit(), size = g.bits(2), q = g.bit();
        int opc = g.rnd.nextInt(12), o1 = g.bit();
        if (opc == 1 && o1 == 1) size = g.bits(2); // logic ops: size selects the operation
        // Forms with reserved sizes: VQDMULH/VQRDMULH (1011,0) need 16/32; VMUL polynomial (1001,1,U=1) needs 8;
        // VPADD (1011,1) needs U=0; VPMAX/VPMIN and VMLA/VMUL have no 64-bit size.
        if (opc == 11) {
            if (o1 == 0) size = 1 + g.bit();
            else { u = 0; if (size == 3) size = 2; q = 0; }
        }
        if (opc == 9 && o1 == 1 && u == 1) size = 0;
        if ((opc == 9 || opc == 10 || opc == 6 || opc == 7 || opc == 3 || opc == 0 && o1 == 0 || opc == 1 && o1 == 0 || opc == 2 && o1 == 0) && size == 3) size = 2;
        if (opc == 8 && o1 == 1 && size == 3) size = 2;
        if (opc == 10) q = 0; // pairwise max/min: D only
        return 0xf2000000 | u << 24 | size << 20 | opc << 8 | q << 6 | o1 << 4 | regs(q == 1, r(g), r(g), r(g));
    }

    static int threeSameFloat(GenContext g) {
        // {opc, o1, U, bit21}
        int[][] ops = {{13, 0, 0, 0}, {13, 0, 0, 1}, {13, 0, 1, 0}, {13, 0, 1, 1}, {13, 1, 0, 0}, {13, 1, 0, 1}, {13, 1, 1, 0},
                {14, 0, 0, 0}, {14, 0, 1, 0}, {14, 0, 1, 1}, {14, 1, 1, 0}, {14, 1, 1, 1}, {15, 0, 0, 0}, {15, 0, 0, 1},
                {15, 0, 1, 0}, {15, 0, 1, 1}, {15, 1, 0, 0}, {15, 1, 0, 1}, {12, 1, 0, 0}, {12, 1, 0, 1}};
        int[] op = ops[g.rnd.nextInt(ops.length)];
        int q = g.bit();
        if (op[0] == 15 && op[1] == 0 && op[2] == 1 || op[0] == 13 && op[1] == 0 && op[2] == 1 && op[3] == 0) q = 0; // pairwise: D only
        return 0xf2000000 | op[2] << 24 | op[3] << 21 | op[0] << 8 | q << 6 | op[1] << 4 | regs(q == 1, r(g), r(g), r(g));
    }

    static int shiftImmediate(GenContext g) {
        int u = g.bit(), q = g.bit(), l = g.rnd.nextInt(8) == 0 ? 1 : 0;
        int imm6 = l == 1 ? g.bits(6) : 8 + g.rnd.nextInt(56); // L=0, imm6<8 is the modified-immediate space
        int opc = g.pick(0, 1, 2, 3, 4, 5, 6, 7);
        if (opc == 4 && u == 0) u = 1; // VSRI
        if (opc == 6 && u == 0) u = 1; // VQSHLU
        return 0xf2800010 | u << 24 | (imm6 & 0x3f) << 16 | opc << 8 | l << 7 | q << 6 | regs(q == 1, r(g), 0, r(g));
    }

    static int twoRegisterMisc(GenContext g) {
        int size = g.bits(2), q = g.bit();
        // {opc (bits 17:16 "A" then 10:7 "B"), allowed sizes mask, float}
        int[][] ops = {
            {0, 0b0000, 0b0111}, {0, 0b0001, 0b0011}, {0, 0b0010, 0b0001}, // VREV64 VREV32 VREV16
            {0, 0b0100, 0b0111}, {0, 0b0101, 0b0111}, // VPADDL.S VPADDL.U
            {0, 0b1000, 0b0111}, {0, 0b1001, 0b0111}, {0, 0b1010, 0b0001}, {0, 0b1011, 0b0001}, // VCLS VCLZ VCNT VMVN
            {0, 0b1100, 0b0111}, {0, 0b1101, 0b0111}, {0, 0b1110, 0b0111}, {0, 0b1111, 0b0111}, // VPADAL VQABS VQNEG
            {1, 0b0000, 0b0111}, {1, 0b0001, 0b0111}, {1, 0b0010, 0b0111}, {1, 0b0011, 0b0111}, {1, 0b0100, 0b0111}, // VCGT VCGE VCEQ VCLE VCLT #0
            {1, 0b0110, 0b0111}, {1, 0b0111, 0b0111}, // VABS VNEG
            {1, 0b1000, 0b0100}, {1, 0b1001, 0b0100}, {1, 0b1010, 0b0100}, {1, 0b1011, 0b0100}, {1, 0b1100, 0b0100}, // float compares #0
            {1, 0b1110, 0b0100}, {1, 0b1111, 0b0100}, // VABS.F32 VNEG.F32
            {2, 0b0000, 0b0001}, {2, 0b0001, 0b0111}, {2, 0b0010, 0b0111}, {2, 0b0011, 0b0111}, // VSWP VTRN VUZP VZIP
            {3, 0b1000, 0b0100}, {3, 0b1001, 0b0100}, {3, 0b1010, 0b0100}, {3, 0b1011, 0b0100}, // VRECPE VRSQRTE (.U32/.F32)
            {3, 0b1100, 0b0100}, {3, 0b1101, 0b0100}, {3, 0b1110, 0b0100}, {3, 0b1111, 0b0100}, // VCVT between F32 and S32/U32
        };
        int[] op = ops[g.rnd.nextInt(ops.length)];
        int allowed = op[2];
        do size = g.bits(2); while ((allowed >> size & 1) == 0);
        if (op[0] == 2 && op[1] >= 2 && size == 2 && q == 0) q = 1; // VUZP.32 / VZIP.32 on D registers is reserved
        int vd = r(g), vm = r(g);
        if (op[0] == 2) while ((vd & (q == 1 ? ~1 : ~0)) == (vm & (q == 1 ? ~1 : ~0))) vm = r(g); // VSWP/VTRN/VUZP/VZIP with d == m are UNPREDICTABLE
        return 0xf3b00000 | size << 18 | op[0] << 16 | op[1] << 7 | q << 6 | regs(q == 1, vd, 0, vm);
    }

    static int permute(GenContext g) {
        switch (g.rnd.nextInt(3)) {
            case 0: { // VEXT
                int q = g.bit();
                int imm4 = q == 1 ? g.bits(4) : g.bits(3);
                return 0xf2b00000 | imm4 << 8 | q << 6 | regs(q == 1, r(g), r(g), r(g));
            }
            case 1: { // VDUP (scalar)
                int q = g.bit();
                int imm4 = g.pick(0b0001, 0b0011, 0b0101, 0b0111, 0b1001, 0b1011, 0b1101, 0b1111, 0b0010, 0b0110, 0b1010, 0b1110, 0b0100, 0b1100);
                return 0xf3b00c00 | imm4 << 16 | q << 6 | regs(q == 1, r(g), 0, r(g));
            }
            default: { // VTBL / VTBX with 1-4 table registers
                int len = g.bits(2);
                int vn = g.rnd.nextInt(32 - len);
                return 0xf3b00800 | len << 8 | g.bit() << 6 | regs(false, r(g), vn, r(g));
            }
        }
    }

    static int modifiedImmediate(GenContext g) {
        int cmode = g.bits(4), op = g.bit(), q = g.bit();
        if (cmode == 15 && op == 1) op = 0; // reserved
        int imm8 = g.bits(8);
        if (((cmode & 0xe) == 0 || (cmode & 0xe) == 2 || (cmode & 0xe) == 4 || (cmode & 0xe) == 6 || (cmode & 0xc) == 8 || (cmode & 0xe) == 0xc)
                && imm8 == 0 && cmode != 0 && cmode != 1) imm8 = 1; // zero shifted immediates are UNPREDICTABLE
        int a = imm8 >> 7, bcd = (imm8 >> 4) & 7, efgh = imm8 & 15;
        return 0xf2800010 | a << 24 | bcd << 16 | cmode << 8 | q << 6 | op << 5 | efgh | regs(q == 1, r(g), 0, 0);
    }

    static int threeDifferent(GenContext g) {
        // VADDL VADDW VSUBL VSUBW VABAL VABDL VMLAL VMLSL VMULL (opc 0,1,2,3,5,7,8,10,12), VADDHN VSUBHN (4,6)
        int opc = g.pick(0, 1, 2, 3, 5, 7, 8, 10, 12, 4, 6);
        int u = g.bit(), size = g.bits(2) % 3;
        int vd = r(g) & ~1, vn = r(g), vm = r(g);
        if (opc == 1 || opc == 3) vn &= ~1; // wide operand is a Q register
        if (opc == 4 || opc == 6) { vd = r(g); vn &= ~1; vm &= ~1; } // narrowing: Q sources, D result
        return 0xf2800000 | u << 24 | size << 20 | opc << 8 | regs(false, vd, vn, vm);
    }

    static int loadStoreMultiple(GenContext g) {
        // VLD1/VST1 with 1-4 registers, no writeback (Rm = 15) or post-increment by the size (Rm = 13)
        int load = g.bit();
        int[] types = {0b0111, 0b1010, 0b0110, 0b0010};
        int t = g.rnd.nextInt(4);
        int regsCount = t + 1;
        int vd = g.rnd.nextInt(33 - regsCount);
        int size = g.bits(2), rm = g.bit() == 0 ? 15 : 13;
        return 0xf4000000 | load << 21 | g.base << 16 | (vd >> 4) << 22 | (vd & 15) << 12 | types[t] << 8 | size << 6 | rm;
    }
}
