package armvmm.kvm.arm;

import static armvmm.kvm.arm.KvmArmAbi.*;

import armvmm.cpu.ArmCoreRegisters;
import armvmm.cpu.CoreReg;
import armvmm.kvm.sys.VcpuFd;
import java.util.EnumMap;
import java.util.Map;

/**
 * The AArch32 core registers of a 32-bit vCPU on an arm64 host, as KVM keeps them in {@code struct kvm_regs}:
 * the banked registers live in x0-x30 in the architecture's fixed mapping (ARM ARM for ARMv8-A, D1.20.1
 * "Mapping of AArch32 registers to AArch64": r8_usr-r12_usr in x8-x12, SP_hyp in x15, the IRQ, SVC, ABT,
 * UND pairs in x16-x23 with LR first, the FIQ bank in x24-x30), the PC in {@code regs.pc} (not x15), the
 * CPSR in {@code regs.pstate} and the SPSRs in {@code spsr[]}. Monitor and Hyp state (SP_mon, LR_mon,
 * ELR_hyp, SPSR_mon, SPSR_hyp) does not exist for an EL1 guest: it reads as zero and is not written.
 */
public final class Aarch32CoreRegs {
    private Aarch32CoreRegs() {}

    /** CPSR.T (ARM ARM B1.3.3): PSTATE of an AArch32 vCPU is its CPSR. */
    private static final int CPSR_T = 1 << 5;

    /** CoreReg -> KVM core register id, for every register KVM holds. */
    static final Map<CoreReg, Long> IDS = table();

    private static Map<CoreReg, Long> table() {
        Map<CoreReg, Long> m = new EnumMap<>(CoreReg.class);
        CoreReg[] x = {
            CoreReg.R0, CoreReg.R1, CoreReg.R2, CoreReg.R3, CoreReg.R4, CoreReg.R5, CoreReg.R6, CoreReg.R7,
            CoreReg.R8_USR, CoreReg.R9_USR, CoreReg.R10_USR, CoreReg.R11_USR, CoreReg.R12_USR, CoreReg.SP_USR, CoreReg.LR_USR,
            CoreReg.SP_HYP,
            CoreReg.LR_IRQ, CoreReg.SP_IRQ, CoreReg.LR_SVC, CoreReg.SP_SVC, CoreReg.LR_ABT, CoreReg.SP_ABT, CoreReg.LR_UND, CoreReg.SP_UND,
            CoreReg.R8_FIQ, CoreReg.R9_FIQ, CoreReg.R10_FIQ, CoreReg.R11_FIQ, CoreReg.R12_FIQ, CoreReg.SP_FIQ, CoreReg.LR_FIQ,
        };
        for (int i = 0; i < x.length; i++) m.put(x[i], coreRegId(KVM_REGS_REGS + 8 * i));
        m.put(CoreReg.PC, coreRegId(KVM_REGS_PC));
        m.put(CoreReg.CPSR, coreRegId(KVM_REGS_PSTATE));
        m.put(CoreReg.SPSR_SVC, coreRegId(KVM_REGS_SPSR + 8 * KVM_SPSR_SVC));
        m.put(CoreReg.SPSR_ABT, coreRegId(KVM_REGS_SPSR + 8 * KVM_SPSR_ABT));
        m.put(CoreReg.SPSR_UND, coreRegId(KVM_REGS_SPSR + 8 * KVM_SPSR_UND));
        m.put(CoreReg.SPSR_IRQ, coreRegId(KVM_REGS_SPSR + 8 * KVM_SPSR_IRQ));
        m.put(CoreReg.SPSR_FIQ, coreRegId(KVM_REGS_SPSR + 8 * KVM_SPSR_FIQ));
        return m;
    }

    public static long id(CoreReg r) {
        Long id = IDS.get(r);
        if (id == null) throw new IllegalArgumentException(r + " has no KVM core register on an arm64 host");
        return id;
    }

    public static boolean held(CoreReg r) { return IDS.containsKey(r); }

    /** Every register through KVM_GET_ONE_REG (the vCPU's own thread, or a paused vCPU). */
    public static ArmCoreRegisters read(VcpuFd fd) {
        int[] v = new int[CoreReg.values().length];
        for (Map.Entry<CoreReg, Long> e : IDS.entrySet()) v[e.getKey().ordinal()] = (int) fd.getOneReg(e.getValue());
        return new ArmCoreRegisters(v);
    }

    /**
     * Writes the registers that differ from {@code before} (all of them when {@code before} is null). The
     * CPSR goes last: KVM checks its mode field, and the PC's Thumb bit is the CPSR's T, not PC bit 0.
     */
    public static void write(VcpuFd fd, ArmCoreRegisters regs, ArmCoreRegisters before) {
        for (Map.Entry<CoreReg, Long> e : IDS.entrySet()) {
            CoreReg r = e.getKey();
            if (r == CoreReg.CPSR) continue;
            int v = regs.get(r);
            if (r == CoreReg.PC) v &= (regs.get(CoreReg.CPSR) & CPSR_T) != 0 ? ~1 : ~3;
            if (before == null || before.get(r) != v) fd.setOneReg(e.getValue(), v & 0xffff_ffffL);
        }
        if (before == null || before.get(CoreReg.CPSR) != regs.get(CoreReg.CPSR))
            fd.setOneReg(IDS.get(CoreReg.CPSR), regs.get(CoreReg.CPSR) & 0xffff_ffffL);
    }
}
