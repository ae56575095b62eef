package armvmm.accel;

import armvmm.cp15.CpReg;
import java.util.List;
import java.util.OptionalLong;

/**
 * A vCPU's state and debug controls for whoever stops and looks at a guest: the gdb stub, the QMP monitor,
 * a hang report, a snapshot writer. They all come through here and never reach into an accelerator's own CPU
 * object. Every state access is for a paused vCPU ({@link Vcpu#pause()}); the breakpoint, watchpoint and
 * step settings may change only while it is paused too, and take effect when it resumes.
 *
 * <p>Core registers are {@link Vcpu#readRegisters()}; this adds what lies beyond them.
 */
public interface VcpuDebug {
    /** D0-D31 of the VFP/Advanced SIMD register file (S and Q registers are views of them). */
    long readD(int n);

    void writeD(int n, long value);

    int readFpscr();

    void writeFpscr(int value);

    /** FPEXC (its EN bit decides whether VFP and Advanced SIMD instructions are UNDEFINED). */
    int readFpexc();

    void writeFpexc(int value);

    /**
     * The cp15 (and cp14) registers with a value to show, from the CPU's registry, in registry order, one
     * per name: operations (TLB, cache maintenance) are left out, and so is the 32-bit view of a 64-bit
     * register, which has the same name.
     */
    List<CpReg> systemRegisters();

    /** The value the guest would read (read hooks run), in the current security bank. */
    long readSystemRegister(CpReg r);

    /** A write as the guest's MCR/MCRR would make it (write hooks run: the MMU sees a new SCTLR at once). */
    void writeSystemRegister(CpReg r, long value);

    /**
     * The stored value of one bank of a register (the Secure copy when {@code secureBank} and the register is
     * banked, else the only or the Non-secure one), with no hook run: what a snapshot saves. A counter whose
     * value a read hook computes has no meaningful storage; the registers it derives from are saved instead.
     */
    long readSystemRegisterBank(CpReg r, boolean secureBank);

    /**
     * Sets a bank's stored value with no hook and no write mask. Follow a batch of them with
     * {@link #systemRegistersWritten()}, which makes the CPU act on them.
     */
    void writeSystemRegisterBank(CpReg r, boolean secureBank, long value);

    /**
     * After {@link #writeSystemRegisterBank} calls: what the CPU derives from its registers is derived again
     * (the security bank from SCR.NS, the MMU's translation regime, the generic timer's deadlines and lines),
     * and its TLB and decoded code are dropped.
     */
    void systemRegistersWritten();

    /** Whether the vCPU executes, waits in WFI or WFE, or is powered off (PSCI CPU_OFF). */
    PowerState powerState();

    /**
     * For a vCPU that has not started (a snapshot being restored): it starts in this state. OFF parks it
     * until the guest powers it on again.
     */
    void setPowerState(PowerState s);

    /** The event register that WFE consumes and SEV sets (ARM ARM B1.8.13). */
    boolean eventRegister();

    void setEventRegister(boolean set);

    /** A vCPU's power and wait state (ARM ARM B1.8.13 for WFI and WFE). */
    enum PowerState { ON, WFI, WFE, OFF }

    /**
     * The physical address a privileged read of {@code va} reaches in the current translation regime, or
     * empty when it would fault. Nothing the guest can observe changes (no fault registers are written).
     */
    OptionalLong translate(int va);

    /** A stop at an instruction address (software and hardware breakpoints alike: neither patches guest memory). */
    void insertBreakpoint(int va);

    void removeBreakpoint(int va);

    void insertWatchpoint(Watchpoint w);

    void removeWatchpoint(Watchpoint w);

    /** No breakpoint, watchpoint or step left: the vCPU runs at full speed again. */
    void clearDebug();

    /**
     * When next resumed, the vCPU executes one instruction with interrupts held off (as QEMU's gdb stub steps),
     * then stops itself with {@link DebugStop.Reason#STEP}.
     */
    void requestStep();

    /**
     * Told (on the vCPU's own thread) when the vCPU stopped itself at a breakpoint, a watchpoint or after a
     * step: it has asked for its own pause and is PAUSED soon after. The listener must not block; the usual
     * answer is to hand the stop to another thread, which pauses the other vCPUs.
     */
    void setStopListener(StopListener listener);

    @FunctionalInterface
    interface StopListener {
        void stopped(Vcpu vcpu, DebugStop stop);
    }

    enum WatchKind { WRITE, READ, ACCESS }

    /** A data watchpoint on the virtual addresses [address, address + length). */
    record Watchpoint(int address, int length, WatchKind kind) {
        public Watchpoint {
            if (length < 1) throw new IllegalArgumentException("watchpoint length " + length);
        }

        /** Whether an access of {@code size} bytes at {@code va} of this direction triggers it. */
        public boolean hits(int va, int size, boolean write) {
            if (kind == WatchKind.WRITE && !write || kind == WatchKind.READ && write) return false;
            long lo = va & 0xffffffffL, wlo = address & 0xffffffffL;
            return lo < wlo + length && wlo < lo + size;
        }
    }

    /**
     * Why a vCPU stopped itself: {@code pc} is where it stands now (for a watchpoint, the access's instruction,
     * not yet executed, as the ARM debug architecture reports a watchpoint); {@code dataAddress} the watched
     * address that was accessed.
     */
    record DebugStop(Reason reason, int pc, int dataAddress, WatchKind watchKind) {
        public enum Reason { BREAKPOINT, WATCHPOINT, STEP }
    }
}
