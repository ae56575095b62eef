package armvmm.cpu.cortexa15;

import armvmm.cp15.AtsOp;
import armvmm.cp15.CpAccess;
import armvmm.cp15.CpReg;
import armvmm.cp15.CpRegistry;
import armvmm.cp15.CpState;
import armvmm.cp15.TlbOp;

import static armvmm.cp15.CpReg.cp15;
import static armvmm.cp15.CpReg.cp15x64;

import armvmm.cpu.timer.GenericTimerRegisters;
import java.util.ArrayList;
import java.util.List;

/**
 * The Cortex-A15 (r2p2) coprocessor registers, as a table: ARM ARM (ARMv7-A/R, issue C) B4.1 and the
 * Cortex-A15 TRM (r2p0+) chapter 4 "System Control". The identification values are those QEMU's cortex-a15
 * reports (CTR, ID_*, CLIDR, CCSIDR), with the MIDR of an r2p2 part (QEMU reports r2p1, 0x412fc0f1, or in
 * newer versions r4p0): Linux sees a Cortex-A15 with LPAE, VFPv4, NEON and integer divide.
 *
 * <p>The cp14 registers (debug, ThumbEE, Jazelle) are in {@link Cp14Registers}, the generic timer's in
 * {@link GenericTimerRegisters}; {@link #definitions()} includes both. Registers other code reads directly
 * are public fields. Two encodings that name one register (PRRR and
 * MAIR0, NMRR and MAIR1, which LPAE reinterprets) are one entry; the 32-bit MRC/MCR forms of 64-bit LPAE
 * registers (TTBR0, TTBR1, PAR) are views of their bits[31:0].
 */
public final class CortexA15 {
    private CortexA15() {}

    public static final long MIDR_VALUE = 0x412fc0f2L;

    // ---- c0: identification (ARM ARM B4.1.105 MIDR, B4.1.106 MPIDR; A15 TRM 4.3) ----
    public static final CpReg MIDR = cp15("MIDR", 0, 0, 0, 0).constant(MIDR_VALUE).aarch64("MIDR_EL1", 3, 0, 0, 0, 0).build();
    public static final CpReg CTR = cp15("CTR", 0, 0, 0, 1).constant(0x8444c004L).aarch64("CTR_EL0", 3, 3, 0, 0, 1).build();
    public static final CpReg TCMTR = cp15("TCMTR", 0, 0, 0, 2).constant(0).build();
    public static final CpReg TLBTR = cp15("TLBTR", 0, 0, 0, 3).constant(0).build();
    /** Bit 31: the multiprocessing extensions; Aff1 the cluster, Aff0 the CPU within it. */
    public static final CpReg MPIDR = cp15("MPIDR", 0, 0, 0, 5).constant(0)
            .resetFrom(h -> 0x8000_0000L | (long) (h.cpuIndex() / h.cpuCount()) << 8 | h.cpuIndex() % h.cpuCount())
            .aarch64("MPIDR_EL1", 3, 0, 0, 0, 5).build();
    public static final CpReg REVIDR = cp15("REVIDR", 0, 0, 0, 6).constant(0).aarch64("REVIDR_EL1", 3, 0, 0, 0, 6).build();
    /** c0, c0 opc2 4 and 7 are unallocated in a VMSA implementation and read as MIDR (ARM ARM B4.1.105, c0 register summary). */
    public static final CpReg MIDR_ALIAS4 = cp15("MIDR", 0, 0, 0, 4).constant(MIDR_VALUE).build();
    public static final CpReg MIDR_ALIAS7 = cp15("MIDR", 0, 0, 0, 7).constant(MIDR_VALUE).build();

    public static final CpReg ID_PFR0 = id("ID_PFR0", 1, 0, 0x00001131L);
    public static final CpReg ID_PFR1 = id("ID_PFR1", 1, 1, 0x00011011L);
    public static final CpReg ID_DFR0 = id("ID_DFR0", 1, 2, 0x02010555L);
    public static final CpReg ID_AFR0 = id("ID_AFR0", 1, 3, 0);
    public static final CpReg ID_MMFR0 = id("ID_MMFR0", 1, 4, 0x10201105L);
    public static final CpReg ID_MMFR1 = id("ID_MMFR1", 1, 5, 0x20000000L);
    public static final CpReg ID_MMFR2 = id("ID_MMFR2", 1, 6, 0x01240000L);
    public static final CpReg ID_MMFR3 = id("ID_MMFR3", 1, 7, 0x02102211L);
    public static final CpReg ID_ISAR0 = id("ID_ISAR0", 2, 0, 0x02101110L);
    public static final CpReg ID_ISAR1 = id("ID_ISAR1", 2, 1, 0x13112111L);
    public static final CpReg ID_ISAR2 = id("ID_ISAR2", 2, 2, 0x21232041L);
    public static final CpReg ID_ISAR3 = id("ID_ISAR3", 2, 3, 0x11112131L);
    public static final CpReg ID_ISAR4 = id("ID_ISAR4", 2, 4, 0x10011142L);
    public static final CpReg ID_ISAR5 = id("ID_ISAR5", 2, 5, 0);

