package armvmm.isa.cpu;

import armvmm.cpu.FirmwareCalls;

import armvmm.cp15.Cp15Trace;
import armvmm.cp15.CpState;
import armvmm.cpu.ArmCoreRegisters;
import armvmm.cpu.CoreReg;
import armvmm.cpu.CpuMode;
import armvmm.isa.mem.MemoryAccess;

/**
 * The architectural state of one ARMv7-A core (ARM ARM B1.3) and the operations executors perform on it:
 * register reads and writes with banking, CPSR/SPSR, the PC-writing rules, exception entry and return,
 * memory access with CPSR.E, and the local exclusive monitor.
 *
 * <p>{@link #r} holds R0..R14 as the current mode sees them; the other banks live in {@link #bank} and are
 * swapped on a mode change, so executors index {@code r} directly. {@code r[15]} is not used: an
 * instruction reads the PC through {@link armvmm.isa.decode.Insn#reg}, which applies the PC-read rule
 * (address of the instruction + 8 in ARM state, + 4 in Thumb state).
 *
 * <p>The flags are kept as separate fields (N, Z, C, V, Q, GE) and assembled by {@link #cpsr()}.
 * Only the thread running the vCPU touches this object, apart from the volatile request fields.
 */
public final class ArmCpu {
    public final int[] r = new int[16];
    public boolean n, z, c, v, q;
    /** CPSR.GE[3:0]. */
    public int ge;
    /** CPSR.T: Thumb state. */
    public boolean thumb;
    /** CPSR.E: big-endian data accesses (SETEND BE). */
    public boolean bigEndian;
    /** CPSR.A, I, F: asynchronous abort, IRQ and FIQ masked. */
    public boolean maskA, maskI, maskF;
    /** CPSR.IT[7:0]; kept exact only at block boundaries and exception entry (decoded forms carry it). */
    public int itState;
    private CpuMode mode = CpuMode.SVC;

    /** Every banked register, indexed by {@link CoreReg#ordinal()}; the current mode's copies are stale while it runs. */
    private final int[] bank = new int[CoreReg.values().length];

    /** Where the next instruction is fetched; valid after an executor wrote the PC ({@link #pcWritten}). */
    public int nextPc;
    /** Set by every PC write; the interpreter clears it when it follows {@link #nextPc}. */
    public boolean pcWritten;

    /** How loads, stores and fetches reach memory. */
    public MemoryAccess mem;
    /** {@link MemoryAccess#UNPRIVILEGED} in User mode, else 0: or it into the flags of every access. */
    public int memFlags;

    public final SystemControl sys;

    /** The coprocessor registers of this CPU (null on a CPU built without the registry: cp14/cp15 accesses are then UNDEFINED). */
    public CpState cp;
    /** Where MRC/MCR accesses are traced ({@code --trace cp15}), or null. */
    public Cp15Trace cp15Trace;
    /** The vCPU index, for traces. */
    public int index;

    /**
     * The extension register file (VFPv4-D32 / Advanced SIMD, ARM ARM A2.6): D0-D31; S0-S31 alias
     * D0-D15 (S2n is the low word of Dn), Q0-Q15 alias pairs. Owned by the VFP/NEON executors; here so
     * that snapshots and differential testers find it with the core registers.
     */
    public final long[] d = new long[32];
    public int fpscr, fpexc;
    /**
     * Scratch for the VFP/NEON executors: the floating-point library accumulates exception flags in it
     * while an instruction runs, then they land in {@link #fpscr}. Not architectural state.
     */
    public final armvmm.isa.vfp.FpStatus fpStatus = new armvmm.isa.vfp.FpStatus();

    /** The local exclusive monitor (ARM ARM A3.4.1): tagged physical address, or -1 when Open Access. */
    private long exclusiveAddress = -1;
    private int exclusiveSize;
    private long exclusiveValue;

    /** Per-CPU scratch for executors that gather values before committing them (LDM); never escapes an execute. */
    public final int[] scratch = new int[16];

    /** What WFI/WFE (or the board's firmware) asked for; the vCPU thread acts on it after the block (see {@link Halt}). */
    public Halt halt = Halt.NONE;

    /** WFI, WFE; OFF: the board's firmware powered this CPU down ({@link FirmwareCalls.Outcome#POWER_DOWN}). */
    public enum Halt { NONE, WFI, WFE, OFF }

    /** The board's firmware behind HVC or SMC (the virt board's PSCI), or null; set by the accelerator. */
    public FirmwareCalls firmware;

    /** Whether the board's firmware answers {@code conduit} instead of the architecture. */
    public boolean firmwareTakes(FirmwareCalls.Conduit conduit) { return firmware != null && firmware.conduit() == conduit; }

