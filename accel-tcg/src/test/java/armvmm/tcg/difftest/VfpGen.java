package armvmm.tcg.difftest;

/**
 * Random VFPv4 instructions (A32 encodings; T32 uses the same 32-bit words with 0xE as the top nibble):
 * arithmetic, fused multiply-add, comparisons with VMRS APSR_nzcv, conversions, VMOV forms, and loads and
 * stores on the data block. Never VMSR (the initial FPSCR already varies rounding, FZ and DN) and never
 * short-vector FPSCR.Len/Stride, which the Cortex-A15 does not implement.
 */
final class VfpGen {
    private VfpGen() {}

    static int next(GenContext g) {
        return switch (g.rnd.nextInt(12)) {
            case 0, 1, 2, 3 -> threeRegister(g);
            case 4, 5 -> twoRegister(g);
            case 6 -> conversion(g);
            case 7 -> compare(g);
            case 8 -> moveImmediate(g);
            case 9 -> coreTransfer(g);
            case 10 -> loadStore(g);
            default -> loadStoreMultiple(g);
        };
    }

    /** cond | bits, with the D/N/M register fields for size sz (0 single, 1 double). */
    static int regs(int sz, int vd, int vn, int vm) {
        int d = sz == 0 ? (vd & 1) << 22 | (vd >> 1) << 12 : (vd >> 4) << 22 | (vd & 15) << 12;
        int n = sz == 0 ? (vn & 1) << 7 | (vn >> 1) << 16 : (vn >> 4) << 7 | (vn & 15) << 16;
        int m = sz == 0 ? (vm & 1) << 5 | (vm >> 1) : (vm >> 4) << 5 | (vm & 15);
        return d | n | m | sz << 8;
    }

    static int r32(GenContext g) { return g.rnd.nextInt(32); }

    static int threeRegister(GenContext g) {
        // opc1 (bits 23, 21, 20) and opc3 bit 6: VMLA VMLS VNMLS VNMLA VMUL VNMUL VADD VSUB VDIV VFNMS VFNMA VFMA VFMS
        int[][] ops = {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {2, 0}, {2, 1}, {3, 0}, {3, 1}, {8, 0}, {9, 0}, {9, 1}, {10, 0}, {10, 1}};
        int[] op = ops[g.rnd.nextInt(ops.length)];
        int sz = g.bit();
        return g.cond() << 28 | 0x0e000a00 | (op[0] >> 3) << 23 | (op[0] & 3) << 20 | op[1] << 6 | regs(sz, r32(g), r32(g), r32(g));
    }

    static int twoRegister(GenContext g) {
        // opc2, opc3: VMOV, VABS, VNEG, VSQRT
        int[][] ops = {{0, 1}, {0, 3}, {1, 1}, {1, 3}};
        int[] op = ops[g.rnd.nextInt(ops.length)];
        int sz = g.bit();
        return g.cond() << 28 | 0x0eb00a00 | op[0] << 16 | op[1] << 6 | regs(sz, r32(g), 0, r32(g));
    }

    static int compare(GenContext g) {
        int sz = g.bit(), e = g.bit(), zero = g.bit();
        int c = g.cond() << 28;
        if (g.rnd.nextInt(3) == 0) return c | 0x0ef1fa10; // VMRS APSR_nzcv, FPSCR
        return c | 0x0eb40a40 | zero << 16 | e << 7 | regs(sz, r32(g), 0, zero == 1 ? 0 : r32(g));
    }