    /** Cache size IDs selected by CSSELR (Level[3:1], InD[0]): L1 data, L1 instruction, L2 unified. */
    public static final long CCSIDR_L1D = 0x701fe00aL, CCSIDR_L1I = 0x201fe00aL, CCSIDR_L2 = 0x711fe07aL;
    public static final CpReg CSSELR = cp15("CSSELR", 2, 0, 0, 0).banked().writeMask(0xf).aarch64("CSSELR_EL1", 3, 2, 0, 0, 0).build();
    public static final CpReg CCSIDR = cp15("CCSIDR", 1, 0, 0, 0).constant(0).onRead((s, r) -> switch ((int) s.peek(CSSELR)) {
        case 0 -> CCSIDR_L1D;
        case 1 -> CCSIDR_L1I;
        case 2 -> CCSIDR_L2;
        default -> 0; // no such cache: the value is UNKNOWN
    }).aarch64("CCSIDR_EL1", 3, 1, 0, 0, 0).build();
    public static final CpReg CLIDR = cp15("CLIDR", 1, 0, 0, 1).constant(0x0a200023L).aarch64("CLIDR_EL1", 3, 1, 0, 0, 1).build();
    public static final CpReg AIDR = cp15("AIDR", 1, 0, 0, 7).constant(0).aarch64("AIDR_EL1", 3, 1, 0, 0, 7).build();
    public static final CpReg VPIDR = cp15("VPIDR", 4, 0, 0, 0).rights("PL2 RW").reset(MIDR_VALUE).aarch64("VPIDR_EL2", 3, 4, 0, 0, 0).build();
    public static final CpReg VMPIDR = cp15("VMPIDR", 4, 0, 0, 5).rights("PL2 RW").resetFrom(MPIDR.resetFrom())
            .aarch64("VMPIDR_EL2", 3, 4, 0, 0, 5).build();

    // ---- c1: system control (B4.1.130 SCTLR, B4.1.40 CPACR, B4.1.129 SCR, B4.1.111 NSACR) ----
    /** M A C, CP15BEN, SW, Z I V, WXN UWXN, EE, TRE AFE TE; the rest is RES0/RES1 or read-only in a Cortex-A15. */
    public static final CpReg SCTLR = cp15("SCTLR", 0, 1, 0, 0).banked().reset(0x00c50078L).writeMask(0x72183827L)
            .onWrite(CortexA15::regimeChange).aarch64("SCTLR_EL1", 3, 0, 1, 0, 0).build();
    /** Bit 6 SMP: coherent requests; Secure-writable, Non-secure writable only with NSACR.NS_SMP (A15 TRM 4.3.28). */
    public static final CpReg ACTLR = cp15("ACTLR", 0, 1, 0, 1).access(CortexA15::actlrAccess).onWrite(CortexA15::actlrWrite)
            .aarch64("ACTLR_EL1", 3, 0, 1, 0, 1).build();
    public static final CpReg CPACR = cp15("CPACR", 0, 1, 0, 2).writeMask(0xc0f0_0000L).onWrite(CortexA15::cpacrWrite)
            .aarch64("CPACR_EL1", 3, 0, 1, 0, 2).build();
    public static final CpReg SCR = cp15("SCR", 0, 1, 1, 0).rights("S PL1 RW").writeMask(0x3ff).onWrite((s, r, v) -> {
        s.store(r, v);
        s.host().secureConfigurationChanged();
        // SCR.NS decides which translation regime the CPU is in once it leaves Monitor mode.
        s.host().translationRegimeChanged();
    }).build();
    public static final CpReg SDER = cp15("SDER", 0, 1, 1, 1).rights("S PL1 RW").writeMask(0x3).build();
    /** cp10, cp11, NSD32DIS, NSASEDIS, NS_SMP (bit 18). */
    public static final CpReg NSACR = cp15("NSACR", 0, 1, 1, 2).rights("S PL1 RW, NS PL1 RO").writeMask(0x4cc00).onWrite((s, r, v) -> {
        s.store(r, v);
        s.host().vfpControlChanged();
    }).build();
    static final long ACTLR_SMP = 1 << 6, SCR_NS = 1;
    public static final long NSACR_CP10 = 1 << 10, NSACR_CP11 = 1 << 11, NSACR_NS_SMP = 1 << 18;