    /** Hands the SMC Calling Convention call in r0-r3 to the board's firmware, and takes its results and outcome. */
    public void callFirmware() {
        int[] regs = {r[0], r[1], r[2], r[3]};
        FirmwareCalls.Outcome outcome = firmware.call(index, regs);
        System.arraycopy(regs, 0, r, 0, 4);
        switch (outcome) {
            case RETURN -> { }
            case STANDBY -> halt = Halt.WFI;
            case POWER_DOWN -> halt = Halt.OFF;
        }
    }

    /** The event register of WFE/SEV (ARM ARM B1.8.13). */
    public volatile boolean eventRegister;

    /** SEV: set the event register of every CPU of the machine; set by the accelerator. */
    public Runnable sendEvent = () -> eventRegister = true;

    /** Address of the instruction being executed, kept by the interpreter for exceptions and traces. */
    public int currentPc;

    /** The CPU has the Security Extensions (Monitor mode, SMC); Hyp mode is not modelled. */
    public static final boolean SECURITY_EXTENSIONS = true;

    public ArmCpu(MemoryAccess mem, SystemControl sys) {
        this.mem = mem;
        this.sys = sys;
        reset(0);
    }

    /** The architectural reset (ARM ARM B1.9.2): Secure SVC mode, A/I/F masked, ARM or Thumb per SCTLR.TE. */
    public void reset(int resetVector) {
        java.util.Arrays.fill(r, 0);
        java.util.Arrays.fill(bank, 0);
        mode = CpuMode.SVC;
        memFlags = 0;
        n = z = c = v = q = false;
        ge = 0;
        itState = 0;
        maskA = maskI = maskF = true;
        int sctlr = sys.sctlr();
        thumb = (sctlr & SystemControl.SCTLR_TE) != 0;
        bigEndian = (sctlr & SystemControl.SCTLR_EE) != 0;
        clearExclusive();
        nextPc = resetVector & (thumb ? ~1 : ~3);
        pcWritten = true;
        if (cp != null) cp.executionStateChanged(pl(), secure());
    }

    // ---- modes and banking

    public CpuMode mode() { return mode; }

    public boolean privileged() { return mode != CpuMode.USR; }

    /** Current privilege level: 0 (User), 1 (other modes); Hyp (PL2) is not modelled. */
    public int pl() { return mode == CpuMode.USR ? 0 : 1; }

    /** Secure state: Monitor mode, or SCR.NS clear. */
    public boolean secure() { return mode == CpuMode.MON || (sys.scr() & SystemControl.SCR_NS) == 0; }

    /** Switches register banks to {@code m}; nothing else of the CPSR changes. */
    public void setMode(CpuMode m) {
        if (m == mode) return;
        for (int i = 8; i < 15; i++) {
            bank[CoreReg.banked(mode, i).ordinal()] = r[i];
        }
        for (int i = 8; i < 15; i++) {
            r[i] = bank[CoreReg.banked(m, i).ordinal()];
        }
        mode = m;
        memFlags = m == CpuMode.USR ? MemoryAccess.UNPRIVILEGED : 0;
        // a mode change is not per instruction: the cp15 side learns the new privilege and security state here
        if (cp != null) cp.executionStateChanged(pl(), secure());
    }

    /** Whether {@code bits} (CPSR.M) names a mode this CPU can enter now (ARM ARM B1.3.1: BadMode). */
    public boolean validMode(int bits) {
        CpuMode m = CpuMode.fromBits(bits);
        if (m == null || m == CpuMode.HYP) return false;
        if (m == CpuMode.MON) return SECURITY_EXTENSIONS && secure();
        return true;
    }

    /** Rn of {@code m} (n = 8..14 banked, others shared): for LDM/STM user-register forms and MRS/MSR banked. */
    public int bankedRead(CpuMode m, int n) {
        if (n < 8 || m == mode || CoreReg.banked(m, n) == CoreReg.banked(mode, n)) return r[n];
        return bank[CoreReg.banked(m, n).ordinal()];
    }

    public void bankedWrite(CpuMode m, int n, int value) {
        if (n < 8 || m == mode || CoreReg.banked(m, n) == CoreReg.banked(mode, n)) r[n] = value;
        else bank[CoreReg.banked(m, n).ordinal()] = value;
    }

    // ---- CPSR and SPSR

