package armvmm.cpu;

/** The AArch32 processor modes and their CPSR.M encodings (ARM ARM B1.3.1). */
public enum CpuMode {
    USR(0x10), FIQ(0x11), IRQ(0x12), SVC(0x13), MON(0x16), ABT(0x17), HYP(0x1a), UND(0x1b), SYS(0x1f);

    public final int bits;

    CpuMode(int bits) { this.bits = bits; }

    private static final CpuMode[] BY_BITS = new CpuMode[32];
    static {
        for (CpuMode m : values()) BY_BITS[m.bits & 0x1f] = m;
    }

    /** The mode for CPSR.M, or null for a reserved encoding. */
    public static CpuMode fromBits(int m) { return BY_BITS[m & 0x1f]; }

    public boolean privileged() { return this != USR; }

    /** Whether the mode has its own SPSR (usr and sys do not). */
    public boolean hasSpsr() { return this != USR && this != SYS; }
}