    /** M A C, CP15BEN, I, WXN, EE, TE; the rest RES0/RES1. */
    public static final CpReg HSCTLR = cp15("HSCTLR", 4, 1, 0, 0).rights("PL2 RW").reset(0x30c50818L).writeMask(0x4208_1027L)
            .onWrite(CortexA15::regimeChange).aarch64("SCTLR_EL2", 3, 4, 1, 0, 0).build();
    public static final CpReg HACTLR = cp15("HACTLR", 4, 1, 0, 1).rights("PL2 RW").aarch64("ACTLR_EL2", 3, 4, 1, 0, 1).build();
    /** HCR.VM and HCR.DC switch stage 2 translation and the default cacheability: a regime change too. */
    public static final CpReg HCR = cp15("HCR", 4, 1, 1, 0).rights("PL2 RW").onWrite((s, r, v) -> {
        hypConfig(s, r, v);
        s.host().translationRegimeChanged();
    })
            .aarch64("HCR_EL2", 3, 4, 1, 1, 0).build();
    public static final CpReg HDCR = cp15("HDCR", 4, 1, 1, 1).rights("PL2 RW").writeMask(0xfff).aarch64("MDCR_EL2", 3, 4, 1, 1, 1).build();
    /** TCP10, TCP11, TASE, TTA, TCPAC; bits[13:12] and [9:0] are RES1. */
    public static final CpReg HCPTR = cp15("HCPTR", 4, 1, 1, 2).rights("PL2 RW").reset(0x33ffL).writeMask(0x8010_8c00L).onWrite((s, r, v) -> {
        s.store(r, v);
        s.host().vfpControlChanged();
    }).aarch64("CPTR_EL2", 3, 4, 1, 1, 2).build();
    /** Bit n traps Non-secure PL0/PL1 accesses with CRn (MRC/MCR) or CRm (MRRC/MCRR) n to Hyp mode; T4 and T14 are reserved. */
    public static final CpReg HSTR = cp15("HSTR", 4, 1, 1, 3).rights("PL2 RW").writeMask(0x3_bfefL).onWrite(CortexA15::hypConfig)
            .aarch64("HSTR_EL2", 3, 4, 1, 1, 3).build();
    public static final CpReg HACR = cp15("HACR", 4, 1, 1, 7).rights("PL2 RW").aarch64("HACR_EL2", 3, 4, 1, 1, 7).build();

    // ---- c2, c3: translation table bases and control (B4.1.153-156 TTBCR/TTBR0/TTBR1, B4.1.43 DACR) ----
    public static final CpReg TTBR0 = cp15x64("TTBR0", 0, 2).banked().writeMask(0x00ff_00ff_ffff_ffffL)
            .onWrite(CortexA15::regimeChange).aarch64("TTBR0_EL1", 3, 0, 2, 0, 0).build();
    public static final CpReg TTBR1 = cp15x64("TTBR1", 1, 2).banked().writeMask(0x00ff_00ff_ffff_ffffL)
            .onWrite(CortexA15::regimeChange).aarch64("TTBR1_EL1", 3, 0, 2, 0, 1).build();
    public static final CpReg TTBR0_32 = cp15("TTBR0", 0, 2, 0, 0).lowHalfOf(TTBR0).build();
    public static final CpReg TTBR1_32 = cp15("TTBR1", 0, 2, 0, 1).lowHalfOf(TTBR1).build();
    /** The union of the short-descriptor (N, PD0, PD1) and LPAE (T0SZ ... SH1) fields, and EAE. */
    public static final CpReg TTBCR = cp15("TTBCR", 0, 2, 0, 2).banked().writeMask(0xbfc7_3fb7L)
            .onWrite(CortexA15::regimeChange).aarch64("TCR_EL1", 3, 0, 2, 0, 2).build();
    public static final CpReg HTCR = cp15("HTCR", 4, 2, 0, 2).rights("PL2 RW").reset(0x8080_0000L).writeMask(0x3f07L)
            .onWrite(CortexA15::regimeChange).aarch64("TCR_EL2", 3, 4, 2, 0, 2).build();
    public static final CpReg VTCR = cp15("VTCR", 4, 2, 1, 2).rights("PL2 RW").reset(0x8000_0000L).writeMask(0x3fdfL)
            .onWrite(CortexA15::regimeChange).aarch64("VTCR_EL2", 3, 4, 2, 1, 2).build();
    public static final CpReg HTTBR = cp15x64("HTTBR", 4, 2).rights("PL2 RW").writeMask(0x0000_00ff_ffff_ffffL)
            .onWrite(CortexA15::regimeChange).aarch64("TTBR0_EL2", 3, 4, 2, 0, 0).build();
    public static final CpReg VTTBR = cp15x64("VTTBR", 6, 2).rights("PL2 RW").writeMask(0x00ff_00ff_ffff_ffffL)
            .onWrite(CortexA15::regimeChange).aarch64("VTTBR_EL2", 3, 4, 2, 1, 0).build();
    public static final CpReg DACR = cp15("DACR", 0, 3, 0, 0).banked().onWrite(CortexA15::regimeChange)
            .aarch64("DACR32_EL2", 3, 4, 3, 0, 0).build();

