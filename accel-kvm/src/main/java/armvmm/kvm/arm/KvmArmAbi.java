package armvmm.kvm.arm;

/**
 * The arm64 slice of the KVM API ({@code arch/arm64/include/uapi/asm/kvm.h}) the ARM half uses: vCPU
 * features, core register ids of {@code struct kvm_regs}, KVM_IRQ_LINE encoding and the vGIC device's
 * attributes. {@code KvmArmAbiTest} checks every constant against the arm64 kernel headers.
 */
public final class KvmArmAbi {
    private KvmArmAbi() {}

    // ---- kvm_vcpu_init.features[] bit numbers ----
    public static final int KVM_ARM_VCPU_POWER_OFF = 0;
    public static final int KVM_ARM_VCPU_EL1_32BIT = 1;
    public static final int KVM_ARM_VCPU_PSCI_0_2 = 2;

    // ---- register ids (KVM_GET/SET_ONE_REG) ----
    public static final long KVM_REG_ARM64 = 0x6000_0000_0000_0000L;
    public static final long KVM_REG_SIZE_U64 = 0x0030_0000_0000_0000L;
    public static final long KVM_REG_ARM_COPROC_MASK = 0x0000_0000_0FFF_0000L;
    public static final long KVM_REG_ARM_CORE = 0x0010L << 16;
    public static final long KVM_REG_ARM64_SYSREG = 0x0013L << 16;

    /** struct kvm_regs: user_pt_regs (regs[31], sp, pc, pstate), sp_el1, elr_el1, spsr[5], then fp_regs. */
    public static final int KVM_REGS_REGS = 0, KVM_REGS_SP = 248, KVM_REGS_PC = 256, KVM_REGS_PSTATE = 264,
            KVM_REGS_SP_EL1 = 272, KVM_REGS_ELR_EL1 = 280, KVM_REGS_SPSR = 288;
    /** Indices into kvm_regs.spsr[]: the AArch32 SPSRs (SPSR_svc is SPSR_EL1). */
    public static final int KVM_SPSR_EL1 = 0, KVM_SPSR_SVC = KVM_SPSR_EL1, KVM_SPSR_ABT = 1, KVM_SPSR_UND = 2,
            KVM_SPSR_IRQ = 3, KVM_SPSR_FIQ = 4;

    /**
     * The virtual timer's counter and compare value as KVM numbers them: swapped against the architecture
     * (CNTVCT_EL0 is S3_3_C14_C0_2, CNTV_CVAL_EL0 is S3_3_C14_C3_2), a slip the ABI has kept.
     */
    public static final long KVM_REG_ARM_TIMER_CNT = KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM64_SYSREG | 3 << 14 | 3 << 11 | 14 << 7 | 3 << 3 | 2;
    public static final long KVM_REG_ARM_TIMER_CVAL = KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM64_SYSREG | 3 << 14 | 3 << 11 | 14 << 7 | 0 << 3 | 2;

    /** KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | the field's offset in struct kvm_regs / 4. */
    public static long coreRegId(int offset) { return KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | (offset / 4); }

    // ---- KVM_IRQ_LINE: irq = vcpu2_index[31:28] | irq_type[27:24] | vcpu_index[23:16] | irq_id[15:0] ----
    public static final int KVM_ARM_IRQ_TYPE_SHIFT = 24, KVM_ARM_IRQ_VCPU_SHIFT = 16;
    public static final int KVM_ARM_IRQ_TYPE_CPU = 0, KVM_ARM_IRQ_TYPE_SPI = 1, KVM_ARM_IRQ_TYPE_PPI = 2;
    public static final int KVM_ARM_IRQ_CPU_IRQ = 0, KVM_ARM_IRQ_CPU_FIQ = 1;

    // ---- the vGIC devices (KVM_DEV_TYPE_ARM_VGIC_V2, KVM_DEV_TYPE_ARM_VGIC_V3) ----
    public static final int KVM_DEV_ARM_VGIC_GRP_ADDR = 0;
    public static final int KVM_DEV_ARM_VGIC_GRP_NR_IRQS = 3;
    public static final int KVM_DEV_ARM_VGIC_GRP_CTRL = 4;
    public static final int KVM_VGIC_V2_ADDR_TYPE_DIST = 0, KVM_VGIC_V2_ADDR_TYPE_CPU = 1;
    public static final int KVM_VGIC_V3_ADDR_TYPE_DIST = 2, KVM_VGIC_V3_ADDR_TYPE_REDIST = 3;
    public static final int KVM_DEV_ARM_VGIC_CTRL_INIT = 0;
}
