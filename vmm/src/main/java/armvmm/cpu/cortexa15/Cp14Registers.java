package armvmm.cpu.cortexa15;

import armvmm.cp15.CpAccess;
import armvmm.cp15.CpReg;
import armvmm.cp15.CpState;

import static armvmm.cp15.CpReg.cp14;

import java.util.ArrayList;
import java.util.List;

/**
 * The cp14 registers of an ARMv7 CPU with v7.1 debug, ThumbEE and trivial Jazelle, as a Cortex-A15 has them
 * (ARM ARM C11 "The Debug Registers", A2.10 "Thumb Execution Environment", A2.11 "Jazelle"; A15 TRM chapter
 * 10). The debug logic is minimal: the registers hold what software writes, so Linux's hw_breakpoint probe
 * and the DCC console probe find what they look for, but no breakpoint, watchpoint or vector catch fires.
 */
public final class Cp14Registers {
    private Cp14Registers() {}

    /** WRPs 3 (four watchpoints), BRPs 5 (six breakpoints), CTX_CMPs 1, version 5 (v7.1), as QEMU's cortex-a15. */
    public static final long DBGDIDR_VALUE = 0x3515f021L;
    static final int BREAKPOINTS = 6, WATCHPOINTS = 4;
    /** DBGDSCR: UDCCdis (PL0 DCC access disabled), ITRen, HDBGen, MDBGen (monitor debug-mode enable). */
    static final long DSCR_UDCCDIS = 1 << 12, DSCR_WRITABLE = 0xf000;
    /** DBGOSLSR: OSLM = 0b10 (the v7.1 OS lock), OSLK (bit 1) set while locked; the lock is set at reset. */
    static final long OSLSR_OSLM_V71 = 0b1000, OSLSR_OSLK = 0b10;
    /** The DBGOSLAR key that sets the OS lock; any other value clears it. */
    public static final long OSLAR_KEY = 0xc5acce55L;

    public static final CpReg DBGDIDR = cp14("DBGDIDR", 0, 0, 0, 0).constant(DBGDIDR_VALUE).rights("PL0 RO")
            .access(Cp14Registers::dccAccess).build();
    public static final CpReg DBGDSCREXT = cp14("DBGDSCRext", 0, 0, 2, 2).writeMask(DSCR_WRITABLE).aarch64("MDSCR_EL1", 2, 0, 0, 2, 2).build();
    /** The PL0-visible view of DBGDSCR: read-only. */
    public static final CpReg DBGDSCRINT = cp14("DBGDSCRint", 0, 0, 1, 0).constant(0).rights("PL0 RO").access(Cp14Registers::dccAccess)
            .onRead((s, r) -> s.peek(DBGDSCREXT)).build();
    /** DBGDTRRXint (read) and DBGDTRTXint (write): no debugger is attached, so nothing arrives and what is sent is dropped at once. */
    public static final CpReg DBGDTR = cp14("DBGDTRRXint/TXint", 0, 0, 5, 0).constant(0).rights("PL0 RW")
            .access(Cp14Registers::dccAccess).build();
    public static final CpReg DBGVCR = cp14("DBGVCR", 0, 0, 7, 0).aarch64("DBGVCR32_EL2", 2, 4, 0, 7, 0).build();
    public static final CpReg DBGDRAR = cp14("DBGDRAR", 0, 1, 0, 0).constant(0).rights("PL0 RO").access(Cp14Registers::dccAccess).build();
    public static final CpReg DBGDSAR = cp14("DBGDSAR", 0, 2, 0, 0).constant(0).rights("PL0 RO").access(Cp14Registers::dccAccess).build();
    public static final CpReg DBGOSLSR = cp14("DBGOSLSR", 0, 1, 1, 4).constant(OSLSR_OSLM_V71 | OSLSR_OSLK).build();
    public static final CpReg DBGOSLAR = cp14("DBGOSLAR", 0, 1, 0, 4)
            .operation((s, r, v) -> s.poke(DBGOSLSR, OSLSR_OSLM_V71 | (v == OSLAR_KEY ? OSLSR_OSLK : 0))).build();
    public static final CpReg DBGOSDLR = cp14("DBGOSDLR", 0, 1, 3, 4).writeMask(1).build();
    public static final CpReg DBGPRCR = cp14("DBGPRCR", 0, 1, 4, 4).writeMask(0x7).build();
    /** PU (bit 0): the debug logic is powered up. */
    public static final CpReg DBGPRSR = cp14("DBGPRSR", 0, 1, 5, 4).constant(1).build();