    // ---- c5, c6: fault status and address (B4.1.52 DFSR, B4.1.96 IFSR, B4.1.51 DFAR, B4.1.95 IFAR) ----
    public static final CpReg DFSR = cp15("DFSR", 0, 5, 0, 0).banked().aarch64("ESR_EL1", 3, 0, 5, 2, 0).build();
    public static final CpReg IFSR = cp15("IFSR", 0, 5, 0, 1).banked().aarch64("IFSR32_EL2", 3, 4, 5, 0, 1).build();
    public static final CpReg ADFSR = cp15("ADFSR", 0, 5, 1, 0).banked().aarch64("AFSR0_EL1", 3, 0, 5, 1, 0).build();
    public static final CpReg AIFSR = cp15("AIFSR", 0, 5, 1, 1).banked().aarch64("AFSR1_EL1", 3, 0, 5, 1, 1).build();
    public static final CpReg HADFSR = cp15("HADFSR", 4, 5, 1, 0).rights("PL2 RW").aarch64("AFSR0_EL2", 3, 4, 5, 1, 0).build();
    public static final CpReg HAIFSR = cp15("HAIFSR", 4, 5, 1, 1).rights("PL2 RW").aarch64("AFSR1_EL2", 3, 4, 5, 1, 1).build();
    public static final CpReg HSR = cp15("HSR", 4, 5, 2, 0).rights("PL2 RW").aarch64("ESR_EL2", 3, 4, 5, 2, 0).build();
    public static final CpReg DFAR = cp15("DFAR", 0, 6, 0, 0).banked().aarch64("FAR_EL1", 3, 0, 6, 0, 0).build();
    public static final CpReg IFAR = cp15("IFAR", 0, 6, 0, 2).banked().aarch64High("FAR_EL1", 3, 0, 6, 0, 0).build();
    public static final CpReg HDFAR = cp15("HDFAR", 4, 6, 0, 0).rights("PL2 RW").aarch64("FAR_EL2", 3, 4, 6, 0, 0).build();
    public static final CpReg HIFAR = cp15("HIFAR", 4, 6, 0, 2).rights("PL2 RW").aarch64High("FAR_EL2", 3, 4, 6, 0, 0).build();
    public static final CpReg HPFAR = cp15("HPFAR", 4, 6, 0, 4).rights("PL2 RW").writeMask(0xffff_fff0L)
            .aarch64("HPFAR_EL2", 3, 4, 6, 0, 4).build();

    // ---- c7: cache maintenance, address translation, barriers (B4.2.1, B4.2.6) ----
    /** PAR: 64-bit with LPAE; MRC/MCR reach bits[31:0]. Written by the ATS operations. */
    public static final CpReg PAR = cp15x64("PAR", 0, 7).banked().aarch64("PAR_EL1", 3, 0, 7, 4, 0).build();
    public static final CpReg PAR_32 = cp15("PAR", 0, 7, 4, 0).lowHalfOf(PAR).build();
    public static final CpReg ICIALLUIS = cp15("ICIALLUIS", 0, 7, 1, 0).operation(CortexA15::icInvalidate).build();
    public static final CpReg BPIALLIS = cp15("BPIALLIS", 0, 7, 1, 6).operation(CortexA15::noCache).build();
    public static final CpReg ICIALLU = cp15("ICIALLU", 0, 7, 5, 0).operation(CortexA15::icInvalidate).build();
    public static final CpReg ICIMVAU = cp15("ICIMVAU", 0, 7, 5, 1).operation(CortexA15::icInvalidate).build();
    /** The barriers by cp15 operation are available at PL0 (ARM ARM B4.2.8 "Data and instruction barrier operations"). */
    public static final CpReg CP15ISB = cp15("CP15ISB", 0, 7, 5, 4).operation(CortexA15::noCache).rights("PL0 WO").build();
    public static final CpReg BPIALL = cp15("BPIALL", 0, 7, 5, 6).operation(CortexA15::noCache).build();
    public static final CpReg BPIMVA = cp15("BPIMVA", 0, 7, 5, 7).operation(CortexA15::noCache).build();
    public static final CpReg DCIMVAC = cp15("DCIMVAC", 0, 7, 6, 1).operation(CortexA15::noCache).build();
    public static final CpReg DCISW = cp15("DCISW", 0, 7, 6, 2).operation(CortexA15::noCache).build();
    public static final CpReg ATS1CPR = ats("ATS1CPR", 0, 0, AtsOp.ATS1CPR, "PL1 WO");
    public static final CpReg ATS1CPW = ats("ATS1CPW", 0, 1, AtsOp.ATS1CPW, "PL1 WO");
    public static final CpReg ATS1CUR = ats("ATS1CUR", 0, 2, AtsOp.ATS1CUR, "PL1 WO");
    public static final CpReg ATS1CUW = ats("ATS1CUW", 0, 3, AtsOp.ATS1CUW, "PL1 WO");
    /** The stage 1+2 forms: Secure PL1 and Hyp mode only (B4.2.6). */
    public static final CpReg ATS12NSOPR = ats("ATS12NSOPR", 0, 4, AtsOp.ATS12NSOPR, "S PL1 WO, NS PL2 WO");
    public static final CpReg ATS12NSOPW = ats("ATS12NSOPW", 0, 5, AtsOp.ATS12NSOPW, "S PL1 WO, NS PL2 WO");
    public static final CpReg ATS12NSOUR = ats("ATS12NSOUR", 0, 6, AtsOp.ATS12NSOUR, "S PL1 WO, NS PL2 WO");
    public static final CpReg ATS12NSOUW = ats("ATS12NSOUW", 0, 7, AtsOp.ATS12NSOUW, "S PL1 WO, NS PL2 WO");
    public static final CpReg ATS1HR = ats("ATS1HR", 4, 0, AtsOp.ATS1HR, "PL2 WO");
    public static final CpReg ATS1HW = ats("ATS1HW", 4, 1, AtsOp.ATS1HW, "PL2 WO");
    public static final CpReg DCCMVAC = cp15("DCCMVAC", 0, 7, 10, 1).operation(CortexA15::noCache).build();
    public static final CpReg DCCSW = cp15("DCCSW", 0, 7, 10, 2).operation(CortexA15::noCache).build();
    public static final CpReg CP15DSB = cp15("CP15DSB", 0, 7, 10, 4).operation(CortexA15::noCache).rights("PL0 WO").build();
    public static final CpReg CP15DMB = cp15("CP15DMB", 0, 7, 10, 5).operation(CortexA15::noCache).rights("PL0 WO").build();
    public static final CpReg DCCMVAU = cp15("DCCMVAU", 0, 7, 11, 1).operation(CortexA15::noCache).build();
    public static final CpReg DCCIMVAC = cp15("DCCIMVAC", 0, 7, 14, 1).operation(CortexA15::noCache).build();
    public static final CpReg DCCISW = cp15("DCCISW", 0, 7, 14, 2).operation(CortexA15::noCache).build();

