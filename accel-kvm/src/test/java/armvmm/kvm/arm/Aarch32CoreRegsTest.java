package armvmm.kvm.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import armvmm.cpu.CoreReg;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

/** The AArch32 view of arm64 struct kvm_regs: ids as the KVM API documentation's arm64 core register table lists them. */
class Aarch32CoreRegsTest {
    @Test
    void idsAreTheDocumentedArm64CoreRegisterIds() {
        assertEquals(0x6030_0000_0010_0000L, Aarch32CoreRegs.id(CoreReg.R0));       // X0
        assertEquals(0x6030_0000_0010_0040L, Aarch32CoreRegs.id(CoreReg.PC));       // PC, not X15
        assertEquals(0x6030_0000_0010_0042L, Aarch32CoreRegs.id(CoreReg.CPSR));     // PSTATE
        assertEquals(0x6030_0000_0010_0048L, Aarch32CoreRegs.id(CoreReg.SPSR_SVC)); // SPSR_EL1
        assertEquals(0x6030_0000_0010_004aL, Aarch32CoreRegs.id(CoreReg.SPSR_ABT));
        assertEquals(0x6030_0000_0010_004cL, Aarch32CoreRegs.id(CoreReg.SPSR_UND));
        assertEquals(0x6030_0000_0010_004eL, Aarch32CoreRegs.id(CoreReg.SPSR_IRQ));
        assertEquals(0x6030_0000_0010_0050L, Aarch32CoreRegs.id(CoreReg.SPSR_FIQ));
    }

    @Test
    void bankedRegistersFollowTheArchitecturesAarch32ToAarch64Mapping() {
        // ARM ARM (ARMv8-A) D1.20.1: x13 SP_usr, x14 LR_usr, x15 SP_hyp, x16 LR_irq, x17 SP_irq, x18 LR_svc,
        // x19 SP_svc, x20 LR_abt, x21 SP_abt, x22 LR_und, x23 SP_und, x24-x28 r8_fiq-r12_fiq, x29 SP_fiq, x30 LR_fiq
        Object[][] table = {
            {CoreReg.R12_USR, 12}, {CoreReg.SP_USR, 13}, {CoreReg.LR_USR, 14}, {CoreReg.SP_HYP, 15},
            {CoreReg.LR_IRQ, 16}, {CoreReg.SP_IRQ, 17}, {CoreReg.LR_SVC, 18}, {CoreReg.SP_SVC, 19},
            {CoreReg.LR_ABT, 20}, {CoreReg.SP_ABT, 21}, {CoreReg.LR_UND, 22}, {CoreReg.SP_UND, 23},
            {CoreReg.R8_FIQ, 24}, {CoreReg.R12_FIQ, 28}, {CoreReg.SP_FIQ, 29}, {CoreReg.LR_FIQ, 30},
        };
        for (Object[] row : table)
            assertEquals(0x6030_0000_0010_0000L + 2L * (int) row[1], Aarch32CoreRegs.id((CoreReg) row[0]), row[0].toString());
    }

    @Test
    void monitorAndHypStateIsNotAnEl1GuestsAndEveryIdIsDistinct() {
        for (CoreReg r : new CoreReg[] {CoreReg.SP_MON, CoreReg.LR_MON, CoreReg.ELR_HYP, CoreReg.SPSR_MON, CoreReg.SPSR_HYP})
            assertFalse(Aarch32CoreRegs.held(r), r.toString());
        assertEquals(Aarch32CoreRegs.IDS.size(), new HashSet<>(Aarch32CoreRegs.IDS.values()).size());
        assertEquals(CoreReg.values().length - 5, Aarch32CoreRegs.IDS.size());
    }
}
