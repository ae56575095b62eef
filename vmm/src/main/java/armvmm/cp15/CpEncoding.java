package armvmm.cp15;

/**
 * Where a register sits in the coprocessor space: the MRC/MCR form {@code <cp>, <opc1>, <CRn>, <CRm>, <opc2>}
 * or, for 64-bit registers, the MRRC/MCRR form {@code <cp>, <opc1>, <CRm>} (then crn and opc2 are 0).
 */
public record CpEncoding(int cp, int opc1, int crn, int crm, int opc2, boolean wide) {
    public CpEncoding {
        if (cp < 0 || cp > 15 || opc1 < 0 || opc1 > (wide ? 15 : 7) || crn < 0 || crn > 15 || crm < 0 || crm > 15 || opc2 < 0 || opc2 > 7)
            throw new IllegalArgumentException("not a coprocessor encoding: cp" + cp + " opc1=" + opc1 + " CRn=" + crn + " CRm=" + crm + " opc2=" + opc2);
        if (wide && (crn != 0 || opc2 != 0)) throw new IllegalArgumentException("the MCRR/MRRC form has no CRn or opc2");
    }

    public static CpEncoding of(int cp, int opc1, int crn, int crm, int opc2) { return new CpEncoding(cp, opc1, crn, crm, opc2, false); }

    public static CpEncoding of64(int cp, int opc1, int crm) { return new CpEncoding(cp, opc1, 0, crm, 0, true); }

    /** Decodes a {@link CpRegistry#key} or {@link CpRegistry#key64} value. */
    public static CpEncoding ofKey(int key) {
        boolean wide = (key & CpRegistry.WIDE) != 0;
        return new CpEncoding((key >>> 16) & 0xf, (key >>> 12) & 0xf, (key >>> 8) & 0xf, (key >>> 4) & 0xf, key & 0xf, wide);
    }

    public int key() { return wide ? CpRegistry.key64(cp, opc1, crm) : CpRegistry.key(cp, opc1, crn, crm, opc2); }

    /**
     * The KVM_GET_ONE_REG id of this register on a 32-bit ARM KVM host (the arm KVM API: KVM_REG_ARM, the
     * size, the coprocessor, then CRn, CRm, opc1, opc2 at their KVM_REG_ARM_*_SHIFT positions). arm64 hosts
     * use {@link Aarch64Alias#kvmRegId()} instead.
     */
    public long kvmArm32RegId() {
        long kvmRegArm = 0x4000_0000_0000_0000L, sizeU32 = 0x0020_0000_0000_0000L, sizeU64 = 0x0030_0000_0000_0000L;
        return kvmRegArm | (wide ? sizeU64 : sizeU32) | (long) cp << 16 | crn << 11 | crm << 7 | opc1 << 3 | opc2;
    }

    /** The width of the register this form reaches: 64 for MRRC/MCRR, else 32. */
    public int width() { return wide ? 64 : 32; }

    /** The assembler operands: {@code p15,0,c1,c0,0} or {@code p15,0,c2} (MRRC/MCRR). */
    @Override
    public String toString() {
        return wide ? "p" + cp + "," + opc1 + ",c" + crm : "p" + cp + "," + opc1 + ",c" + crn + ",c" + crm + "," + opc2;
    }

    /** The instruction as a guest would write it: {@code MRC p15,0,c1,c0,0}. */
    public String instruction(boolean write) {
        return (wide ? (write ? "MCRR " : "MRRC ") : (write ? "MCR " : "MRC ")) + this;
    }
}
