package armvmm.kvm.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import armvmm.cpu.cortexa15.CortexA15;
import armvmm.cp15.CpReg;
import java.util.List;
import org.junit.jupiter.api.Test;

/** KVM_GET_REG_LIST matched against the cp15 registry through the AArch64 aliases. */
class KvmCp15Test {
    private static long sysreg(int op0, int op1, int crn, int crm, int op2) {
        return 0x6030_0000_0013_0000L | op0 << 14 | op1 << 11 | crn << 7 | crm << 3 | op2;
    }

    @Test
    void registersKvmListsAreMatchedAndTheRestReported() {
        long sctlrEl1 = sysreg(3, 0, 1, 0, 0), farEl1 = sysreg(3, 0, 6, 0, 0), mairEl1 = sysreg(3, 0, 10, 2, 0);
        long idAa64pfr0 = sysreg(3, 0, 0, 4, 0); // an AArch64-only ID register: no AArch32 register lives there
        long pc = Aarch32CoreRegs.id(armvmm.cpu.CoreReg.PC); // a core register: not cp15, neither matched nor reported
        KvmCp15 m = new KvmCp15(KvmCp15.cortexA15(), new long[] {sctlrEl1, farEl1, mairEl1, idAa64pfr0, pc});

        List<CpReg> matched = m.matched();
        assertTrue(matched.containsAll(List.of(CortexA15.SCTLR, CortexA15.DFAR, CortexA15.IFAR, CortexA15.PRRR, CortexA15.NMRR)), matched.toString());
        assertEquals(5, matched.size(), matched.toString());
        assertEquals(List.of(idAa64pfr0), m.unknown());
        assertEquals("S3_0_C0_C4_0", KvmCp15.describe(idAa64pfr0));
    }

    @Test
    void theVirtualTimersCounterAndCompareValueUseKvmsSwappedIds() {
        assertEquals(sysreg(3, 3, 14, 0, 2), KvmCp15.kvmId(armvmm.cpu.timer.GenericTimerRegisters.CNTV_CVAL.aarch64()));
        assertEquals(sysreg(3, 3, 14, 3, 2), KvmCp15.kvmId(armvmm.cpu.timer.GenericTimerRegisters.CNTVCT.aarch64()));
        assertEquals(sysreg(3, 3, 14, 3, 1), KvmCp15.kvmId(armvmm.cpu.timer.GenericTimerRegisters.CNTV_CTL.aarch64()));
    }

    @Test
    void thirtyTwoBitViewsFindTheirSixtyFourBitHome() {
        assertEquals(CortexA15.TTBR0.aarch64(), KvmCp15.alias(CortexA15.TTBR0_32));
        assertEquals(32, KvmCp15.alias(CortexA15.IFAR).lsb());
    }
}
