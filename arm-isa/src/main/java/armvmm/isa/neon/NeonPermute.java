package armvmm.isa.neon;

import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.decode.Insn;
import armvmm.isa.vfp.VfpAccess;

/**
 * The Advanced SIMD element permutations: VEXT, VTBL/VTBX, VDUP (scalar), and the two-register VSWP, VTRN,
 * VUZP and VZIP. Doubleword or quadword; a quadword is handled as 128 bits held in two longs.
 */
public final class NeonPermute extends Insn {
    public enum Op { VEXT, VTBL, VTBX, VDUP, VSWP, VTRN, VUZP, VZIP }

    public final Op op;
    /** VEXT: first byte; VTBL/VTBX: table length in registers; VDUP: lane index. */
    public final int imm;
    public final int esize, regs, d, n, m;

    public NeonPermute(int pc, boolean thumb, Op op, int imm, int esize, int regs, int d, int n, int m) {
        super(pc, 4, thumb);
        this.op = op;
        this.imm = imm;
        this.esize = esize;
        this.regs = regs;
        this.d = d;
        this.n = n;
        this.m = m;
    }

    static Insn decodeExt(int x, int pc, boolean thumb) {
        boolean q = (x & 0x40) != 0;
        int imm4 = (x >>> 8) & 0xf;
        int d = NeonDecoder.dReg(x), n = NeonDecoder.nReg(x), m = NeonDecoder.mReg(x);
        if ((q && ((d | n | m) & 1) != 0) || (!q && imm4 >= 8)) {
            return null;
        }
        return new NeonPermute(pc, thumb, Op.VEXT, imm4, 8, q ? 2 : 1, d, n, m);
    }

    static Insn decodeTable(int x, int pc, boolean thumb) {
        int len = ((x >>> 8) & 3) + 1;
        int d = NeonDecoder.dReg(x), n = NeonDecoder.nReg(x), m = NeonDecoder.mReg(x);
        if (n + len > 32) {
            return null;
        }
        return new NeonPermute(pc, thumb, (x & 0x40) != 0 ? Op.VTBX : Op.VTBL, len, 8, 1, d, n, m);
    }

    static Insn decodeDupScalar(int x, int pc, boolean thumb) {
        boolean q = (x & 0x40) != 0;
        int imm4 = (x >>> 16) & 0xf;
        int d = NeonDecoder.dReg(x), m = NeonDecoder.mReg(x);
        int esize;
        int index;
        if ((imm4 & 1) != 0) {
            esize = 8;
            index = imm4 >>> 1;
        } else if ((imm4 & 3) == 2) {
            esize = 16;
            index = imm4 >>> 2;
        } else if ((imm4 & 7) == 4) {
            esize = 32;
            index = imm4 >>> 3;
        } else {
            return null;
        }
        if (q && (d & 1) != 0) {
            return null;
        }
        return new NeonPermute(pc, thumb, Op.VDUP, index, esize, q ? 2 : 1, d, 0, m);
    }

    /** VSWP, VTRN, VUZP, VZIP from the two-register miscellaneous space. */
    static Insn decodeTwoRegister(Op op, int size, boolean q, int d, int m, int pc, boolean thumb) {
        if ((q && ((d | m) & 1) != 0) || (op == Op.VSWP && size != 0) || size == 3 || (op != Op.VSWP && d == m)
                || ((op == Op.VUZP || op == Op.VZIP) && !q && size == 2)) {
            return null;
        }
        return new NeonPermute(pc, thumb, op, 0, 8 << size, q ? 2 : 1, d, 0, m);
    }

    static long byteOf(long lo, long hi, int i) {
        return ((i < 8 ? lo >>> (8 * i) : hi >>> (8 * (i - 8)))) & 0xff;
    }

    @Override
    public boolean coreRegistersUnused() { return true; }

