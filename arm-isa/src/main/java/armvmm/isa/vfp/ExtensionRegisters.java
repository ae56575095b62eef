package armvmm.isa.vfp;

import armvmm.isa.cpu.ArmCpu;

/**
 * Views of the extension register file ({@link ArmCpu#d}, D0-D31, ARM ARM A2.6.1): S2n is the low word of
 * Dn and S2n+1 the high word (S0-S31 alias D0-D15); Qn is D2n+1:D2n.
 */
public final class ExtensionRegisters {
    private ExtensionRegisters() {
    }

    /** S[n] as an unsigned 32-bit pattern in a long. */
    public static long s(ArmCpu cpu, int n) {
        long d = cpu.d[n >> 1];
        return (n & 1) == 0 ? d & 0xffffffffL : d >>> 32;
    }

    public static void setS(ArmCpu cpu, int n, long value) {
        int i = n >> 1;
        long d = cpu.d[i];
        cpu.d[i] = (n & 1) == 0 ? (d & 0xffffffff00000000L) | (value & 0xffffffffL) : (d & 0xffffffffL) | (value << 32);
    }
}
