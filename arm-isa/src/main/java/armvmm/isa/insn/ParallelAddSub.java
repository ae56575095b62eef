package armvmm.isa.insn;

import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.decode.Insn;

/**
 * The parallel (SIMD within a register) additions and subtractions: S/Q/SH/U/UQ/UH prefixes with ADD16,
 * ASX, SAX, SUB16, ADD8, SUB8 (ARM ARM A5.4.1, A5.4.2, A6.3.13-A6.3.14). The S and U forms set GE.
 */
public final class ParallelAddSub extends Insn {
    public enum Prefix { S, Q, SH, U, UQ, UH }

    public enum Op { ADD16, ASX, SAX, SUB16, ADD8, SUB8 }

    final Prefix prefix;
    final Op op;
    final int rd, rn, rm;

    public ParallelAddSub(int pc, int size, boolean thumb, Prefix prefix, Op op, int rd, int rn, int rm) {
        super(pc, size, thumb);
        this.prefix = prefix;
        this.op = op;
        this.rd = rd;
        this.rn = rn;
        this.rm = rm;
    }

    @Override
    public void execute(ArmCpu cpu) {
        int a = cpu.r[rn], b = cpu.r[rm];
        boolean signed = prefix == Prefix.S || prefix == Prefix.Q || prefix == Prefix.SH;
        boolean bytes = op == Op.ADD8 || op == Op.SUB8;
        int lanes = bytes ? 4 : 2, width = bytes ? 8 : 16, mask = (1 << width) - 1;
        int result = 0, ge = 0;
        for (int i = 0; i < lanes; i++) {
            int sh = i * width;
            int x = lane(a, sh, width, signed);
            boolean add = switch (op) {
                case ADD16, ADD8 -> true;
                case SUB16, SUB8 -> false;
                case ASX -> i == 1;
                case SAX -> i == 0;
            };
            // ASX and SAX pair each half of Rn with the other half of Rm.
            int ysh = op == Op.ASX || op == Op.SAX ? (1 - i) * width : sh;
            int y = lane(b, ysh, width, signed);
            int sum = add ? x + y : x - y;
            int out;
            switch (prefix) {
                case S -> {
                    out = sum;
                    if (sum >= 0) ge |= (bytes ? 1 : 3) << (bytes ? i : 2 * i);
                }
                case U -> {
                    out = sum;
                    boolean set = add ? sum >= (1 << width) : sum >= 0;
                    if (set) ge |= (bytes ? 1 : 3) << (bytes ? i : 2 * i);
                }
                case Q -> out = Math.max(-(1 << (width - 1)), Math.min((1 << (width - 1)) - 1, sum));
                case UQ -> out = Math.max(0, Math.min(mask, sum));
                default -> out = sum >> 1;
            }
            result |= (out & mask) << sh;
        }
        cpu.r[rd] = result;
        if (prefix == Prefix.S || prefix == Prefix.U) cpu.ge = ge;
    }

    private static int lane(int x, int shift, int width, boolean signed) {
        int v = x >>> shift;
        return signed ? (v << (32 - width)) >> (32 - width) : v & ((1 << width) - 1);
    }

    @Override
    public String toString() { return prefix.name() + op + super.toString(); }
}
