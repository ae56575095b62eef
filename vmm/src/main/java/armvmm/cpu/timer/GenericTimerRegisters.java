package armvmm.cpu.timer;

import static armvmm.cp15.CpReg.cp15;
import static armvmm.cp15.CpReg.cp15x64;

import armvmm.cp15.CpAccess;
import armvmm.cp15.CpReg;
import armvmm.cp15.CpState;
import java.util.List;

/**
 * The Generic Timer's cp15 registers (ARM ARM B8, "The Generic Timer"; B4.1.21-B4.1.35), for an ARMv7 CPU
 * with the Security and Virtualization Extensions. The physical timer registers are banked: the Secure copy
 * is the Secure physical timer (PPI 29), the Non-secure copy the Non-secure one (PPI 30).
 */
public final class GenericTimerRegisters {
    private GenericTimerRegisters() {}

    /** CNTKCTL bits: PL0 access to the physical/virtual counter, the virtual/physical timer. */
    static final int PL0PCTEN = 1, PL0VCTEN = 1 << 1, PL0VTEN = 1 << 8, PL0PTEN = 1 << 9;
    /** CNTHCTL bits: Non-secure PL1 (and PL0) access to the physical counter and the physical timer. */
    static final int PL1PCTEN = 1, PL1PCEN = 1 << 1;

    public static final CpReg CNTFRQ = cp15("CNTFRQ", 0, 14, 0, 0).rights("PL0 RO, S PL1 RW").reset(GenericTimer.COUNTER_HZ)
            .access((s, r, w, pl, sec) -> pl == 0 && !pl0(s, PL0PCTEN | PL0VCTEN) ? CpAccess.UNDEFINED : null)
            .aarch64("CNTFRQ_EL0", 3, 3, 14, 0, 0).build();
    public static final CpReg CNTKCTL = cp15("CNTKCTL", 0, 14, 1, 0).writeMask(0x3ff)
            .aarch64("CNTKCTL_EL1", 3, 0, 14, 1, 0).build();
    public static final CpReg CNTPCT = cp15x64("CNTPCT", 0, 14).rights("PL0 RO").onRead((s, r) -> GenericTimer.of(s).physicalCount())
            .access((s, r, w, pl, sec) -> gate(s, pl, sec, PL0PCTEN, PL1PCTEN)).aarch64("CNTPCT_EL0", 3, 3, 14, 0, 1).build();
    public static final CpReg CNTVCT = cp15x64("CNTVCT", 1, 14).rights("PL0 RO").onRead((s, r) -> GenericTimer.of(s).virtualCount())
            .access((s, r, w, pl, sec) -> gate(s, pl, sec, PL0VCTEN, 0)).aarch64("CNTVCT_EL0", 3, 3, 14, 0, 2).build();

    public static final CpReg CNTP_CTL = cp15("CNTP_CTL", 0, 14, 2, 1).rights("PL0 RW").banked().writeMask(GenericTimer.CTL_WRITABLE)
            .access((s, r, w, pl, sec) -> gate(s, pl, sec, PL0PTEN, PL1PCEN)).onRead(GenericTimerRegisters::readCtl)
            .onWrite(GenericTimerRegisters::writeAndUpdate).aarch64("CNTP_CTL_EL0", 3, 3, 14, 2, 1).build();
    public static final CpReg CNTP_CVAL = cp15x64("CNTP_CVAL", 2, 14).rights("PL0 RW").banked()
            .access((s, r, w, pl, sec) -> gate(s, pl, sec, PL0PTEN, PL1PCEN))
            .onWrite(GenericTimerRegisters::writeAndUpdate).aarch64("CNTP_CVAL_EL0", 3, 3, 14, 2, 2).build();
    public static final CpReg CNTP_TVAL = cp15("CNTP_TVAL", 0, 14, 2, 0).rights("PL0 RW").banked()
            .access((s, r, w, pl, sec) -> gate(s, pl, sec, PL0PTEN, PL1PCEN))
            .onRead((s, r) -> GenericTimer.of(s).readTval(channelOf(s, r))).onWrite((s, r, v) -> GenericTimer.of(s).writeTval(channelOf(s, r), v))
            .aarch64("CNTP_TVAL_EL0", 3, 3, 14, 2, 0).build();

