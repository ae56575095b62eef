package armvmm.isa.cpu;

import armvmm.cpu.CpuMode;

/**
 * The AArch32 exceptions this CPU takes (ARM ARM B1.8.1, "Exception vectors and the exception base
 * address"): the offset from the vector base, the mode the exception is taken to, which mask bits entry
 * sets, and the LR offsets from the address of the instruction concerned for ARM and Thumb state.
 *
 * <p>{@code lrArm}/{@code lrThumb} are added to the address of the instruction that caused the exception
 * (for IRQ/FIQ: the instruction that would have executed next; for SVC/SMC/HVC the caller passes the
 * next-instruction address itself).
 */
public enum ExceptionKind {
    RESET(0x00, CpuMode.SVC, true, true, 0, 0),
    UNDEFINED(0x04, CpuMode.UND, false, false, 4, 2),
    SVC(0x08, CpuMode.SVC, false, false, 0, 0),
    SMC(0x08, CpuMode.MON, true, true, 0, 0),
    PREFETCH_ABORT(0x0c, CpuMode.ABT, true, false, 4, 4),
    DATA_ABORT(0x10, CpuMode.ABT, true, false, 8, 8),
    IRQ(0x18, CpuMode.IRQ, true, false, 4, 4),
    FIQ(0x1c, CpuMode.FIQ, true, true, 4, 4);

    public final int offset;
    public final CpuMode mode;
    public final boolean setsA;
    public final boolean setsF;
    public final int lrArm;
    public final int lrThumb;

    ExceptionKind(int offset, CpuMode mode, boolean setsA, boolean setsF, int lrArm, int lrThumb) {
        this.offset = offset;
        this.mode = mode;
        this.setsA = setsA;
        this.setsF = setsF;
        this.lrArm = lrArm;
        this.lrThumb = lrThumb;
    }
}
