package armvmm.cp15;

import armvmm.cpu.cortexa15.CortexA15;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CortexA15Test {
    private final CpState state = CortexA15.registry(List.of()).newState(new RecordingHost());

    private long read(int opc1, int crn, int crm, int opc2) {
        return state.read(state.registry().lookup(CpRegistry.key(15, opc1, crn, crm, opc2)));
    }

    /** Values of an r2p2 part as QEMU's cortex-a15 and the Cortex-A15 TRM (DDI 0438) give them, read by encoding. */
    @Test
    void identificationRegistersHoldTheCortexA15Values() {
        assertEquals(0x412fc0f2L, read(0, 0, 0, 0), "MIDR: ARM, r2p2, part 0xc0f");
        assertEquals(0x8444c004L, read(0, 0, 0, 1), "CTR");
        assertEquals(0, read(0, 0, 0, 2), "TCMTR");
        assertEquals(0, read(0, 0, 0, 3), "TLBTR");
        assertEquals(0x80000000L, read(0, 0, 0, 5), "MPIDR");
        assertEquals(0, read(0, 0, 0, 6), "REVIDR");
        long[] c0c1 = {0x00001131L, 0x00011011L, 0x02010555L, 0, 0x10201105L, 0x20000000L, 0x01240000L, 0x02102211L};
        for (int i = 0; i < 8; i++) assertEquals(c0c1[i], read(0, 0, 1, i), "c0,c1," + i);
        long[] c0c2 = {0x02101110L, 0x13112111L, 0x21232041L, 0x11112131L, 0x10011142L, 0};
        for (int i = 0; i < 6; i++) assertEquals(c0c2[i], read(0, 0, 2, i), "ID_ISAR" + i);
        assertEquals(0x0a200023L, read(1, 0, 0, 1), "CLIDR: L1 I+D, L2 unified, LoC 2, LoUU 1, LoUIS 1");
        assertEquals(0, read(1, 0, 0, 7), "AIDR");
        assertEquals(0x00c50078L, read(0, 1, 0, 0), "SCTLR at reset");
    }

    @Test
    void theIdsTellLinuxAboutLpaeDivideAndTheExtensions() {
        assertEquals(5, CortexA15.ID_MMFR0.resetValue() & 0xf, "VMSAv7 with PXN and long descriptors");
        assertEquals(2, CortexA15.ID_ISAR0.resetValue() >> 24 & 0xf, "SDIV/UDIV in ARM and Thumb");
        assertEquals(1, CortexA15.ID_PFR1.resetValue() >> 4 & 0xf, "Security Extensions");
        assertEquals(1, CortexA15.ID_PFR1.resetValue() >> 12 & 0xf, "Virtualization Extensions");
        assertEquals(1, CortexA15.ID_PFR1.resetValue() >> 16 & 0xf, "Generic Timer");
    }

    @Test
    void cacheSizeIdsFollowCsselr() {
        long[] expect = {0x701fe00aL, 0x201fe00aL, 0x711fe07aL};
        for (int sel = 0; sel < 3; sel++) {
            state.write(CortexA15.CSSELR, sel);
            assertEquals(expect[sel], read(1, 0, 0, 0), "CSSELR " + sel);
        }
    }

    @Test
    void aarch64AliasesGiveKvmRegisterIds() {
        // ARM64_SYS_REG(3, 0, 1, 0, 0) and ARM64_SYS_REG(3, 3, 14, 3, 1) in the arm64 KVM API.
        assertEquals(0x6030_0000_0013_c080L, CortexA15.SCTLR.aarch64().kvmRegId());
        assertEquals(0x6030_0000_0013_df19L, CortexA15.CNTV_CTL.aarch64().kvmRegId());
        assertEquals(32, CortexA15.IFAR.aarch64().lsb());
        // KVM_REG_ARM_TIMER_CTL = ARM_CP15_REG32(0, 14, 3, 1) and ARM_CP15_REG64(1, 14) in the 32-bit arm KVM API.
        assertEquals(0x4020_0000_000f_7181L, CortexA15.CNTV_CTL.encoding().kvmArm32RegId());
        assertEquals(0x4030_0000_000f_0708L, CortexA15.CNTVCT.encoding().kvmArm32RegId());
        assertEquals(CortexA15.DFAR.aarch64().kvmRegId(), CortexA15.IFAR.aarch64().kvmRegId());
    }

    @Test
    void aliasesAreOneRegister() {
        assertSame(CortexA15.PRRR, CortexA15.MAIR0);
        assertSame(CortexA15.NMRR, CortexA15.MAIR1);
        assertSame(CortexA15.TTBR0, CortexA15.TTBR0_32.lowHalfOf());
    }

    @Test
    void theSetHasEveryRegisterTheIssueNames() {
        Set<String> names = new HashSet<>();
        for (CpReg r : CortexA15.definitions()) names.add(r.name());
        for (String n : List.of("MIDR", "MPIDR", "CTR", "TCMTR", "TLBTR", "REVIDR", "ID_PFR0", "ID_PFR1", "ID_DFR0", "ID_AFR0",
                "ID_MMFR0", "ID_MMFR3", "ID_ISAR0", "ID_ISAR5", "CCSIDR", "CLIDR", "CSSELR", "AIDR", "SCTLR", "ACTLR", "CPACR", "SCR",
                "SDER", "NSACR", "TTBR0", "TTBR1", "TTBCR", "DACR", "DFSR", "IFSR", "ADFSR", "AIFSR", "DFAR", "IFAR", "PAR",
                "ICIALLU", "DCCMVAC", "TLBIALL", "TLBIMVA", "ATS1CPR", "ATS1CUW", "PRRR/MAIR0", "NMRR/MAIR1", "AMAIR0", "AMAIR1",
                "VBAR", "MVBAR", "ISR", "CONTEXTIDR", "TPIDRURW", "TPIDRURO", "TPIDRPRW", "CNTFRQ", "CNTPCT", "CNTVCT", "CNTKCTL",
                "CNTP_TVAL", "CNTP_CTL", "CNTP_CVAL", "CNTV_TVAL", "CNTV_CTL", "CNTV_CVAL", "PMCR", "PMCCNTR", "PMUSERENR",
                "L2CTLR", "L2ECTLR"))
            assertTrue(names.contains(n), n);
        for (CpReg r : CortexA15.definitions()) assertNotNull(r.rights());
    }
}