    public static final CpReg CNTV_CTL = cp15("CNTV_CTL", 0, 14, 3, 1).rights("PL0 RW").writeMask(GenericTimer.CTL_WRITABLE)
            .access((s, r, w, pl, sec) -> gate(s, pl, sec, PL0VTEN, 0)).onRead(GenericTimerRegisters::readCtl)
            .onWrite(GenericTimerRegisters::writeAndUpdate).aarch64("CNTV_CTL_EL0", 3, 3, 14, 3, 1).build();
    public static final CpReg CNTV_CVAL = cp15x64("CNTV_CVAL", 3, 14).rights("PL0 RW")
            .access((s, r, w, pl, sec) -> gate(s, pl, sec, PL0VTEN, 0))
            .onWrite(GenericTimerRegisters::writeAndUpdate).aarch64("CNTV_CVAL_EL0", 3, 3, 14, 3, 2).build();
    public static final CpReg CNTV_TVAL = cp15("CNTV_TVAL", 0, 14, 3, 0).rights("PL0 RW")
            .access((s, r, w, pl, sec) -> gate(s, pl, sec, PL0VTEN, 0))
            .onRead((s, r) -> GenericTimer.of(s).readTval(GenericTimer.Channel.VIRTUAL))
            .onWrite((s, r, v) -> GenericTimer.of(s).writeTval(GenericTimer.Channel.VIRTUAL, v))
            .aarch64("CNTV_TVAL_EL0", 3, 3, 14, 3, 0).build();

    /** Reset value: no hypervisor runs below a guest of this VMM, so Non-secure PL1 gets the counter and timer (firmware would set this). */
    public static final CpReg CNTHCTL = cp15("CNTHCTL", 4, 14, 1, 0).rights("PL2 RW").writeMask(0xff).reset(PL1PCTEN | PL1PCEN)
            .aarch64("CNTHCTL_EL2", 3, 4, 14, 1, 0).build();
    public static final CpReg CNTVOFF = cp15x64("CNTVOFF", 4, 14).rights("PL2 RW").onWrite(GenericTimerRegisters::writeAndUpdate)
            .aarch64("CNTVOFF_EL2", 3, 4, 14, 0, 3).build();
    public static final CpReg CNTHP_CTL = cp15("CNTHP_CTL", 4, 14, 2, 1).rights("PL2 RW").writeMask(GenericTimer.CTL_WRITABLE)
            .onRead(GenericTimerRegisters::readCtl).onWrite(GenericTimerRegisters::writeAndUpdate)
            .aarch64("CNTHP_CTL_EL2", 3, 4, 14, 2, 1).build();
    public static final CpReg CNTHP_CVAL = cp15x64("CNTHP_CVAL", 6, 14).rights("PL2 RW").onWrite(GenericTimerRegisters::writeAndUpdate)
            .aarch64("CNTHP_CVAL_EL2", 3, 4, 14, 2, 2).build();
    public static final CpReg CNTHP_TVAL = cp15("CNTHP_TVAL", 4, 14, 2, 0).rights("PL2 RW")
            .onRead((s, r) -> GenericTimer.of(s).readTval(GenericTimer.Channel.HYP))
            .onWrite((s, r, v) -> GenericTimer.of(s).writeTval(GenericTimer.Channel.HYP, v))
            .aarch64("CNTHP_TVAL_EL2", 3, 4, 14, 2, 0).build();

    public static List<CpReg> definitions() {
        return List.of(CNTFRQ, CNTKCTL, CNTPCT, CNTVCT, CNTP_CTL, CNTP_CVAL, CNTP_TVAL, CNTV_CTL, CNTV_CVAL, CNTV_TVAL,
                CNTHCTL, CNTVOFF, CNTHP_CTL, CNTHP_CVAL, CNTHP_TVAL);
    }

    private static boolean pl0(CpState s, int cntkctlBits) { return (s.peek(CNTKCTL) & cntkctlBits) != 0; }

    /**
     * PL0 needs its CNTKCTL enable (else UNDEFINED); Non-secure PL0/PL1 need the CNTHCTL enable, when there
     * is one, else the access traps to Hyp mode (ARM ARM B8.1.3).
     */
    private static CpAccess gate(CpState s, int pl, boolean secure, int cntkctlBit, int cnthctlBit) {
        if (pl == 0 && !pl0(s, cntkctlBit)) return CpAccess.UNDEFINED;
        if (!secure && pl < 2 && cnthctlBit != 0 && (s.peek(CNTHCTL) & cnthctlBit) == 0) return CpAccess.HYP_TRAP;
        return null;
    }

    /** Which timer a CTL/CVAL/TVAL register (in the current bank) belongs to. */
    static GenericTimer.Channel channelOf(CpState s, CpReg r) {
        String n = r.name();
        if (n.startsWith("CNTV_")) return GenericTimer.Channel.VIRTUAL;
        if (n.startsWith("CNTHP_")) return GenericTimer.Channel.HYP;
        return s.secure() ? GenericTimer.Channel.PHYSICAL_SECURE : GenericTimer.Channel.PHYSICAL_NON_SECURE;
    }

    private static long readCtl(CpState s, CpReg r) {
        GenericTimer.Channel c = channelOf(s, r);
        return (s.peek(r) & GenericTimer.CTL_WRITABLE) | (GenericTimer.of(s).istatus(c) ? GenericTimer.CTL_ISTATUS : 0);
    }

    private static void writeAndUpdate(CpState s, CpReg r, long value) {
        s.store(r, value);
        GenericTimer t = GenericTimer.of(s);
        if (r == CNTVOFF) t.update(GenericTimer.Channel.VIRTUAL);
        else t.update(channelOf(s, r));
    }
}