    public int cpsr() {
        return (n ? 1 << 31 : 0) | (z ? 1 << 30 : 0) | (c ? 1 << 29 : 0) | (v ? 1 << 28 : 0) | (q ? 1 << 27 : 0)
                | ((itState & 3) << 25) | (ge << 16) | ((itState >>> 2) << 10) | (bigEndian ? 1 << 9 : 0)
                | (maskA ? 1 << 8 : 0) | (maskI ? 1 << 7 : 0) | (maskF ? 1 << 6 : 0) | (thumb ? 1 << 5 : 0)
                | mode.bits;
    }

    /** Writes the whole CPSR (exception return, register restore). An unusable mode field keeps the current mode. */
    public void setCpsr(int value) {
        setFlags(value);
        q = (value & (1 << 27)) != 0;
        ge = (value >>> 16) & 0xf;
        itState = ((value >>> 25) & 3) | (((value >>> 10) & 0x3f) << 2);
        bigEndian = (value & (1 << 9)) != 0;
        maskA = (value & (1 << 8)) != 0;
        maskI = (value & (1 << 7)) != 0;
        maskF = (value & (1 << 6)) != 0;
        thumb = (value & (1 << 5)) != 0;
        CpuMode m = CpuMode.fromBits(value);
        if (m != null && m != CpuMode.HYP) setMode(m);
    }

    /** N, Z, C, V from bits 31..28 of {@code value}. */
    public void setFlags(int value) {
        n = value < 0;
        z = (value & (1 << 30)) != 0;
        c = (value & (1 << 29)) != 0;
        v = (value & (1 << 28)) != 0;
    }

    /**
     * MSR CPSR / CPS semantics (ARM ARM B1.3.3 CPSRWriteByInstr): {@code byteMask} bit 3 = flags (f),
     * bit 2 = status (s: GE), bit 1 = extension (x: E, A), bit 0 = control (c: I, F, M). Privileged-only
     * fields are ignored in User mode; execution state bits (T, IT) are never changed by an MSR.
     */
    public void writeCpsrByInstr(int value, int byteMask) {
        boolean priv = privileged();
        if ((byteMask & 8) != 0) {
            setFlags(value);
            q = (value & (1 << 27)) != 0;
        }
        if ((byteMask & 4) != 0) ge = (value >>> 16) & 0xf;
        if ((byteMask & 2) != 0) {
            bigEndian = (value & (1 << 9)) != 0;
            if (priv) maskA = (value & (1 << 8)) != 0;
        }
        if ((byteMask & 1) != 0 && priv) {
            maskI = (value & (1 << 7)) != 0;
            maskF = (value & (1 << 6)) != 0;
            if (validMode(value & 0x1f)) setMode(CpuMode.fromBits(value));
        }
    }

    /** The SPSR of the current mode; 0 in User and System mode (UNPREDICTABLE there, read as zero). */
    public int spsr() {
        return mode.hasSpsr() ? bank[CoreReg.spsr(mode).ordinal()] : 0;
    }

    public void setSpsr(int value) {
        if (mode.hasSpsr()) bank[CoreReg.spsr(mode).ordinal()] = value;
    }

    public int spsrOf(CpuMode m) { return bank[CoreReg.spsr(m).ordinal()]; }

    public void setSpsrOf(CpuMode m, int value) { bank[CoreReg.spsr(m).ordinal()] = value; }

    /** MSR SPSR: the bytes of {@code byteMask} (f s x c) are replaced. */
    public void writeSpsrByInstr(int value, int byteMask) {
        int mask = 0;
        for (int b = 0; b < 4; b++) if ((byteMask & (1 << b)) != 0) mask |= 0xff << (8 * b);
        setSpsr((spsr() & ~mask) | (value & mask));
    }

    /**
     * For each condition 0..15, the set of NZCV values (bit N<<3|Z<<2|C<<1|V) for which it passes (ARM ARM
     * A8.3): a table lookup instead of a switch, since data-dependent conditions defeat branch prediction.
     */
    private static final int[] PASSES = new int[16];

    static {
        for (int cond = 0; cond < 16; cond++) {
            for (int f = 0; f < 16; f++) {
                boolean n = (f & 8) != 0, z = (f & 4) != 0, c = (f & 2) != 0, v = (f & 1) != 0;
                boolean r = switch (cond >>> 1) {
                    case 0 -> z;
                    case 1 -> c;
                    case 2 -> n;
                    case 3 -> v;
                    case 4 -> c && !z;
                    case 5 -> n == v;
                    case 6 -> n == v && !z;
                    default -> true;
                };
                if ((cond & 1) != 0 && cond != 15) r = !r;
                if (r) PASSES[cond] |= 1 << f;
            }
        }
    }

