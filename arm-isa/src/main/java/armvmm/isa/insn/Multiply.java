package armvmm.isa.insn;

import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.decode.Insn;

/**
 * Multiply, multiply-accumulate, long, halfword (signed, DSP) multiplies and the divides (ARM ARM A5.2.5,
 * A5.2.7, A5.4.4, A6.3.16-A6.3.18). One form, the operation chosen by {@link Op}; registers never include PC.
 */
public final class Multiply extends Insn {
    public enum Op {
        MUL, MLA, MLS, UMULL, UMLAL, SMULL, SMLAL, UMAAL,
        /** SMLA<x><y>, SMUL<x><y>: x, y select the halves of Rn and Rm. */
        SMLAXY, SMULXY, SMLAWY, SMULWY, SMLALXY,
        SMUAD, SMUSD, SMLAD, SMLSD, SMLALD, SMLSLD,
        SMMUL, SMMLA, SMMLS,
        SDIV, UDIV
    }

    public final Op op;
    /** rd (RdHi for long forms), ra (RdLo for long forms, accumulator otherwise), rn, rm. */
    public final int rd, ra, rn, rm;
    public final boolean s;
    /** Halfword selection (nTop, mTop) for the xy forms; X (swap Rm halves) for dual forms; R (round) for SMMUL. */
    public final boolean nTop, mTop;

    public Multiply(int pc, int size, boolean thumb, Op op, int rd, int ra, int rn, int rm, boolean s, boolean nTop, boolean mTop) {
        super(pc, size, thumb);
        this.op = op;
        this.rd = rd;
        this.ra = ra;
        this.rn = rn;
        this.rm = rm;
        this.s = s;
        this.nTop = nTop;
        this.mTop = mTop;
    }

    private static int half(int x, boolean top) { return top ? x >> 16 : (short) x; }

    @Override
    public void execute(ArmCpu cpu) {
        int[] r = cpu.r;
        int a = r[rn], b = r[rm];
        switch (op) {
            case MUL -> nz(cpu, r[rd] = a * b);
            case MLA -> nz(cpu, r[rd] = a * b + r[ra]);
            case MLS -> r[rd] = r[ra] - a * b;
            case UMULL -> long64(cpu, (a & 0xffffffffL) * (b & 0xffffffffL));
            case UMLAL -> long64(cpu, (a & 0xffffffffL) * (b & 0xffffffffL) + acc64(r));
            case SMULL -> long64(cpu, (long) a * b);
            case SMLAL -> long64(cpu, (long) a * b + acc64(r));
            case UMAAL -> long64(cpu, (a & 0xffffffffL) * (b & 0xffffffffL) + (r[rd] & 0xffffffffL) + (r[ra] & 0xffffffffL));
            case SMULXY -> r[rd] = half(a, nTop) * half(b, mTop);
            case SMLAXY -> r[rd] = addQ(cpu, half(a, nTop) * half(b, mTop), r[ra]);
            case SMULWY -> r[rd] = (int) (((long) a * half(b, mTop)) >> 16);
            case SMLAWY -> r[rd] = addQ(cpu, (int) (((long) a * half(b, mTop)) >> 16), r[ra]);
            case SMLALXY -> long64(cpu, (long) half(a, nTop) * half(b, mTop) + acc64(r));
            case SMUAD, SMUSD, SMLAD, SMLSD -> {
                int m = mTop ? Integer.rotateRight(b, 16) : b;
                long p1 = (long) (short) a * (short) m, p2 = (long) (a >> 16) * (m >> 16);
                long sum = op == Op.SMUAD || op == Op.SMLAD ? p1 + p2 : p1 - p2;
                if (op == Op.SMLAD || op == Op.SMLSD) sum += r[ra];
                if (sum != (int) sum) cpu.q = true;
                r[rd] = (int) sum;
            }
            case SMLALD, SMLSLD -> {
                int m = mTop ? Integer.rotateRight(b, 16) : b;
                long p1 = (long) (short) a * (short) m, p2 = (long) (a >> 16) * (m >> 16);
                long sum = (op == Op.SMLALD ? p1 + p2 : p1 - p2) + acc64(r);
                r[ra] = (int) sum;
                r[rd] = (int) (sum >>> 32);
            }
            case SMMUL, SMMLA, SMMLS -> {
                long p = (long) a * b;
                long acc = op == Op.SMMUL ? 0 : (long) r[ra] << 32;
                long res = op == Op.SMMLS ? acc - p : acc + p;
                if (mTop) res += 0x80000000L;
                r[rd] = (int) (res >>> 32);
            }
            case SDIV -> r[rd] = b == 0 ? 0 : (a == Integer.MIN_VALUE && b == -1 ? Integer.MIN_VALUE : a / b);
            case UDIV -> r[rd] = b == 0 ? 0 : Integer.divideUnsigned(a, b);
        }
    }

    private long acc64(int[] r) { return ((long) r[rd] << 32) | (r[ra] & 0xffffffffL); }

    private void long64(ArmCpu cpu, long x) {
        cpu.r[ra] = (int) x;
        cpu.r[rd] = (int) (x >>> 32);
        if (s) {
            cpu.n = x < 0;
            cpu.z = x == 0;
        }
    }

    private void nz(ArmCpu cpu, int x) {
        if (s) {
            cpu.n = x < 0;
            cpu.z = x == 0;
        }
    }

    /** Addition that sets Q on signed overflow (SMLA<x><y>, SMLAW<y>) but does not saturate. */
    private static int addQ(ArmCpu cpu, int x, int y) {
        int r = x + y;
        if (((x ^ r) & (y ^ r)) < 0) cpu.q = true;
        return r;
    }

    @Override
    public String toString() { return op + (s ? "S" : "") + super.toString(); }
}