    // ---- c8: TLB maintenance (B4.2.2) ----
    public static final CpReg TLBIALLIS = tlbi("TLBIALLIS", 0, 3, 0, TlbOp.ALL_IS, "PL1 WO");
    public static final CpReg TLBIMVAIS = tlbi("TLBIMVAIS", 0, 3, 1, TlbOp.MVA_IS, "PL1 WO");
    public static final CpReg TLBIASIDIS = tlbi("TLBIASIDIS", 0, 3, 2, TlbOp.ASID_IS, "PL1 WO");
    public static final CpReg TLBIMVAAIS = tlbi("TLBIMVAAIS", 0, 3, 3, TlbOp.MVA_ALL_ASID_IS, "PL1 WO");
    public static final CpReg ITLBIALL = tlbi("ITLBIALL", 0, 5, 0, TlbOp.ALL, "PL1 WO");
    public static final CpReg ITLBIMVA = tlbi("ITLBIMVA", 0, 5, 1, TlbOp.MVA, "PL1 WO");
    public static final CpReg ITLBIASID = tlbi("ITLBIASID", 0, 5, 2, TlbOp.ASID, "PL1 WO");
    public static final CpReg DTLBIALL = tlbi("DTLBIALL", 0, 6, 0, TlbOp.ALL, "PL1 WO");
    public static final CpReg DTLBIMVA = tlbi("DTLBIMVA", 0, 6, 1, TlbOp.MVA, "PL1 WO");
    public static final CpReg DTLBIASID = tlbi("DTLBIASID", 0, 6, 2, TlbOp.ASID, "PL1 WO");
    public static final CpReg TLBIALL = tlbi("TLBIALL", 0, 7, 0, TlbOp.ALL, "PL1 WO");
    public static final CpReg TLBIMVA = tlbi("TLBIMVA", 0, 7, 1, TlbOp.MVA, "PL1 WO");
    public static final CpReg TLBIASID = tlbi("TLBIASID", 0, 7, 2, TlbOp.ASID, "PL1 WO");
    public static final CpReg TLBIMVAA = tlbi("TLBIMVAA", 0, 7, 3, TlbOp.MVA_ALL_ASID, "PL1 WO");
    public static final CpReg TLBIALLHIS = tlbi("TLBIALLHIS", 4, 3, 0, TlbOp.HYP_ALL_IS, "PL2 WO");
    public static final CpReg TLBIMVAHIS = tlbi("TLBIMVAHIS", 4, 3, 1, TlbOp.HYP_MVA_IS, "PL2 WO");
    public static final CpReg TLBIALLNSNHIS = tlbi("TLBIALLNSNHIS", 4, 3, 4, TlbOp.ALL_NON_SECURE_NON_HYP_IS, "PL2 WO");
    public static final CpReg TLBIALLH = tlbi("TLBIALLH", 4, 7, 0, TlbOp.HYP_ALL, "PL2 WO");
    public static final CpReg TLBIMVAH = tlbi("TLBIMVAH", 4, 7, 1, TlbOp.HYP_MVA, "PL2 WO");
    public static final CpReg TLBIALLNSNH = tlbi("TLBIALLNSNH", 4, 7, 4, TlbOp.ALL_NON_SECURE_NON_HYP, "PL2 WO");

