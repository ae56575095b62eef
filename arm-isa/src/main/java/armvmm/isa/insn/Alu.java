package armvmm.isa.insn;

import armvmm.isa.cpu.ArmCpu;

/**
 * The ARM ARM's shared arithmetic pseudocode (A2.2, A8.4): Shift/Shift_C, AddWithCarry, and the data-processing
 * operations by their A32 opcode, so the A32 and T32 forms compute identically.
 */
public final class Alu {
    private Alu() {}

    /** Shift types (SRType); RRX is its own type so that an amount of 0 always means "no shift". */
    public static final int LSL = 0, LSR = 1, ASR = 2, ROR = 3, RRX = 4;

    /** Data-processing operations: the A32 opcode field, and ORN (T32 only) as 16. */
    public static final int AND = 0, EOR = 1, SUB = 2, RSB = 3, ADD = 4, ADC = 5, SBC = 6, RSC = 7,
            TST = 8, TEQ = 9, CMP = 10, CMN = 11, ORR = 12, MOV = 13, BIC = 14, MVN = 15, ORN = 16;

    static final String[] NAMES = {"AND", "EOR", "SUB", "RSB", "ADD", "ADC", "SBC", "RSC", "TST", "TEQ", "CMP", "CMN",
            "ORR", "MOV", "BIC", "MVN", "ORN"};

    /** DecodeImmShift (A8.4.1): the amount 0 of LSR/ASR means 32, ROR #0 is RRX. */
    public static int immShiftType(int type, int imm5) {
        return type == ROR && imm5 == 0 ? RRX : type;
    }

    public static int immShiftAmount(int type, int imm5) {
        if (type == ROR && imm5 == 0) return 1;
        return (type == LSR || type == ASR) && imm5 == 0 ? 32 : imm5;
    }

    /** Shift(value, type, amount, carry_in) for amount 0..255 (register-specified amounts included). */
    public static int shift(int value, int type, int amount, boolean carryIn) {
        if (amount == 0) return value;
        return switch (type) {
            case LSL -> amount >= 32 ? 0 : value << amount;
            case LSR -> amount >= 32 ? 0 : value >>> amount;
            case ASR -> amount >= 32 ? value >> 31 : value >> amount;
            case ROR -> Integer.rotateRight(value, amount);
            default -> (carryIn ? 1 << 31 : 0) | (value >>> 1);
        };
    }

    /** The carry out of {@link #shift}. */
    public static boolean shiftCarry(int value, int type, int amount, boolean carryIn) {
        if (amount == 0) return carryIn;
        return switch (type) {
            case LSL -> amount > 32 ? false : ((value >>> (32 - amount)) & 1) != 0;
            case LSR -> amount > 32 ? false : ((value >>> (amount - 1)) & 1) != 0;
            case ASR -> amount >= 32 ? value < 0 : ((value >> (amount - 1)) & 1) != 0;
            case ROR -> ((value >>> ((amount - 1) & 31)) & 1) != 0;
            default -> (value & 1) != 0;
        };
    }

    /** ARMExpandImm / ThumbExpandImm's carry: -1 when the carry is unchanged, else 0 or 1. */
    public static int expandImmCarry(int imm32, boolean rotated) {
        return rotated ? imm32 >>> 31 : -1;
    }

    /** Performs {@code op} on a and b, writes the flags when {@code s} (shifterCarry: -1 unchanged), returns the result. */
    public static int op(ArmCpu cpu, int op, int a, int b, boolean s, int shifterCarry) {
        int r;
        switch (op) {
            case AND, TST -> r = a & b;
            case EOR, TEQ -> r = a ^ b;
            case ORR -> r = a | b;
            case ORN -> r = a | ~b;
            case MOV -> r = b;
            case BIC -> r = a & ~b;
            case MVN -> r = ~b;
            case SUB, CMP -> { return s ? addWithCarry(cpu, a, ~b, 1) : a - b; }
            case RSB -> { return s ? addWithCarry(cpu, b, ~a, 1) : b - a; }
            case ADD, CMN -> { return s ? addWithCarry(cpu, a, b, 0) : a + b; }
            case ADC -> { return s ? addWithCarry(cpu, a, b, cpu.c ? 1 : 0) : a + b + (cpu.c ? 1 : 0); }
            case SBC -> { return s ? addWithCarry(cpu, a, ~b, cpu.c ? 1 : 0) : a + ~b + (cpu.c ? 1 : 0); }
            case RSC -> { return s ? addWithCarry(cpu, b, ~a, cpu.c ? 1 : 0) : b + ~a + (cpu.c ? 1 : 0); }
            default -> throw new AssertionError(op);
        }
        if (s) {
            cpu.n = r < 0;
            cpu.z = r == 0;
            if (shifterCarry >= 0) cpu.c = shifterCarry != 0;
        }
        return r;
    }

    /** AddWithCarry(a, b, carry) setting N, Z, C, V. */
    public static int addWithCarry(ArmCpu cpu, int a, int b, int carry) {
        long u = (a & 0xffffffffL) + (b & 0xffffffffL) + carry;
        int r = (int) u;
        cpu.n = r < 0;
        cpu.z = r == 0;
        cpu.c = (u >>> 32) != 0;
        cpu.v = ((a ^ r) & (b ^ r)) < 0;
        return r;
    }

    /** Whether the operation's flag result depends on the shifter carry (logical operations). */
    public static boolean logical(int op) {
        return switch (op) {
            case AND, EOR, TST, TEQ, ORR, ORN, MOV, BIC, MVN -> true;
            default -> false;
        };
    }

    /** The operation writes no register (TST, TEQ, CMP, CMN). */
    public static boolean compareOnly(int op) { return op >= TST && op <= CMN; }
}