    @Override
    public void execute(ArmCpu cpu) {
        VfpAccess.checkEnabled(cpu, true);
        long[] r = cpu.d;
        switch (op) {
            case VEXT -> {
                int bytes = 8 * regs;
                long n0 = r[n], n1 = regs == 2 ? r[n + 1] : 0, m0 = r[m], m1 = regs == 2 ? r[m + 1] : 0;
                long out0 = 0, out1 = 0;
                for (int i = 0; i < bytes; i++) {
                    int j = imm + i;
                    long b = j < bytes ? byteOf(n0, n1, j) : byteOf(m0, m1, j - bytes);
                    if (i < 8) {
                        out0 |= b << (8 * i);
                    } else {
                        out1 |= b << (8 * (i - 8));
                    }
                }
                r[d] = out0;
                if (regs == 2) {
                    r[d + 1] = out1;
                }
            }
            case VTBL, VTBX -> {
                long indices = r[m];
                long old = r[d];
                long out = 0;
                for (int i = 0; i < 8; i++) {
                    int index = (int) ((indices >>> (8 * i)) & 0xff);
                    long b;
                    if (index < 8 * imm) {
                        b = (r[n + index / 8] >>> (8 * (index % 8))) & 0xff;
                    } else {
                        b = op == Op.VTBX ? (old >>> (8 * i)) & 0xff : 0;
                    }
                    out |= b << (8 * i);
                }
                r[d] = out;
            }
            case VDUP -> {
                long v = Lanes.replicate(Lanes.get(r[m], esize, imm), esize);
                for (int j = 0; j < regs; j++) {
                    r[d + j] = v;
                }
            }
            case VSWP -> {
                for (int j = 0; j < regs; j++) {
                    long t = r[d + j];
                    r[d + j] = r[m + j];
                    r[m + j] = t;
                }
            }
            default -> permute(r);
        }
    }

    /** VTRN, VUZP, VZIP over the element sequences of Vd and Vm. */
    private void permute(long[] r) {
        int lanes = 64 * regs / esize;
        long d0 = r[d], d1 = regs == 2 ? r[d + 1] : 0, m0 = r[m], m1 = regs == 2 ? r[m + 1] : 0;
        long od0 = 0, od1 = 0, om0 = 0, om1 = 0;
        int per = 64 / esize;
        for (int i = 0; i < lanes; i++) {
            long newD;
            long newM;
            switch (op) {
                case VTRN -> {
                    // Transpose 2x2 blocks: Vd[2k+1] and Vm[2k] swap.
                    newD = (i & 1) == 0 ? NeonThreeDiff.qget(d0, d1, esize, i, true)
                            : NeonThreeDiff.qget(m0, m1, esize, i - 1, true);
                    newM = (i & 1) == 0 ? NeonThreeDiff.qget(d0, d1, esize, i + 1, true)
                            : NeonThreeDiff.qget(m0, m1, esize, i, true);
                }
                case VUZP -> {
                    // Vd gets the even elements of Vm:Vd (Vd first), Vm the odd ones.
                    int even = 2 * i;
                    int odd = 2 * i + 1;
                    newD = even < lanes ? NeonThreeDiff.qget(d0, d1, esize, even, true)
                            : NeonThreeDiff.qget(m0, m1, esize, even - lanes, true);
                    newM = odd < lanes ? NeonThreeDiff.qget(d0, d1, esize, odd, true)
                            : NeonThreeDiff.qget(m0, m1, esize, odd - lanes, true);
                }
                default -> {
                    // VZIP: interleave Vd and Vm; the first half of the result goes to Vd, the second to Vm.
                    int k = i / 2;
                    newD = (i & 1) == 0 ? NeonThreeDiff.qget(d0, d1, esize, k, true)
                            : NeonThreeDiff.qget(m0, m1, esize, k, true);
                    int k2 = (lanes + i) / 2;
                    newM = ((lanes + i) & 1) == 0 ? NeonThreeDiff.qget(d0, d1, esize, k2, true)
                            : NeonThreeDiff.qget(m0, m1, esize, k2, true);
                }
            }
            if (i < per) {
                od0 = Lanes.put(od0, esize, i, newD);
                om0 = Lanes.put(om0, esize, i, newM);
            } else {
                od1 = Lanes.put(od1, esize, i - per, newD);
                om1 = Lanes.put(om1, esize, i - per, newM);
            }
        }
        r[d] = od0;
        r[m] = om0;
        if (regs == 2) {
            r[d + 1] = od1;
            r[m + 1] = om1;
        }
    }

    @Override
    public String toString() {
        return String.format("%s.%d d%d, d%d, d%d (x%d)@%08x", op.name().toLowerCase(), esize, d, n, m, regs, pc);
    }
}