    // ---- c9: performance monitors, PMUv2 with PMCR.N = 0: only the cycle counter, which counts ({@link CycleCounter}) ----
    /** IMP 0x41 (ARM), IDCODE 0x0f (Cortex-A15), N 0; E, D, X, DP writable; P and C act and read as 0. */
    public static final CpReg PMCR = pmu("PMCR", 12, 0).reset(0x410f_0000L).writeMask(0x39).onWrite(CycleCounter::writePmcr).build();
    public static final CpReg PMCNTENSET = pmu("PMCNTENSET", 12, 1).writeMask(CycleCounter.C)
            .onWrite((s, r, v) -> CycleCounter.writeControl(s, r, v, CortexA15::setBits)).build();
    public static final CpReg PMCNTENCLR = pmu("PMCNTENCLR", 12, 2).onRead((s, r) -> s.peek(PMCNTENSET))
            .onWrite((s, r, v) -> CycleCounter.writeControl(s, PMCNTENSET, v, CortexA15::clearBits)).build();
    public static final CpReg PMOVSR = pmu("PMOVSR", 12, 3).writeMask(CycleCounter.C).onRead(CycleCounter::readOverflow)
            .onWrite((s, r, v) -> CycleCounter.writeControl(s, r, v, CortexA15::clearBits)).build();
    public static final CpReg PMSWINC = cp15("PMSWINC", 0, 9, 12, 4).operation(CortexA15::noCache).rights("PL0 WO")
            .access(CortexA15::pmuAccess).build();
    public static final CpReg PMSELR = pmu("PMSELR", 12, 5).writeMask(0x1f).build();
    public static final CpReg PMCEID0 = pmu("PMCEID0", 12, 6).constant(0).rights("PL0 RO").build();
    public static final CpReg PMCEID1 = pmu("PMCEID1", 12, 7).constant(0).rights("PL0 RO").build();
    public static final CpReg PMCCNTR = pmu("PMCCNTR", 13, 0).onRead(CycleCounter::readCount).onWrite(CycleCounter::writeCount).build();
    /**
     * With PMSELR.SEL 31, PMCCFILTR (PMXEVTYPER31: the P, U, NSK, NSU, NSH mode filters, B4.1.118); any other
     * selection names an event counter this PMU does not have: RAZ/WI.
     */
    public static final CpReg PMXEVTYPER = pmu("PMXEVTYPER", 13, 1).writeMask(0xf800_0000L).onRead(CycleCounter::readEventType)
            .onWrite(CycleCounter::writeEventType).build();
    public static final CpReg PMXEVCNTR = pmu("PMXEVCNTR", 13, 2).constant(0).rights("PL0 RW").build();
    public static final CpReg PMUSERENR = cp15("PMUSERENR", 0, 9, 14, 0).rights("PL0 RO, PL1 RW").writeMask(1).build();
    public static final CpReg PMINTENSET = cp15("PMINTENSET", 0, 9, 14, 1).writeMask(CycleCounter.C).onWrite(CortexA15::setBits).build();
    public static final CpReg PMINTENCLR = cp15("PMINTENCLR", 0, 9, 14, 2).onRead((s, r) -> s.peek(PMINTENSET))
            .onWrite((s, r, v) -> clearBits(s, PMINTENSET, v)).build();
    public static final CpReg PMOVSSET = pmu("PMOVSSET", 14, 3).onRead(CycleCounter::readOverflow)
            .onWrite((s, r, v) -> CycleCounter.writeControl(s, PMOVSR, v, CortexA15::setBits)).build();
    /** Bits[25:24]: CPUs in the cluster - 1 (A15 TRM 4.3.59); writes ignored. */
    public static final CpReg L2CTLR = cp15("L2CTLR", 1, 9, 0, 2).constant(0).rights("PL1 RW")
            .resetFrom(h -> (long) (h.cpuCount() - 1) << 24).build();
    public static final CpReg L2ECTLR = cp15("L2ECTLR", 1, 9, 0, 3).constant(0).rights("PL1 RW").build();

    // ---- c10: memory attributes (B4.1.127 PRRR, B4.1.111 NMRR, B4.1.104 MAIR0/1, B4.1.4 AMAIR0/1) ----
    /** One register, two views: PRRR with the short-descriptor format, MAIR0 with LPAE (TTBCR.EAE). */
    public static final CpReg PRRR = cp15("PRRR/MAIR0", 0, 10, 2, 0).banked().reset(0x00098aa4L).onWrite(CortexA15::regimeChange)
            .aarch64("MAIR_EL1", 3, 0, 10, 2, 0).build();
    public static final CpReg MAIR0 = PRRR;
    public static final CpReg NMRR = cp15("NMRR/MAIR1", 0, 10, 2, 1).banked().reset(0x44e048e0L).onWrite(CortexA15::regimeChange)
            .aarch64High("MAIR_EL1", 3, 0, 10, 2, 0).build();
    public static final CpReg MAIR1 = NMRR;
    public static final CpReg AMAIR0 = cp15("AMAIR0", 0, 10, 3, 0).banked().aarch64("AMAIR_EL1", 3, 0, 10, 3, 0).build();
    public static final CpReg AMAIR1 = cp15("AMAIR1", 0, 10, 3, 1).banked().aarch64High("AMAIR_EL1", 3, 0, 10, 3, 0).build();
    public static final CpReg HMAIR0 = cp15("HMAIR0", 4, 10, 2, 0).rights("PL2 RW").onWrite(CortexA15::regimeChange)
            .aarch64("MAIR_EL2", 3, 4, 10, 2, 0).build();
    public static final CpReg HMAIR1 = cp15("HMAIR1", 4, 10, 2, 1).rights("PL2 RW").onWrite(CortexA15::regimeChange)
            .aarch64High("MAIR_EL2", 3, 4, 10, 2, 0).build();
    public static final CpReg HAMAIR0 = cp15("HAMAIR0", 4, 10, 3, 0).rights("PL2 RW").aarch64("AMAIR_EL2", 3, 4, 10, 3, 0).build();
    public static final CpReg HAMAIR1 = cp15("HAMAIR1", 4, 10, 3, 1).rights("PL2 RW").aarch64High("AMAIR_EL2", 3, 4, 10, 3, 0).build();

