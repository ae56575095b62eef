package armvmm.isa.insn;

import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.decode.Insn;

/** Saturating arithmetic (QADD, QSUB, QDADD, QDSUB) and SSAT/USAT/SSAT16/USAT16 (ARM ARM A5.2.6, A5.4.3), setting CPSR.Q. */
public final class Saturation {
    private Saturation() {}

    /** SignedSatQ to {@code bits} (1..32): saturates and sets Q when it did. */
    static int signedSat(ArmCpu cpu, long x, int bits) {
        long max = (1L << (bits - 1)) - 1, min = -(1L << (bits - 1));
        if (x > max) { cpu.q = true; return (int) max; }
        if (x < min) { cpu.q = true; return (int) min; }
        return (int) x;
    }

    /** UnsignedSatQ to {@code bits} (0..31). */
    static int unsignedSat(ArmCpu cpu, long x, int bits) {
        long max = (1L << bits) - 1;
        if (x > max) { cpu.q = true; return (int) max; }
        if (x < 0) { cpu.q = true; return 0; }
        return (int) x;
    }

    public enum QOp { QADD, QSUB, QDADD, QDSUB }

    /** QADD Rd, Rm, Rn and friends (note the operand order: Rm first). */
    public static final class Q extends Insn {
        final QOp op;
        final int rd, rm, rn;

        public Q(int pc, int size, boolean thumb, QOp op, int rd, int rm, int rn) {
            super(pc, size, thumb);
            this.op = op;
            this.rd = rd;
            this.rm = rm;
            this.rn = rn;
        }

        @Override
        public void execute(ArmCpu cpu) {
            long m = cpu.r[rm], n = cpu.r[rn];
            cpu.r[rd] = switch (op) {
                case QADD -> signedSat(cpu, m + n, 32);
                case QSUB -> signedSat(cpu, m - n, 32);
                case QDADD -> signedSat(cpu, m + signedSat(cpu, 2 * n, 32), 32);
                case QDSUB -> signedSat(cpu, m - signedSat(cpu, 2 * n, 32), 32);
            };
        }
    }

    /** SSAT/USAT Rd, #sat, Rn {, shift} and the 16-bit lane forms. */
    public static final class Sat extends Insn {
        final boolean unsigned, lanes16;
        final int rd, rn, satBits, shiftType, shiftAmount;

        public Sat(int pc, int size, boolean thumb, boolean unsigned, boolean lanes16, int rd, int rn, int satBits, int shiftType, int shiftAmount) {
            super(pc, size, thumb);
            this.unsigned = unsigned;
            this.lanes16 = lanes16;
            this.rd = rd;
            this.rn = rn;
            this.satBits = satBits;
            this.shiftType = shiftType;
            this.shiftAmount = shiftAmount;
        }

        @Override
        public void execute(ArmCpu cpu) {
            int n = cpu.r[rn];
            if (lanes16) {
                int lo = (short) n, hi = n >> 16;
                int a = unsigned ? unsignedSat(cpu, lo, satBits) : signedSat(cpu, lo, satBits);
                int b = unsigned ? unsignedSat(cpu, hi, satBits) : signedSat(cpu, hi, satBits);
                cpu.r[rd] = (a & 0xffff) | (b << 16);
                return;
            }
            int x = Alu.shift(n, shiftType, shiftAmount, cpu.c);
            cpu.r[rd] = unsigned ? unsignedSat(cpu, x, satBits) : signedSat(cpu, x, satBits);
        }
    }
}