    /** ConditionPassed for cond 0..14 (ARM ARM A8.3). */
    public boolean conditionPassed(int cond) {
        int f = (n ? 8 : 0) | (z ? 4 : 0) | (c ? 2 : 0) | (v ? 1 : 0);
        return ((PASSES[cond] >>> f) & 1) != 0;
    }

    // ---- writing the PC (ARM ARM A2.3.1)

    /** B, BL, CBZ: the ISA does not change. */
    public void branchWritePc(int address) {
        nextPc = address & (thumb ? ~1 : ~3);
        pcWritten = true;
    }

    /** BX, BLX (register): bit 0 selects Thumb. */
    public void bxWritePc(int address) {
        thumb = (address & 1) != 0;
        nextPc = address & (thumb ? ~1 : ~3);
        pcWritten = true;
    }

    /** LDR/LDM/POP to the PC: interworking in ARMv7. */
    public void loadWritePc(int address) { bxWritePc(address); }

    /** A data-processing result written to the PC: interworking in ARM state, a plain branch in Thumb. */
    public void aluWritePc(int address) {
        if (thumb) branchWritePc(address);
        else bxWritePc(address);
    }

    /** Changes the instruction set (BLX immediate), then branches. */
    public void selectInstrSetAndBranch(boolean toThumb, int address) {
        thumb = toThumb;
        branchWritePc(address);
    }

    // ---- exceptions (ARM ARM B1.8)

    /**
     * Takes an exception: SPSR and LR of the target mode, the new CPSR, and the vector address as the next
     * PC. {@code lr} is the value for the target mode's LR.
     */
    public void takeException(ExceptionKind kind, int lr) {
        int saved = cpsr();
        CpuMode target = kind.mode;
        int scr = sys.scr();
        // SCR.IRQ/FIQ route interrupts to Monitor mode (ARM ARM B1.8.6); external-abort routing (SCR.EA) is not modelled.
        if ((kind == ExceptionKind.IRQ && (scr & SystemControl.SCR_IRQ) != 0)
                || (kind == ExceptionKind.FIQ && (scr & SystemControl.SCR_FIQ) != 0)) {
            target = CpuMode.MON;
        }
        if (kind == ExceptionKind.SMC) target = CpuMode.MON;
        setMode(target);
        setSpsr(saved);
        r[14] = lr;
        int sctlr = sys.sctlr();
        maskI = true;
        if (kind.setsA || target == CpuMode.MON) maskA = true;
        if (kind.setsF || target == CpuMode.MON) maskF = true;
        itState = 0;
        thumb = (sctlr & SystemControl.SCTLR_TE) != 0;
        bigEndian = (sctlr & SystemControl.SCTLR_EE) != 0;
        int base;
        if (target == CpuMode.MON) base = sys.mvbar() & ~31;
        else if ((sctlr & SystemControl.SCTLR_V) != 0) base = 0xffff0000;
        else base = sys.vbar() & ~31;
        nextPc = base + kind.offset;
        pcWritten = true;
    }

    /** Takes {@code kind} for the instruction at {@code insnPc} (UND, aborts), LR from the kind's offsets. */
    public void takeExceptionAt(ExceptionKind kind, int insnPc, int itAtInsn) {
        itState = itAtInsn;
        takeException(kind, insnPc + (thumb ? kind.lrThumb : kind.lrArm));
    }

    /** Exception return (SUBS PC, LR / MOVS PC / LDM ^ / RFE / ERET): CPSR from {@code spsr}, then branch. */
    public void exceptionReturn(int address, int spsr) {
        int m = spsr & 0x1f;
        if (!validMode(m) || (mode == CpuMode.USR)) {
            // UNPREDICTABLE: keep the current mode, restore only what an MSR could.
            writeCpsrByInstr(spsr, 0xf);
        } else {
            setCpsr(spsr);
        }
        nextPc = address & (thumb ? ~1 : ~3);
        pcWritten = true;
    }

    // ---- memory, with CPSR.E applied (MemoryAccess is little-endian)

    public int read8(int va, int flags) { return mem.read8(va, flags | memFlags); }

    public int read16(int va, int flags) {
        int x = mem.read16(va, flags | memFlags);
        return bigEndian ? Integer.reverseBytes(x) >>> 16 : x;
    }

    public int read32(int va, int flags) {
        int x = mem.read32(va, flags | memFlags);
        return bigEndian ? Integer.reverseBytes(x) : x;
    }

    /** A doubleword as two words in memory order: the low word is at {@code va} (LDRD/LDREXD/VLDR). */
    public long read64(int va, int flags) {
        long x = mem.read64(va, flags | memFlags);
        if (!bigEndian) return x;
        int lo = Integer.reverseBytes((int) x), hi = Integer.reverseBytes((int) (x >>> 32));
        return (lo & 0xffffffffL) | ((long) hi << 32);
    }