    // ---- c12: vectors and interrupt status (B4.1.156 VBAR, B4.1.107 MVBAR, B4.1.99 ISR) ----
    public static final CpReg VBAR = cp15("VBAR", 0, 12, 0, 0).banked().writeMask(0xffff_ffe0L).aarch64("VBAR_EL1", 3, 0, 12, 0, 0).build();
    public static final CpReg MVBAR = cp15("MVBAR", 0, 12, 0, 1).rights("S PL1 RW").writeMask(0xffff_ffe0L).build();
    public static final CpReg ISR = cp15("ISR", 0, 12, 1, 0).constant(0).onRead((s, r) -> s.host().pendingInterrupts() & 0x1c0)
            .aarch64("ISR_EL1", 3, 0, 12, 1, 0).build();
    public static final CpReg HVBAR = cp15("HVBAR", 4, 12, 0, 0).rights("PL2 RW").writeMask(0xffff_ffe0L).aarch64("VBAR_EL2", 3, 4, 12, 0, 0).build();

    // ---- c13: process and thread IDs (B4.1.36 CONTEXTIDR, B4.1.150-152 TPIDR*) ----
    /** The FCSE is not implemented in a Cortex-A15: RAZ/WI. */
    public static final CpReg FCSEIDR = cp15("FCSEIDR", 0, 13, 0, 0).constant(0).rights("PL1 RW").build();
    public static final CpReg CONTEXTIDR = cp15("CONTEXTIDR", 0, 13, 0, 1).banked().onWrite(CortexA15::regimeChange)
            .aarch64("CONTEXTIDR_EL1", 3, 0, 13, 0, 1).build();
    public static final CpReg TPIDRURW = cp15("TPIDRURW", 0, 13, 0, 2).rights("PL0 RW").banked().aarch64("TPIDR_EL0", 3, 3, 13, 0, 2).build();
    public static final CpReg TPIDRURO = cp15("TPIDRURO", 0, 13, 0, 3).rights("PL0 RO, PL1 RW").banked()
            .aarch64("TPIDRRO_EL0", 3, 3, 13, 0, 3).build();
    public static final CpReg TPIDRPRW = cp15("TPIDRPRW", 0, 13, 0, 4).banked().aarch64("TPIDR_EL1", 3, 0, 13, 0, 4).build();
    public static final CpReg HTPIDR = cp15("HTPIDR", 4, 13, 0, 2).rights("PL2 RW").aarch64("TPIDR_EL2", 3, 4, 13, 0, 2).build();

    // ---- c14: the generic timer (armvmm.cpu.timer) ----
    public static final CpReg CNTFRQ = GenericTimerRegisters.CNTFRQ;
    public static final CpReg CNTKCTL = GenericTimerRegisters.CNTKCTL;
    public static final CpReg CNTPCT = GenericTimerRegisters.CNTPCT;
    public static final CpReg CNTVCT = GenericTimerRegisters.CNTVCT;
    public static final CpReg CNTP_CTL = GenericTimerRegisters.CNTP_CTL;
    public static final CpReg CNTP_CVAL = GenericTimerRegisters.CNTP_CVAL;
    public static final CpReg CNTP_TVAL = GenericTimerRegisters.CNTP_TVAL;
    public static final CpReg CNTV_CTL = GenericTimerRegisters.CNTV_CTL;
    public static final CpReg CNTV_CVAL = GenericTimerRegisters.CNTV_CVAL;
    public static final CpReg CNTV_TVAL = GenericTimerRegisters.CNTV_TVAL;
    public static final CpReg CNTHCTL = GenericTimerRegisters.CNTHCTL;
    public static final CpReg CNTVOFF = GenericTimerRegisters.CNTVOFF;
    public static final CpReg CNTHP_CTL = GenericTimerRegisters.CNTHP_CTL;
    public static final CpReg CNTHP_CVAL = GenericTimerRegisters.CNTHP_CVAL;
    public static final CpReg CNTHP_TVAL = GenericTimerRegisters.CNTHP_TVAL;

    /**
     * CBAR (A15 TRM 4.3.75): the physical base of the private peripherals (GIC), PERIPHBASE[31:15] in
     * bits[31:15] and PERIPHBASE[39:32] in bits[7:0]. Its value is the board's, so the board declares it.
     */
    public static CpReg cbar(long periphBase) {
        if ((periphBase & 0x7fffL) != 0 || periphBase >>> 40 != 0)
            throw new IllegalArgumentException(String.format("PERIPHBASE 0x%x is not a 32 KB aligned 40-bit address", periphBase));
        return cp15("CBAR", 4, 15, 0, 0).constant((periphBase & 0xffff_8000L) | (periphBase >>> 32)).build();
    }

