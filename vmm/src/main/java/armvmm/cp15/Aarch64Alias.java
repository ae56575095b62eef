package armvmm.cp15;

/**
 * The AArch64 system register that holds an AArch32 register's state when a 32-bit guest runs on an arm64
 * host (ARM ARM for ARMv8-A, G8.2 "AArch32 to AArch64 register mappings"): SCTLR is SCTLR_EL1[31:0],
 * DFAR is FAR_EL1[31:0], IFAR is FAR_EL1[63:32]. {@code lsb} is 0 or 32: which half of the AArch64 register.
 */
public record Aarch64Alias(String name, int op0, int op1, int crn, int crm, int op2, int lsb) {
    /** KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM64_SYSREG: the prefix of every arm64 system register id. */
    private static final long KVM_SYSREG_PREFIX = 0x6030_0000_0013_0000L;

    public Aarch64Alias {
        if (op0 < 0 || op0 > 3 || op1 < 0 || op1 > 7 || crn < 0 || crn > 15 || crm < 0 || crm > 15 || op2 < 0 || op2 > 7 || (lsb != 0 && lsb != 32))
            throw new IllegalArgumentException("not an AArch64 system register encoding: " + name);
    }

    /** The KVM_GET_ONE_REG/KVM_SET_ONE_REG id of the AArch64 register (arm64 KVM API, KVM_REG_ARM64_SYSREG). */
    public long kvmRegId() { return KVM_SYSREG_PREFIX | op0 << 14 | op1 << 11 | crn << 7 | crm << 3 | op2; }

    @Override
    public String toString() {
        return name + (lsb == 32 ? "[63:32]" : "");
    }
}
