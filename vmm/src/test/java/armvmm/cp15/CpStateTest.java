package armvmm.cp15;

import armvmm.cpu.cortexa15.Cp14Registers;
import armvmm.cpu.cortexa15.CortexA15;
import static armvmm.cp15.CpAccess.HYP_TRAP;
import static armvmm.cp15.CpAccess.OK;
import static armvmm.cp15.CpAccess.UNDEFINED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CpStateTest {
    private final RecordingHost host = new RecordingHost();
    private final CpState state = CortexA15.registry(List.of(CortexA15.cbar(0x2c00_0000L))).newState(host);

    private static CpReg reg(String field) {
        try {
            return (CpReg) CortexA15.class.getField(field).get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Each row: a register and the outcome of a read and a write at S PL0, S PL1, NS PL0, NS PL1, NS PL2
     * (o = OK, u = UNDEFINED), with every control register at reset.
     */
    @ParameterizedTest
    @CsvSource({
        "SCTLR, uu, oo, uu, oo, oo",
        "MIDR, uu, ou, uu, ou, ou",
        "TPIDRURW, oo, oo, oo, oo, oo",
        "TPIDRURO, ou, oo, ou, oo, oo",
        "SCR, uu, oo, uu, uu, uu",
        "MVBAR, uu, oo, uu, uu, uu",
        "NSACR, uu, oo, uu, ou, ou",
        "HSCTLR, uu, uu, uu, uu, oo",
        "HSTR, uu, uu, uu, uu, oo",
        "CP15DSB, uo, uo, uo, uo, uo",
        "TLBIALL, uu, uo, uu, uo, uo",
        "TLBIALLH, uu, uu, uu, uu, uo",
        "ATS1CPR, uu, uo, uu, uo, uo",
        "ATS12NSOPR, uu, uo, uu, uu, uo",
        "CNTFRQ, uu, oo, uu, ou, ou",
        "CNTPCT, uu, ou, uu, ou, ou",
        "CNTP_CTL, uu, oo, uu, oo, oo",
        "CNTVOFF, uu, uu, uu, uu, oo",
        "PMCR, uu, oo, uu, oo, oo",
        "PMUSERENR, ou, oo, ou, oo, oo",
        "ACTLR, uu, oo, uu, ou, ou",
    })
    void accessRightsAtEveryLevelAndSecurityState(String field, String s0, String s1, String ns0, String ns1, String ns2) {
        CpReg r = reg(field);
        String[] expected = {s0, s1, ns0, ns1, ns2};
        int[] pls = {0, 1, 0, 1, 2};
        for (int i = 0; i < 5; i++) {
            boolean secure = i < 2;
            String got = letter(state.check(r, false, pls[i], secure)) + letter(state.check(r, true, pls[i], secure));
            assertEquals(expected[i], got, field + " at " + (secure ? "S" : "NS") + " PL" + pls[i] + " (read, write)");
        }
    }

    private static String letter(CpAccess a) {
        return switch (a) {
            case OK -> "o";
            case UNDEFINED -> "u";
            case HYP_TRAP -> "h";
        };
    }

    @Test
    void controlBitsWidenAndNarrowRights() {
        // PL0 counter, timer and PMU access follow CNTKCTL and PMUSERENR.EN.
        assertEquals(UNDEFINED, state.check(CortexA15.CNTVCT, false, 0, false));
        state.write(CortexA15.CNTKCTL, 0x2);
        assertEquals(OK, state.check(CortexA15.CNTVCT, false, 0, false));
        assertEquals(OK, state.check(CortexA15.CNTFRQ, false, 0, false));
        assertEquals(UNDEFINED, state.check(CortexA15.CNTPCT, false, 0, false));
        assertEquals(UNDEFINED, state.check(CortexA15.CNTV_CTL, false, 0, false));
        state.write(CortexA15.PMUSERENR, 1);
        assertEquals(OK, state.check(CortexA15.PMCR, true, 0, false));
        // Non-secure ACTLR writes need NSACR.NS_SMP, and then change the SMP bit only.
        state.setSecure(true);
        state.write(CortexA15.NSACR, CortexA15.NSACR_NS_SMP);
        state.setSecure(false);
        assertEquals(OK, state.check(CortexA15.ACTLR, true, 1, false));
        state.write(CortexA15.ACTLR, 0xffff_ffffL);
        assertEquals(0x40, state.peek(CortexA15.ACTLR));
    }

    @Test
    void cnthctlTrapsNonSecurePhysicalCounterAndTimerAccessToHyp() {
        state.poke(CortexA15.CNTHCTL, 0);
        assertEquals(HYP_TRAP, state.check(CortexA15.CNTPCT, false, 1, false));
        assertEquals(HYP_TRAP, state.check(CortexA15.CNTP_TVAL, true, 1, false));
        assertEquals(OK, state.check(CortexA15.CNTPCT, false, 1, true));
        assertEquals(OK, state.check(CortexA15.CNTPCT, false, 2, false));
        assertEquals(OK, state.check(CortexA15.CNTVCT, false, 1, false));
    }

    @Test
    void hstrTrapsNonSecurePl0AndPl1AccessesByPrimaryRegister() {
        state.write(CortexA15.HSTR, 1 << 13 | 1 << 2);
        assertEquals(HYP_TRAP, state.check(CortexA15.TPIDRPRW, false, 1, false));
        assertEquals(HYP_TRAP, state.check(CortexA15.TPIDRURW, true, 0, false));
        assertEquals(HYP_TRAP, state.check(CortexA15.TTBR0, true, 1, false), "MCRR with CRm=2");
        assertEquals(UNDEFINED, state.check(CortexA15.TPIDRPRW, false, 0, false), "PL0 UNDEFINED comes first");
        assertEquals(OK, state.check(CortexA15.TPIDRPRW, false, 1, true), "Secure state is not trapped");
        assertEquals(OK, state.check(CortexA15.TPIDRPRW, false, 2, false), "Hyp mode is not trapped");
        assertEquals(OK, state.check(CortexA15.SCTLR, false, 1, false));
        assertEquals("hyp", host.events.get(host.events.size() - 1));
    }

    @Test
    void hstrTrapsPl1EvenWhatWouldBeUndefinedButNotWhatPl0MayNotDo() {
        state.write(CortexA15.HSTR, 1 << 0 | 1 << 9 | 1 << 15);
        assertEquals(HYP_TRAP, state.check(CortexA15.MIDR, true, 1, false), "a write to a read-only register");
        assertEquals(HYP_TRAP, state.checkUnknown(CpRegistry.key(15, 0, 15, 9, 0), false, 1, false), "an unimplemented encoding");
        assertEquals(UNDEFINED, state.checkUnknown(CpRegistry.key(15, 0, 15, 9, 0), false, 0, false));
        assertEquals(UNDEFINED, state.checkUnknown(CpRegistry.key(15, 0, 11, 0, 0), false, 1, false));
        assertEquals(UNDEFINED, state.check(CortexA15.PMCR, false, 0, false), "PMUSERENR.EN=0 makes PL0 PMCR UNDEFINED first");
        state.write(CortexA15.PMUSERENR, 1);
        assertEquals(HYP_TRAP, state.check(CortexA15.PMCR, false, 0, false));
    }

    @Test
    void hcrHcptrAndHdcrTrapTheirRegistersFromNonSecurePl1() {
        state.write(CortexA15.HCR, 1L << 26 | 1L << 25 | 1L << 18);
        assertEquals(List.of("hyp", "regime"), host.events, "HCR changes traps and the translation regime");
        assertEquals(HYP_TRAP, state.check(CortexA15.SCTLR, true, 1, false), "TVM traps writes");
        assertEquals(OK, state.check(CortexA15.SCTLR, false, 1, false), "... not reads");
        assertEquals(HYP_TRAP, state.check(CortexA15.TTBR0_32, true, 1, false));
        assertEquals(HYP_TRAP, state.check(CortexA15.TLBIMVA, true, 1, false), "TTLB");
        assertEquals(HYP_TRAP, state.check(CortexA15.ID_ISAR0, false, 1, false), "TID3");
        assertEquals(OK, state.check(CortexA15.MIDR, false, 1, false));
        assertEquals(OK, state.check(CortexA15.SCTLR, true, 1, true), "Secure state is not trapped");
        assertEquals(OK, state.check(CortexA15.SCTLR, true, 2, false), "nor Hyp mode");
        assertEquals(OK, state.check(CortexA15.CPACR, true, 1, false));
        state.write(CortexA15.HCPTR, 1L << 31);
        assertEquals(HYP_TRAP, state.check(CortexA15.CPACR, false, 1, false), "TCPAC");
        state.write(CortexA15.PMUSERENR, 1);
        state.write(CortexA15.HDCR, 1L << 6);
        assertEquals(HYP_TRAP, state.check(CortexA15.PMCCNTR, false, 0, false), "TPM traps PL0 too");
        assertEquals(OK, state.check(Cp14Registers.BREAKPOINTS_AND_WATCHPOINTS.get(0), true, 1, false), "debug needs HDCR.TDA");
        state.write(CortexA15.HDCR, 1L << 9);
        assertEquals(HYP_TRAP, state.check(Cp14Registers.BREAKPOINTS_AND_WATCHPOINTS.get(0), true, 1, false));
    }

    @Test
    void monitorModeWithScrNsReachesTheHypRegisters() {
        assertEquals(UNDEFINED, state.check(CortexA15.HVBAR, true, 1, true));
        state.setSecure(true);
        state.write(CortexA15.SCR, 1);
        assertEquals(OK, state.check(CortexA15.HVBAR, true, 1, true));
        assertEquals(OK, state.check(CortexA15.CNTVOFF, true, 1, true));
        assertEquals(UNDEFINED, state.check(CortexA15.TLBIALLH, false, 1, true), "still only as the rights of PL2 allow");
        assertEquals(OK, state.check(CortexA15.SCR, true, 1, true), "Secure PL1 registers stay reachable");
    }

    @Test
    void bankedCopiesAreIndependent() {
        state.setSecure(true);
        state.write(CortexA15.SCTLR, 0x1);
        state.write(CortexA15.TPIDRURW, 0x5ec);
        state.write(CortexA15.TTBR0_32, 0x8000_4000L);
        state.setSecure(false);
        assertEquals(0x00c5_0078L, state.read(CortexA15.SCTLR));
        state.write(CortexA15.TPIDRURW, 0x0e5);
        state.write(CortexA15.TTBR0, 0x0012_0000_8888_0000L);
        assertEquals(0x0e5, state.read(CortexA15.TPIDRURW));
        assertEquals(0x5ec, state.peek(CortexA15.TPIDRURW, true));
        assertEquals(0x00c5_0059L, state.peek(CortexA15.SCTLR, true));
        assertEquals(0x8000_4000L, state.peek(CortexA15.TTBR0, true));
        assertEquals(0x8888_0000L, state.read(CortexA15.TTBR0_32));
        state.setSecure(true);
        assertEquals(0x00c5_0059L, state.read(CortexA15.SCTLR), "CP15BEN written as 0");
        // An unbanked register is one copy whatever the bank.
        state.write(CortexA15.CPACR, 0x00f0_0000L);
        state.setSecure(false);
        assertEquals(0x00f0_0000L, state.read(CortexA15.CPACR));
    }

    @Test
    void theThirtyTwoBitViewChangesOnlyTheLowHalf() {
        state.write(CortexA15.TTBR1, 0x00ab_0000_1111_2000L);
        state.write(CortexA15.TTBR1_32, 0x3333_4000L);
        assertEquals(0x00ab_0000_3333_4000L, state.read(CortexA15.TTBR1));
        state.write(CortexA15.PAR, 0x0000_0012_3456_7891L);
        assertEquals(0x3456_7891L, state.read(CortexA15.PAR_32));
    }

    @Test
    void constantRegistersIgnoreWrites() {
        state.write(CortexA15.MIDR, 0);
        state.write(CortexA15.L2CTLR, 0xffff_ffffL);
        state.write(CortexA15.FCSEIDR, 0x1234);
        assertEquals(CortexA15.MIDR_VALUE, state.read(CortexA15.MIDR));
        assertEquals(0, state.read(CortexA15.L2CTLR));
        assertEquals(0, state.read(CortexA15.FCSEIDR));
    }

    @Test
    void writeMasksKeepReservedAndReadOnlyBits() {
        state.write(CortexA15.SCTLR, 0);
        assertEquals(0x00c5_0078L & ~0x7218_3827L, state.read(CortexA15.SCTLR), "RES1 bits stay set");
        state.write(CortexA15.VBAR, 0x8000_001fL);
        assertEquals(0x8000_0000L, state.read(CortexA15.VBAR));
        state.write(CortexA15.CSSELR, 0xffff_ffffL);
        assertEquals(0xf, state.read(CortexA15.CSSELR));
    }

    @Test
    void hooksReachTheCpu() {
        state.write(CortexA15.SCTLR, 0x00c5_0079L);
        state.write(CortexA15.CONTEXTIDR, 0x42);
        state.write(CortexA15.TLBIMVA, 0x8000_1042L);
        state.write(CortexA15.ITLBIALL, 0);
        state.write(CortexA15.DTLBIASID, 7);
        state.write(CortexA15.TLBIMVAAIS, 0x4000_0000L);
        state.write(CortexA15.ICIALLU, 0);
        state.write(CortexA15.DCCMVAC, 0x1000);
        state.write(CortexA15.CPACR, 0x00f0_0000L);
        state.setSecure(true);
        state.write(CortexA15.SCR, 1);
        assertEquals(List.of("regime", "regime", "tlb MVA 80001042", "tlb ALL 0", "tlb ASID 7", "tlb MVA_ALL_ASID_IS 40000000",
                "icache", "vfp", "scr", "regime"), host.events);
    }

    @Test
    void addressTranslationWritesPar() {
        state.setSecure(true);
        state.write(CortexA15.ATS1CUW, 0xc000_1234L);
        assertEquals("ats ATS1CUW c0001234", host.events.get(0));
        assertEquals(0x1234_5000L, state.read(CortexA15.PAR_32));
        state.setSecure(false);
        assertEquals(0, state.read(CortexA15.PAR_32), "PAR is banked");
    }

    @Test
    void nonSecureCpacrWritesNeedNsacr() {
        state.setSecure(false);
        state.write(CortexA15.CPACR, 0x00f0_0000L);
        assertEquals(0, state.read(CortexA15.CPACR));
        state.setSecure(true);
        state.write(CortexA15.NSACR, CortexA15.NSACR_CP10 | CortexA15.NSACR_CP11);
        state.setSecure(false);
        state.write(CortexA15.CPACR, 0x00f0_0000L);
        assertEquals(0x00f0_0000L, state.read(CortexA15.CPACR));
    }

    @Test
    void readHooksComputeTheValue() {
        state.write(CortexA15.CSSELR, 0);
        assertEquals(CortexA15.CCSIDR_L1D, state.read(CortexA15.CCSIDR));
        state.write(CortexA15.CSSELR, 1);
        assertEquals(CortexA15.CCSIDR_L1I, state.read(CortexA15.CCSIDR));
        state.write(CortexA15.CSSELR, 2);
        assertEquals(CortexA15.CCSIDR_L2, state.read(CortexA15.CCSIDR));
        assertEquals(0x80, state.read(CortexA15.ISR));
        state.write(CortexA15.PMCNTENSET, 0x8000_0000L);
        assertEquals(0x8000_0000L, state.read(CortexA15.PMCNTENCLR));
        state.write(CortexA15.PMCNTENCLR, 0x8000_0000L);
        assertEquals(0, state.read(CortexA15.PMCNTENSET));
    }

    @Test
    void perVcpuValuesComeFromTheHost() {
        CpRegistry reg = CortexA15.registry(List.of());
        assertEquals(0x8000_0000L, reg.newState(new RecordingHost(0, 2)).read(CortexA15.MPIDR));
        assertEquals(0x8000_0001L, reg.newState(new RecordingHost(1, 2)).read(CortexA15.MPIDR));
        assertEquals(0x8000_0101L, reg.newState(new RecordingHost(5, 4)).read(CortexA15.MPIDR), "cluster 1, CPU 1");
        assertEquals(1L << 24, reg.newState(new RecordingHost(1, 2)).read(CortexA15.L2CTLR));
        assertEquals(3L << 24, reg.newState(new RecordingHost(0, 4)).read(CortexA15.L2CTLR));
    }

    @Test
    void resetRestoresBothBanks() {
        state.write(CortexA15.DACR, 0x5555_5555L);
        state.setSecure(true);
        state.write(CortexA15.DACR, 0x1);
        state.poke(CortexA15.MPIDR, 0);
        state.reset();
        assertEquals(0, state.peek(CortexA15.DACR, false));
        assertEquals(0, state.peek(CortexA15.DACR, true));
        assertEquals(0x8000_0000L, state.peek(CortexA15.MPIDR));
    }

    @Test
    void aSnapshotPutsBackBothBanks() {
        state.write(CortexA15.TTBR0, 0x8000_4000L);
        state.setSecure(true);
        state.write(CortexA15.TTBR0, 0x4000_0000L);
        long[] saved = state.saveValues();
        state.reset();
        CpState other = state.registry().newState(new RecordingHost());
        other.restoreValues(saved);
        assertEquals(0x8000_4000L, other.peek(CortexA15.TTBR0, false));
        assertEquals(0x4000_0000L, other.peek(CortexA15.TTBR0, true));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> other.restoreValues(new long[3]));
        assertEquals("a snapshot of 3 values does not fit this registry's " + saved.length, e.getMessage());
    }

    @Test
    void pokeBypassesHooksAndMasks() {
        state.poke(CortexA15.SCTLR, 0);
        assertEquals(0, state.peek(CortexA15.SCTLR));
        assertEquals(List.of(), host.events);
    }
}