    public void write8(int va, int value, int flags) { mem.write8(va, value, flags | memFlags); }

    public void write16(int va, int value, int flags) {
        mem.write16(va, bigEndian ? Integer.reverseBytes(value) >>> 16 : value, flags | memFlags);
    }

    public void write32(int va, int value, int flags) {
        mem.write32(va, bigEndian ? Integer.reverseBytes(value) : value, flags | memFlags);
    }

    public void write64(int va, long value, int flags) {
        if (bigEndian) {
            int lo = Integer.reverseBytes((int) value), hi = Integer.reverseBytes((int) (value >>> 32));
            value = (lo & 0xffffffffL) | ((long) hi << 32);
        }
        mem.write64(va, value, flags | memFlags);
    }

    // ---- the local exclusive monitor

    /** The machine's global monitor (null on a CPU alone in a unit test: stores then just happen). */
    public GlobalMonitor globalMonitor;

    /** LDREX*: translates (faulting as a load would) and tags the physical address with the value read (guest view). */
    public void setExclusive(int va, int size, long value) {
        exclusiveAddress = mem.translate(va, false, MemoryAccess.EXCLUSIVE | memFlags);
        exclusiveSize = size;
        exclusiveValue = value;
    }

    /**
     * STREX*: stores {@code value} (guest view, size 1, 2, 4 or 8 bytes) if the local monitor is Exclusive for
     * this address and size and the location still holds what the LDREX read; returns whether it stored. The
     * monitor returns to Open Access either way. Translation and alignment faults are taken as a store's.
     */
    public boolean storeExclusive(int va, int size, long value) {
        int flags = MemoryAccess.EXCLUSIVE | MemoryAccess.ALIGNED;
        long pa = mem.translate(va, true, flags | memFlags);
        boolean tagged = exclusiveAddress == pa && exclusiveSize == size;
        exclusiveAddress = -1;
        if (!tagged) return false;
        GlobalMonitor g = globalMonitor;
        int outcome = (va & (size - 1)) != 0 || g == null ? GlobalMonitor.NOT_RAM
                : g.compareAndSet(pa, size, toMemoryOrder(exclusiveValue, size), toMemoryOrder(value, size));
        if (outcome != GlobalMonitor.NOT_RAM) return outcome == GlobalMonitor.STORED;
        switch (size) {
            case 1 -> write8(va, (int) value, flags);
            case 2 -> write16(va, (int) value, flags);
            case 4 -> write32(va, (int) value, flags);
            default -> write64(va, value, flags);
        }
        return true;
    }

    /** A guest-view value as the little-endian number of its bytes in memory (CPSR.E applied). */
    private long toMemoryOrder(long value, int size) {
        if (!bigEndian) return value;
        return switch (size) {
            case 1 -> value & 0xff;
            case 2 -> Integer.reverseBytes((int) value) >>> 16;
            case 4 -> Integer.reverseBytes((int) value) & 0xffffffffL;
            default -> (Integer.reverseBytes((int) value) & 0xffffffffL) | ((long) Integer.reverseBytes((int) (value >>> 32)) << 32);
        };
    }

    public void clearExclusive() { exclusiveAddress = -1; }

    // ---- register snapshots (paused vCPU)

    public ArmCoreRegisters readRegisters(int pc) {
        int[] all = bank.clone();
        for (int i = 0; i < 15; i++) all[CoreReg.banked(mode, i).ordinal()] = r[i];
        all[CoreReg.PC.ordinal()] = pc;
        all[CoreReg.CPSR.ordinal()] = cpsr();
        return new ArmCoreRegisters(all);
    }

    /** Loads every register; returns the PC to continue at. */
    public int writeRegisters(ArmCoreRegisters regs) {
        int[] all = regs.values();
        System.arraycopy(all, 0, bank, 0, all.length);
        int cpsr = all[CoreReg.CPSR.ordinal()];
        CpuMode m = CpuMode.fromBits(cpsr);
        if (m == null || m == CpuMode.HYP) m = CpuMode.SVC;
        mode = m;
        for (int i = 0; i < 15; i++) r[i] = all[CoreReg.banked(m, i).ordinal()];
        setCpsr((cpsr & ~0x1f) | m.bits);
        memFlags = m == CpuMode.USR ? MemoryAccess.UNPRIVILEGED : 0;
        clearExclusive();
        int pc = all[CoreReg.PC.ordinal()];
        nextPc = pc & (thumb ? ~1 : ~3);
        pcWritten = true;
        return nextPc;
    }
}