    /**
     * Every register of the core, cp14 then cp15, each in the ARM ARM's order: by primary register (CRn, or CRm
     * of MRRC/MCRR), opc1, CRm, opc2 (the board adds CBAR).
     */
    public static List<CpReg> definitions() {
        List<CpReg> all = new ArrayList<>();
        for (var f : CortexA15.class.getFields()) {
            if (f.getType() != CpReg.class || !java.lang.reflect.Modifier.isStatic(f.getModifiers())) continue;
            try {
                CpReg r = (CpReg) f.get(null);
                if (!all.contains(r)) all.add(r);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        for (CpReg r : GenericTimerRegisters.definitions()) if (!all.contains(r)) all.add(r);
        all.addAll(Cp14Registers.definitions());
        all.sort(java.util.Comparator.comparingInt((CpReg r) -> r.encoding().cp())
                .thenComparingInt(r -> r.encoding().wide() ? r.encoding().crm() : r.encoding().crn())
                .thenComparingInt(r -> r.encoding().opc1()).thenComparingInt(r -> r.encoding().crm())
                .thenComparingInt(r -> r.encoding().opc2()).thenComparing(r -> r.encoding().wide()));
        return List.copyOf(all);
    }

    /** The registry of a Cortex-A15 with the board's additions (CBAR). */
    public static CpRegistry registry(List<CpReg> boardRegisters) {
        return CpRegistry.builder().addAll(definitions()).addAll(boardRegisters).trap(HypTraps::check).build();
    }

    private static CpReg id(String name, int crm, int opc2, long value) {
        return cp15(name, 0, 0, crm, opc2).constant(value).aarch64(name + "_EL1", 3, 0, 0, crm, opc2).build();
    }

    private static CpReg ats(String name, int opc1, int opc2, AtsOp op, String rights) {
        return cp15(name, opc1, 7, 8, opc2).operation((s, r, v) -> s.poke(PAR, s.host().addressTranslation(op, (int) v)))
                .rights(rights).build();
    }

    private static CpReg tlbi(String name, int opc1, int crm, int opc2, TlbOp op, String rights) {
        return cp15(name, opc1, 8, crm, opc2).operation((s, r, v) -> s.host().tlbMaintenance(op, (int) v)).rights(rights).build();
    }

    /** A PMU register reachable from PL0 when PMUSERENR.EN is set. */
    private static CpReg.Builder pmu(String name, int crm, int opc2) {
        return cp15(name, 0, 9, crm, opc2).rights("PL0 RW").access(CortexA15::pmuAccess);
    }

    private static CpAccess pmuAccess(CpState s, CpReg r, boolean write, int pl, boolean secure) {
        return pl == 0 && (s.peek(PMUSERENR) & 1) == 0 ? CpAccess.UNDEFINED : null;
    }

    private static void regimeChange(CpState s, CpReg r, long v) {
        s.store(r, v);
        s.host().translationRegimeChanged();
    }

    private static void hypConfig(CpState s, CpReg r, long v) {
        s.store(r, v);
        s.host().hypConfigurationChanged();
    }

    private static void icInvalidate(CpState s, CpReg r, long v) { s.host().instructionCacheInvalidated(); }

    /** This VMM models no data caches or branch predictors, and executes barriers in program order: nothing to do. */
    private static void noCache(CpState s, CpReg r, long v) {}

    private static void setBits(CpState s, CpReg r, long v) { s.store(r, s.peek(r) | v); }

    private static void clearBits(CpState s, CpReg r, long v) { s.poke(r, s.peek(r) & ~v); }

    /** Non-secure writes need NSACR.NS_SMP and change only the SMP bit (A15 TRM 4.3.28). */
    private static CpAccess actlrAccess(CpState s, CpReg r, boolean write, int pl, boolean secure) {
        return write && !secure && (s.peek(NSACR) & NSACR_NS_SMP) == 0 ? CpAccess.UNDEFINED : null;
    }

    private static void actlrWrite(CpState s, CpReg r, long v) {
        s.store(r, s.secure() ? v : (s.peek(r) & ~ACTLR_SMP) | (v & ACTLR_SMP));
    }

    /** In Non-secure state the cp10/cp11 fields are RAZ/WI unless NSACR grants the coprocessor (B4.1.40). */
    private static void cpacrWrite(CpState s, CpReg r, long v) {
        if (!s.secure()) {
            long nsacr = s.peek(NSACR);
            long keep = ((nsacr & NSACR_CP10) == 0 ? 0x0030_0000L : 0) | ((nsacr & NSACR_CP11) == 0 ? 0x00c0_0000L : 0);
            v = (v & ~keep) | (s.peek(r) & keep);
        }
        s.store(r, v);
        s.host().vfpControlChanged();
    }
}