    static int conversion(GenContext g) {
        int c = g.cond() << 28 | 0x0eb00a40;
        switch (g.rnd.nextInt(6)) {
            case 0: { // VCVT between double and single: sz is the source size
                int sz = g.bit();
                int d = sz == 1 ? (r32(g) & 1) << 22 | (r32(g) >> 1) << 12 : g.bit() << 22 | g.bits(4) << 12;
                return c | 0x7 << 16 | 1 << 7 | d | regs(sz, 0, 0, r32(g)) & 0x2f | sz << 8;
            }
            case 1: { // VCVT int -> fp (opc2 1000; bit 7 = signed source)
                int sz = g.bit();
                return c | 0x8 << 16 | g.bit() << 7 | regs(sz, r32(g), 0, 0) & ~0x2f | regs(0, 0, 0, r32(g)) & 0x2f;
            }
            case 2: { // VCVT{R} fp -> int (opc2 110x; bit 16 = signed; bit 7 = round towards zero)
                int sz = g.bit();
                return c | 0xc << 16 | g.bit() << 16 | g.bit() << 7 | regs(0, r32(g), 0, 0) & ~0x2f & ~(1 << 8) | regs(sz, 0, 0, r32(g)) & 0x2f | sz << 8;
            }
            case 3: { // VCVT between fp and fixed point (opc2 1x1x: bit 18 = to fixed, bit 16 = unsigned, bit 7 = 32-bit)
                int sz = g.bit(), sx = g.bit();
                int size = sx == 1 ? 32 : 16;
                int fbits = 1 + g.rnd.nextInt(size); // imm = size - fbits
                int imm = size - fbits;
                int vd = sz == 1 ? g.rnd.nextInt(32) : g.rnd.nextInt(32);
                return c | 0xa << 16 | g.bit() << 18 | g.bit() << 16 | sx << 7 | (imm & 1) << 5 | imm >> 1 | regs(sz, vd, 0, 0) & ~0x2f;
            }
            case 4: // VCVTB/VCVTT half <-> single (opc2 001x; bit 16 = to half; bit 7 = top)
                return c | 0x2 << 16 | g.bit() << 16 | g.bit() << 7 | regs(0, r32(g), 0, r32(g));
            default: { // VCVT int->fp again, biased towards doubles from singles
                return c | 0x8 << 16 | g.bit() << 7 | regs(1, r32(g), 0, 0) & ~0x2f | regs(0, 0, 0, r32(g)) & 0x2f;
            }
        }
    }

    static int moveImmediate(GenContext g) {
        int sz = g.bit(), imm8 = g.bits(8);
        return g.cond() << 28 | 0x0eb00a00 | (imm8 >> 4) << 16 | (imm8 & 15) | regs(sz, r32(g), 0, 0);
    }

    static int coreTransfer(GenContext g) {
        int c = g.cond() << 28;
        switch (g.rnd.nextInt(3)) {
            case 0: { // VMOV between a core register and a single (bit 20: to core)
                int toCore = g.bit(), sn = r32(g);
                int rt = toCore == 1 ? g.rd() : g.rs();
                return c | 0x0e000a10 | toCore << 20 | (sn >> 1) << 16 | rt << 12 | (sn & 1) << 7;
            }
            case 1: { // VMOV two core registers <-> a double
                int toCore = g.bit(), dm = r32(g);
                int[] p = toCore == 1 ? g.rdPair() : new int[] {g.rs(), g.rs()};
                return c | 0x0c400b10 | toCore << 20 | p[1] << 16 | p[0] << 12 | (dm >> 4) << 5 | (dm & 15);
            }
            default: // VMRS Rt, FPSCR
                return c | 0x0ef10a10 | g.rd() << 12;
        }
    }

    static int loadStore(GenContext g) {
        int sz = g.bit(), load = g.bit(), u = g.bit(), imm8 = g.bits(6);
        return g.cond() << 28 | 0x0d000a00 | u << 23 | load << 20 | g.base << 16 | regs(sz, r32(g), 0, 0) & ~0x2f | imm8;
    }

    static int loadStoreMultiple(GenContext g) {
        int sz = g.bit(), load = g.bit();
        int count = 1 + g.rnd.nextInt(sz == 1 ? 8 : 16);
        int first = g.rnd.nextInt(32 - (sz == 1 ? count : count) + 1);
        if (sz == 1 && first + count > 32) first = 32 - count;
        int mode = g.pick(0b010, 0b011, 0b101); // IA, IA!, DB!
        int p = mode >> 2, u = (mode >> 1) & 1, w = mode & 1;
        return g.cond() << 28 | 0x0c000a00 | p << 24 | u << 23 | w << 21 | load << 20 | g.base << 16
                | regs(sz, first, 0, 0) & ~0x2f | (sz == 1 ? count * 2 : count);
    }
}