    public static final CpReg TEECR = cp14("TEECR", 6, 0, 0, 0).writeMask(1).aarch64("TEECR32_EL1", 2, 2, 0, 0, 0).build();
    /** PL0 may use TEEHBR unless TEECR.XED is set (ARM ARM A2.10.3). */
    public static final CpReg TEEHBR = cp14("TEEHBR", 6, 1, 0, 0).rights("PL0 RW").writeMask(0xffff_fffcL)
            .access((s, r, w, pl, sec) -> pl == 0 && (s.peek(TEECR) & 1) != 0 ? CpAccess.UNDEFINED : null)
            .aarch64("TEEHBR32_EL1", 2, 2, 1, 0, 0).build();

    /** Trivial Jazelle: no Jazelle state, the ID reads as zero and the controls as zero (ARM ARM A2.11.2). */
    public static final CpReg JIDR = cp14("JIDR", 7, 0, 0, 0).constant(0).rights("PL0 RO").build();
    public static final CpReg JOSCR = cp14("JOSCR", 7, 1, 0, 0).constant(0).rights("PL1 RW").build();
    public static final CpReg JMCR = cp14("JMCR", 7, 2, 0, 0).constant(0).rights("PL1 RW").build();

    /** DBGBVRn, DBGBCRn (c0, cn, 4 and 5) and DBGWVRn, DBGWCRn (c0, cn, 6 and 7). */
    public static final List<CpReg> BREAKPOINTS_AND_WATCHPOINTS = pairs();

    /** Every cp14 register, including the breakpoint and watchpoint value/control pairs. */
    public static List<CpReg> definitions() {
        List<CpReg> all = new ArrayList<>(List.of(DBGDIDR, DBGDSCREXT, DBGDSCRINT, DBGDTR, DBGVCR, DBGDRAR, DBGDSAR, DBGOSLSR, DBGOSLAR,
                DBGOSDLR, DBGPRCR, DBGPRSR, TEECR, TEEHBR, JIDR, JOSCR, JMCR));
        all.addAll(BREAKPOINTS_AND_WATCHPOINTS);
        return List.copyOf(all);
    }

    private static List<CpReg> pairs() {
        List<CpReg> all = new ArrayList<>();
        // The AArch64 debug registers keep the AArch32 CRn, CRm and op2 under op0 = 2.
        for (int n = 0; n < BREAKPOINTS; n++) {
            all.add(cp14("DBGBVR" + n, 0, 0, n, 4).aarch64("DBGBVR" + n + "_EL1", 2, 0, 0, n, 4).build());
            all.add(cp14("DBGBCR" + n, 0, 0, n, 5).aarch64("DBGBCR" + n + "_EL1", 2, 0, 0, n, 5).build());
        }
        for (int n = 0; n < WATCHPOINTS; n++) {
            all.add(cp14("DBGWVR" + n, 0, 0, n, 6).aarch64("DBGWVR" + n + "_EL1", 2, 0, 0, n, 6).build());
            all.add(cp14("DBGWCR" + n, 0, 0, n, 7).aarch64("DBGWCR" + n + "_EL1", 2, 0, 0, n, 7).build());
        }
        return List.copyOf(all);
    }

    /** PL0 reaches the DCC and debug ID registers unless DBGDSCR.UDCCdis is set. */
    private static CpAccess dccAccess(CpState s, CpReg r, boolean write, int pl, boolean secure) {
        return pl == 0 && (s.peek(DBGDSCREXT) & DSCR_UDCCDIS) != 0 ? CpAccess.UNDEFINED : null;
    }
}
