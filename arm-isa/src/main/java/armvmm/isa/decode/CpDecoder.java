package armvmm.isa.decode;

import armvmm.cp15.CpRegistry;
import armvmm.isa.insn.CoprocessorTransfer;

/**
 * MRC/MCR and MRRC/MCRR to cp14 and cp15, resolved in the registry at decode time (ARM ARM A5.6 and A6.3.18:
 * the same bits [27:0] in A32 and T32). LDC/STC/CDP to these coprocessors are UNDEFINED.
 */
public final class CpDecoder implements Coprocessors {
    private final CpRegistry registry;

    public CpDecoder(CpRegistry registry) { this.registry = registry; }

    @Override
    public Insn decode(int insn, int pc, boolean thumb) {
        int coproc = (insn >>> 8) & 0xf;
        if (coproc != 14 && coproc != 15) return null;
        int size = 4;
        int rt = (insn >>> 12) & 0xf;
        if ((insn & 0x0f000010) == 0x0e000010) {
            boolean read = (insn & (1 << 20)) != 0;
            int opc1 = (insn >>> 21) & 7, crn = (insn >>> 16) & 0xf, crm = insn & 0xf, opc2 = (insn >>> 5) & 7;
            if (rt == 13 && thumb || (rt == 15 && !read)) return null;
            int key = CpRegistry.key(coproc, opc1, crn, crm, opc2);
            return new CoprocessorTransfer(pc, size, thumb, key, registry.lookup(key), !read, false, rt, 0);
        }
        if ((insn & 0x0fe00000) == 0x0c400000) {
            boolean read = (insn & (1 << 20)) != 0;
            int rt2 = (insn >>> 16) & 0xf, opc1 = (insn >>> 4) & 0xf, crm = insn & 0xf;
            if (rt == 15 || rt2 == 15 || (read && rt == rt2)) return null;
            int key = CpRegistry.key64(coproc, opc1, crm);
            return new CoprocessorTransfer(pc, size, thumb, key, registry.lookup(key), !read, true, rt, rt2);
        }
        return null;
    }
}
