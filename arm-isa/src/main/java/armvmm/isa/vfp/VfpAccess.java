package armvmm.isa.vfp;

import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.cpu.Undefined;

/**
 * Whether the CPU may execute a VFP or Advanced SIMD instruction now (ARM ARM B1.11.x, "Enabling Advanced
 * SIMD and floating-point support"): CPACR cp10/cp11 access for the current privilege, NSACR in the
 * Non-secure state, CPACR.ASEDIS / NSACR.NSASEDIS for Advanced SIMD, and FPEXC.EN. A refused instruction is
 * UNDEFINED, which is how the Linux kernel's lazy VFP context switching learns a task wants the unit.
 * Also the identification registers of the Cortex-A15's unit.
 */
public final class VfpAccess {
    private VfpAccess() {
    }

    /** Cortex-A15 FPSID: implementer ARM, VFPv3+ common subarchitecture v2, part 0x30, variant 0xf. */
    public static final int FPSID = 0x410430f0;
    /** MVFR0: 32 double registers, single and double precision with divide and square root, no short vectors or traps. */
    public static final int MVFR0 = 0x10110222;
    /** MVFR1: VFPv4 fused multiply-add, half precision, and the whole Advanced SIMD. */
    public static final int MVFR1 = 0x11111111;

    public static final int FPEXC_EX = 1 << 31;
    public static final int FPEXC_EN = 1 << 30;
    /** On Cortex-A15 only EX and EN are implemented (no trapped exceptions to report). */
    public static final int FPEXC_WRITABLE = FPEXC_EX | FPEXC_EN;

    static final int CPACR_ASEDIS = 1 << 31;
    static final int NSACR_CP10 = 1 << 10;
    static final int NSACR_NSASEDIS = 1 << 15;

    /** CPACR and NSACR allow cp10/cp11 (and, if {@code simd}, Advanced SIMD) at the current privilege and security state. */
    public static boolean accessible(ArmCpu cpu, boolean simd) {
        // cpu.sys reads the cp15 registry when the CPU has one (CpSystemControl).
        int cpacr = cpu.sys.cpacr();
        int cp10 = (cpacr >>> 20) & 3;
        if (cp10 == 0 || cp10 == 2 || (cp10 == 1 && !cpu.privileged())) {
            return false;
        }
        if (simd && (cpacr & CPACR_ASEDIS) != 0) {
            return false;
        }
        if (!cpu.secure()) {
            int nsacr = cpu.sys.nsacr();
            if ((nsacr & NSACR_CP10) == 0 || (simd && (nsacr & NSACR_NSASEDIS) != 0)) {
                return false;
            }
        }
        return true;
    }

    /** CheckVFPEnabled / CheckAdvSIMDEnabled: UNDEFINED unless accessible and FPEXC.EN is set. */
    public static void checkEnabled(ArmCpu cpu, boolean simd) {
        if (!accessible(cpu, simd) || (cpu.fpexc & FPEXC_EN) == 0) {
            throw Undefined.INSTANCE;
        }
    }

    /** As {@link #begin} for an Advanced SIMD instruction (also refused by ASEDIS/NSASEDIS). */
    public static FpStatus beginSimd(ArmCpu cpu) {
        checkEnabled(cpu, true);
        FpStatus st = cpu.fpStatus;
        st.fpscr = cpu.fpscr;
        return st;
    }

    /**
     * For the VFP data-processing instructions that short vectors would iterate (the three-register ones,
     * VMOV, VABS, VNEG, VSQRT): UNDEFINED while FPSCR.Len or Stride is non-zero, since this unit has no short
     * vectors.
     */
    public static FpStatus beginVectorCapable(ArmCpu cpu) {
        FpStatus st = begin(cpu);
        if ((st.fpscr & Fpscr.LEN_STRIDE) != 0) {
            throw Undefined.INSTANCE;
        }
        return st;
    }

    /** Checks a VFP instruction may run and loads the FPSCR into the flag accumulator; store it back after. */
    public static FpStatus begin(ArmCpu cpu) {
        checkEnabled(cpu, false);
        FpStatus st = cpu.fpStatus;
        st.fpscr = cpu.fpscr;
        return st;
    }
}
