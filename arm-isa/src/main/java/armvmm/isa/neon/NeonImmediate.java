package armvmm.isa.neon;

import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.decode.Insn;
import armvmm.isa.vfp.VfpAccess;

/** Advanced SIMD "one register and a modified immediate" (ARM ARM A7.4.6): VMOV, VMVN, VORR, VBIC (immediate). */
public final class NeonImmediate extends Insn {
    public enum Op { VMOV, VMVN, VORR, VBIC }

    public final Op op;
    /** AdvSIMDExpandImm's 64-bit value. */
    public final long imm;
    public final int d, regs;

    public NeonImmediate(int pc, boolean thumb, Op op, long imm, int d, int regs) {
        super(pc, 4, thumb);
        this.op = op;
        this.imm = imm;
        this.d = d;
        this.regs = regs;
    }

    static Insn decode(int x, int pc, boolean thumb) {
        int cmode = (x >>> 8) & 0xf;
        boolean opBit = (x & 0x20) != 0;
        boolean q = (x & 0x40) != 0;
        int d = NeonDecoder.dReg(x);
        if (q && (d & 1) != 0) {
            return null;
        }
        int imm8 = ((x >>> 17) & 0x80) | ((x >>> 12) & 0x70) | (x & 0xf);
        if (cmode == 0xf && opBit) {
            return null;
        }
        long imm = expand(opBit, cmode, imm8);
        boolean logical = cmode < 12 && (cmode & 1) == 1;
        Op op;
        if (logical) {
            op = opBit ? Op.VBIC : Op.VORR;
        } else if (opBit && cmode != 14) {
            op = Op.VMVN;
        } else {
            op = Op.VMOV;
        }
        return new NeonImmediate(pc, thumb, op, imm, d, q ? 2 : 1);
    }

    /** AdvSIMDExpandImm(op, cmode, imm8). */
    static long expand(boolean op, int cmode, int imm8) {
        long b = imm8 & 0xffL;
        return switch (cmode >>> 1) {
            case 0 -> Lanes.replicate(b, 32);
            case 1 -> Lanes.replicate(b << 8, 32);
            case 2 -> Lanes.replicate(b << 16, 32);
            case 3 -> Lanes.replicate(b << 24, 32);
            case 4 -> Lanes.replicate(b, 16);
            case 5 -> Lanes.replicate(b << 8, 16);
            case 6 -> Lanes.replicate((cmode & 1) == 0 ? (b << 8) | 0xff : (b << 16) | 0xffff, 32);
            default -> {
                if ((cmode & 1) == 0 && !op) {
                    yield Lanes.replicate(b, 8);
                }
                if ((cmode & 1) == 0) {
                    long r = 0;
                    for (int i = 0; i < 8; i++) {
                        if ((imm8 & (1 << i)) != 0) {
                            r |= 0xffL << (8 * i);
                        }
                    }
                    yield r;
                }
                long bit6 = (b >>> 6) & 1;
                long f = ((b >>> 7) << 31) | ((bit6 ^ 1) << 30) | ((bit6 == 1 ? 0x1fL : 0) << 25) | ((b & 0x3f) << 19);
                yield Lanes.replicate(f, 32);
            }
        };
    }

    @Override
    public boolean coreRegistersUnused() { return true; }

    @Override
    public void execute(ArmCpu cpu) {
        VfpAccess.checkEnabled(cpu, true);
        long[] r = cpu.d;
        for (int j = 0; j < regs; j++) {
            r[d + j] = switch (op) {
                case VMOV -> imm;
                case VMVN -> ~imm;
                case VORR -> r[d + j] | imm;
                case VBIC -> r[d + j] & ~imm;
            };
        }
    }

    @Override
    public String toString() {
        return String.format("%s.i64 d%d, #0x%x (x%d)@%08x", op.name().toLowerCase(), d, imm, regs, pc);
    }
}
