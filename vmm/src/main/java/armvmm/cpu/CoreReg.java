package armvmm.cpu;

/**
 * Every AArch32 core register in the architecture's banking (ARM ARM B1.3.2, "ARM core registers"),
 * each once: what a snapshot saves, what KVM's core register ids and gdb's register numbers map onto.
 */
public enum CoreReg {
    R0, R1, R2, R3, R4, R5, R6, R7,
    R8_USR, R9_USR, R10_USR, R11_USR, R12_USR, SP_USR, LR_USR,
    R8_FIQ, R9_FIQ, R10_FIQ, R11_FIQ, R12_FIQ, SP_FIQ, LR_FIQ,
    SP_IRQ, LR_IRQ, SP_SVC, LR_SVC, SP_ABT, LR_ABT, SP_UND, LR_UND, SP_MON, LR_MON, SP_HYP, ELR_HYP,
    PC, CPSR,
    SPSR_FIQ, SPSR_IRQ, SPSR_SVC, SPSR_ABT, SPSR_UND, SPSR_MON, SPSR_HYP;

    private static final CoreReg[] VALUES = values();

    /** The register that {@code Rn} names in {@code mode} (n = 0..15). */
    public static CoreReg banked(CpuMode mode, int n) {
        if (n < 8) return VALUES[R0.ordinal() + n];
        if (n == 15) return PC;
        if (mode == CpuMode.FIQ) return VALUES[R8_FIQ.ordinal() + n - 8];
        if (n < 13) return VALUES[R8_USR.ordinal() + n - 8];
        boolean sp = n == 13;
        return switch (mode) {
            case USR, SYS -> sp ? SP_USR : LR_USR;
            case IRQ -> sp ? SP_IRQ : LR_IRQ;
            case SVC -> sp ? SP_SVC : LR_SVC;
            case ABT -> sp ? SP_ABT : LR_ABT;
            case UND -> sp ? SP_UND : LR_UND;
            case MON -> sp ? SP_MON : LR_MON;
            // Hyp mode uses the user-mode LR (ELR_hyp is separate), ARM ARM B1.3.2.
            case HYP -> sp ? SP_HYP : LR_USR;
            case FIQ -> throw new AssertionError();
        };
    }

    /** The SPSR of a mode that has one. */
    public static CoreReg spsr(CpuMode mode) {
        return switch (mode) {
            case FIQ -> SPSR_FIQ;
            case IRQ -> SPSR_IRQ;
            case SVC -> SPSR_SVC;
            case ABT -> SPSR_ABT;
            case UND -> SPSR_UND;
            case MON -> SPSR_MON;
            case HYP -> SPSR_HYP;
            case USR, SYS -> throw new IllegalArgumentException(mode + " has no SPSR");
        };
    }
}
