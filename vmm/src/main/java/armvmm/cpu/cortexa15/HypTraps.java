package armvmm.cpu.cortexa15;

import armvmm.cp15.CpAccess;
import armvmm.cp15.CpEncoding;
import armvmm.cp15.CpReg;
import armvmm.cp15.CpRegistry;
import armvmm.cp15.CpState;

import static armvmm.cpu.cortexa15.CortexA15.*;
import static armvmm.cpu.cortexa15.Cp14Registers.*;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Virtualization Extensions' traps of Non-secure PL0/PL1 coprocessor accesses to Hyp mode (ARM ARM B1.14
 * "Traps to the hypervisor"), as a table: HSTR by primary register, then the HCR, HCPTR and HDCR bits by
 * register. And the one rule that widens access: Monitor mode with SCR.NS=1 reaches the Hyp registers (B1.7;
 * a Secure PL1 mode with SCR.NS set can only be Monitor mode). Not applied: HCR.TIDCP (the IMPLEMENTATION
 * DEFINED lockdown, DMA and TCM space).
 */
final class HypTraps {
    private HypTraps() {}

    enum On {
        READS, WRITES, BOTH;

        boolean covers(boolean write) { return this == BOTH || (this == WRITES) == write; }
    }

    /** {@code control.bit} traps {@code on} accesses to {@code registers} from Non-secure PL1 and, if {@code pl0}, PL0. */
    private record Trap(String name, CpReg control, long bit, On on, boolean pl0, List<CpReg> registers) {}

    private static final List<Trap> TABLE = List.of(
            new Trap("HCR.TVM", HCR, 1L << 26, On.WRITES, false, List.of(SCTLR, TTBR0, TTBR0_32, TTBR1, TTBR1_32, TTBCR, DACR, DFSR,
                    IFSR, DFAR, IFAR, ADFSR, AIFSR, PRRR, NMRR, AMAIR0, AMAIR1, CONTEXTIDR)),
            new Trap("HCR.TTLB", HCR, 1L << 25, On.WRITES, false, List.of(TLBIALLIS, TLBIMVAIS, TLBIASIDIS, TLBIMVAAIS, ITLBIALL,
                    ITLBIMVA, ITLBIASID, DTLBIALL, DTLBIMVA, DTLBIASID, TLBIALL, TLBIMVA, TLBIASID, TLBIMVAA)),
            new Trap("HCR.TPU", HCR, 1L << 24, On.WRITES, false, List.of(ICIMVAU, ICIALLU, ICIALLUIS, DCCMVAU)),
            new Trap("HCR.TPC", HCR, 1L << 23, On.WRITES, false, List.of(DCIMVAC, DCCIMVAC, DCCMVAC)),
            new Trap("HCR.TSW", HCR, 1L << 22, On.WRITES, false, List.of(DCISW, DCCSW, DCCISW)),
            new Trap("HCR.TAC", HCR, 1L << 21, On.BOTH, false, List.of(ACTLR)),
            new Trap("HCR.TID3", HCR, 1L << 18, On.READS, false, List.of(ID_PFR0, ID_PFR1, ID_DFR0, ID_AFR0, ID_MMFR0, ID_MMFR1,
                    ID_MMFR2, ID_MMFR3, ID_ISAR0, ID_ISAR1, ID_ISAR2, ID_ISAR3, ID_ISAR4, ID_ISAR5)),
            new Trap("HCR.TID2", HCR, 1L << 17, On.READS, false, List.of(CTR, CCSIDR, CLIDR, CSSELR)),
            new Trap("HCR.TID2", HCR, 1L << 17, On.WRITES, false, List.of(CSSELR)),
            new Trap("HCR.TID1", HCR, 1L << 16, On.READS, false, List.of(TCMTR, TLBTR, AIDR, REVIDR)),
            new Trap("HCR.TID0", HCR, 1L << 15, On.READS, true, List.of(JIDR)),
            new Trap("HCPTR.TCPAC", HCPTR, 1L << 31, On.BOTH, false, List.of(CPACR)),
            new Trap("HDCR.TPMCR", HDCR, 1L << 5, On.BOTH, true, List.of(PMCR)),
            new Trap("HDCR.TPM", HDCR, 1L << 6, On.BOTH, true, List.of(PMCR, PMCNTENSET, PMCNTENCLR, PMOVSR, PMSWINC, PMSELR, PMCEID0,
                    PMCEID1, PMCCNTR, PMXEVTYPER, PMXEVCNTR, PMUSERENR, PMINTENSET, PMINTENCLR, PMOVSSET)),
            new Trap("HDCR.TDRA", HDCR, 1L << 11, On.BOTH, true, List.of(DBGDRAR, DBGDSAR)),
            new Trap("HDCR.TDOSA", HDCR, 1L << 10, On.BOTH, false, List.of(DBGOSLAR, DBGOSLSR, DBGOSDLR, DBGPRCR)),
            new Trap("HDCR.TDA", HDCR, 1L << 9, On.BOTH, false, debugRegisters()));

    private static final Map<CpReg, List<Trap>> BY_REGISTER = new IdentityHashMap<>();
    static {
        for (Trap t : TABLE) for (CpReg r : t.registers()) BY_REGISTER.computeIfAbsent(r, k -> new ArrayList<>()).add(t);
    }

    private static List<CpReg> debugRegisters() {
        List<CpReg> all = new ArrayList<>(List.of(DBGDSCREXT, DBGVCR));
        all.addAll(BREAKPOINTS_AND_WATCHPOINTS);
        return all;
    }

    /** The {@link CpRegistry.Trap} of a Cortex-A15. */
    static CpAccess check(CpState s, CpEncoding e, CpReg r, boolean write, int pl, boolean secure) {
        if (secure) {
            boolean monitorNs = pl == 1 && (s.peek(SCR) & SCR_NS) != 0;
            return monitorNs && r != null && !r.rights().allows(write, 1, true) && r.rights().allows(write, 2, false) ? CpAccess.OK : null;
        }
        if (pl >= 2) return null;
        if (e.cp() == 15) {
            int n = e.wide() ? e.crm() : e.crn();
            if (n != 4 && n != 14 && (s.peek(HSTR) >>> n & 1) != 0) return CpAccess.HYP_TRAP;
        }
        List<Trap> traps = r == null ? null : BY_REGISTER.get(r);
        if (traps == null) return null;
        for (Trap t : traps)
            if ((pl == 1 || t.pl0()) && t.on().covers(write) && (s.peek(t.control()) & t.bit()) != 0) return CpAccess.HYP_TRAP;
        return null;
    }
}
