package armvmm.isa.insn;

import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.decode.Insn;

/** Reverse, count-leading-zeros and bit-field instructions (ARM ARM A5.2.12, A5.4.5, A6.3.3). */
public final class BitOps {
    private BitOps() {}

    public enum Unary { REV, REV16, REVSH, RBIT, CLZ }

    public static final class OneReg extends Insn {
        final Unary op;
        final int rd, rm;

        public OneReg(int pc, int size, boolean thumb, Unary op, int rd, int rm) {
            super(pc, size, thumb);
            this.op = op;
            this.rd = rd;
            this.rm = rm;
        }

        @Override
        public void execute(ArmCpu cpu) {
            int x = cpu.r[rm];
            cpu.r[rd] = switch (op) {
                case REV -> Integer.reverseBytes(x);
                case REV16 -> ((x & 0x00ff00ff) << 8) | ((x >>> 8) & 0x00ff00ff);
                case REVSH -> (short) (((x & 0xff) << 8) | ((x >>> 8) & 0xff));
                case RBIT -> Integer.reverse(x);
                case CLZ -> Integer.numberOfLeadingZeros(x);
            };
        }

        @Override
        public String toString() { return op + super.toString(); }
    }

    /** BFC (rn == 15) and BFI: bits lsb..msb of Rd replaced by zeros or the low bits of Rn. */
    public static final class Insert extends Insn {
        final int rd, rn, lsb, msb;

        public Insert(int pc, int size, boolean thumb, int rd, int rn, int lsb, int msb) {
            super(pc, size, thumb);
            this.rd = rd;
            this.rn = rn;
            this.lsb = lsb;
            this.msb = msb;
        }

        @Override
        public void execute(ArmCpu cpu) {
            if (msb < lsb) return; // UNPREDICTABLE; the decoder refuses it, kept harmless here
            int width = msb - lsb + 1;
            int mask = (width == 32 ? -1 : (1 << width) - 1) << lsb;
            int src = rn == 15 ? 0 : cpu.r[rn] << lsb;
            cpu.r[rd] = (cpu.r[rd] & ~mask) | (src & mask);
        }
    }

    /** SBFX / UBFX: extract {@code width} bits from {@code lsb}. */
    public static final class Extract extends Insn {
        final boolean signed;
        final int rd, rn, lsb, width;

        public Extract(int pc, int size, boolean thumb, boolean signed, int rd, int rn, int lsb, int width) {
            super(pc, size, thumb);
            this.signed = signed;
            this.rd = rd;
            this.rn = rn;
            this.lsb = lsb;
            this.width = width;
        }

        @Override
        public void execute(ArmCpu cpu) {
            int x = cpu.r[rn] << (32 - lsb - width);
            cpu.r[rd] = signed ? x >> (32 - width) : x >>> (32 - width);
        }
    }
}
