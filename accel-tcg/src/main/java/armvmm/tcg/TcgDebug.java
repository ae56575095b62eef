package armvmm.tcg;

import armvmm.accel.VcpuDebug;
import armvmm.bus.BusErrorException;
import armvmm.cp15.CpReg;
import armvmm.cp15.CpState;
import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.mem.AtsKind;
import armvmm.isa.mem.MemoryAbort;
import armvmm.isa.mem.Mmu;
import armvmm.tcg.exec.Interpreter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link VcpuDebug} for a TCG vCPU. While the debugger has a breakpoint, a watchpoint or a step in place
 * the vCPU runs {@link #runSlice} instead of whole blocks: the interpreter executes one instruction at a
 * time ({@link Interpreter#stepInstruction}), the PC is compared with the breakpoints before each, and
 * loads and stores go through {@link WatchingMemory}. Nothing is patched into guest memory and the block
 * translator knows nothing of the debugger; without breakpoints the vCPU is back at full speed.
 */
final class TcgDebug implements VcpuDebug {
    /** Instructions per debug slice between looks at the vCPU's requests. */
    private static final int SLICE = 100_000;

    private final TcgVcpu vcpu;
    private final ArmCpu cpu;
    private final CpState cp;
    private final Mmu mmu;
    private final WatchingMemory watching;
    private final List<CpReg> systemRegisters;
    private final Set<Integer> breakpoints = ConcurrentHashMap.newKeySet();
    private final List<Watchpoint> watchpoints = new CopyOnWriteArrayList<>();
    private volatile boolean stepRequested;
    /** Set while breakpoints, watchpoints or a step are in place: the vCPU thread reads it once per slice. */
    private volatile boolean active;
    private volatile StopListener listener;
    /** The PC of the breakpoint this vCPU last stopped at: the first instruction after a resume from it runs. */
    private int stoppedAtBreakpoint = -1;

    TcgDebug(TcgVcpu vcpu, Mmu mmu) {
        this.vcpu = vcpu;
        this.cpu = vcpu.cpu;
        this.cp = vcpu.cp;
        this.mmu = mmu;
        this.watching = new WatchingMemory(mmu);
        Map<String, CpReg> byName = new LinkedHashMap<>();
        for (CpReg r : cp.registry().registers()) {
            if (r.kind() == CpReg.Kind.OPERATION) continue;
            // the 64-bit register, not its 32-bit view of the same name
            byName.merge(r.name(), r, (old, add) -> old.lowHalfOf() != null && add.lowHalfOf() == null ? add : old);
        }
        this.systemRegisters = List.copyOf(byName.values());
    }

    boolean active() { return active; }

    private void update() {
        active = stepRequested || !breakpoints.isEmpty() || !watchpoints.isEmpty();
        watching.watchpoints = watchpoints.toArray(new Watchpoint[0]);
    }

    // ---- state

    @Override public long readD(int n) { return cpu.d[checkD(n)]; }

    @Override public void writeD(int n, long value) { cpu.d[checkD(n)] = value; }

    private static int checkD(int n) {
        if (n < 0 || n > 31) throw new IllegalArgumentException("d" + n);
        return n;
    }

    @Override public int readFpscr() { return cpu.fpscr; }

    @Override public void writeFpscr(int value) { cpu.fpscr = value; }

    @Override public int readFpexc() { return cpu.fpexc; }

    @Override public void writeFpexc(int value) { cpu.fpexc = value & armvmm.isa.vfp.VfpAccess.FPEXC_WRITABLE; }

    @Override public List<CpReg> systemRegisters() { return systemRegisters; }

    /** The vCPU is paused: a register that runs between accesses (PMCCNTR) is brought up to date first. */
    @Override
    public long readSystemRegisterBank(CpReg r, boolean secureBank) {
        cp.settle();
        return cp.peek(r, secureBank);
    }

    @Override public void writeSystemRegisterBank(CpReg r, boolean secureBank, long value) { cp.poke(r, secureBank, value); }

    @Override public void systemRegistersWritten() { vcpu.systemRegistersRestored(); }

    @Override
    public PowerState powerState() {
        // A powered-off vCPU's thread is parked with its CPU reset (halt NONE), so the lifecycle tells.
        if (vcpu.lifecycle().parked() || cpu.halt == ArmCpu.Halt.OFF) return PowerState.OFF;
        return switch (cpu.halt) {
            case WFI -> PowerState.WFI;
            case WFE -> PowerState.WFE;
            case NONE, OFF -> PowerState.ON;
        };
    }

    @Override
    public void setPowerState(PowerState s) {
        cpu.halt = switch (s) {
            case ON -> ArmCpu.Halt.NONE;
            case WFI -> ArmCpu.Halt.WFI;
            case WFE -> ArmCpu.Halt.WFE;
            case OFF -> ArmCpu.Halt.OFF;
        };
    }

    @Override public boolean eventRegister() { return cpu.eventRegister; }

    @Override public void setEventRegister(boolean set) { cpu.eventRegister = set; }

    @Override
    public long readSystemRegister(CpReg r) {
        return r.kind() == CpReg.Kind.OPERATION ? 0 : cp.read(r);
    }

    @Override
    public void writeSystemRegister(CpReg r, long value) { cp.write(r, value); }

    @Override
    public OptionalLong translate(int va) {
        long par;
        try {
            par = mmu.ats(AtsKind.ATS1CPR, va, mmu.regime());
        } catch (MemoryAbort | BusErrorException e) {
            return OptionalLong.empty();
        }
        return physicalFromPar(par, va);
    }

    /** The physical address in a PAR value (ARM ARM B4.1.112), with the page offset of {@code va}; empty for a fault. */
    static OptionalLong physicalFromPar(long par, int va) {
        if ((par & 1) != 0) return OptionalLong.empty();
        long offset = va & 0xfffL;
        if ((par & 0x800) != 0) return OptionalLong.of((par & 0xff_ffff_f000L) | offset); // long format
        if ((par & 2) != 0) return OptionalLong.of((par & 0xff00_0000L) | (va & 0xff_ffffL)); // supersection
        return OptionalLong.of((par & 0xffff_f000L) | offset);
    }

    // ---- controls

    @Override public void insertBreakpoint(int va) { breakpoints.add(va); update(); }

    @Override public void removeBreakpoint(int va) { breakpoints.remove(va); update(); }

    @Override public void insertWatchpoint(Watchpoint w) { watchpoints.add(w); update(); }

    @Override public void removeWatchpoint(Watchpoint w) { watchpoints.remove(w); update(); }

    @Override
    public void clearDebug() {
        breakpoints.clear();
        watchpoints.clear();
        stepRequested = false;
        update();
    }

    @Override public void requestStep() { stepRequested = true; update(); }

    @Override public void setStopListener(StopListener l) { listener = l; }

    /** The normal path's memory system again (the vCPU thread, at the start of a full-speed slice). */
    void leave() {
        if (cpu.mem != mmu) cpu.mem = mmu;
    }

    /**
     * One slice on the debug path, on the vCPU thread: instructions one at a time until a breakpoint, a
     * watchpoint, the end of a step, a wait, a guest failure, a request, or {@link #SLICE} instructions. The
     * caller looks at the CPU's halt state and the interpreter's failure afterwards, as after a normal slice.
     */
    void runSlice(Interpreter interpreter) {
        cpu.mem = watchpoints.isEmpty() ? mmu : watching;
        boolean step = stepRequested;
        int skipBreakpoint = stoppedAtBreakpoint;
        stoppedAtBreakpoint = -1;
        for (int n = 0; n < SLICE; n++) {
            int pc = cpu.nextPc;
            if (!step && !(n == 0 && pc == skipBreakpoint) && breakpoints.contains(pc)) {
                stoppedAtBreakpoint = pc;
                stop(new DebugStop(DebugStop.Reason.BREAKPOINT, pc, 0, null));
                return;
            }
            try {
                if (!interpreter.stepInstruction(!step)) return;
            } catch (WatchingMemory.Hit h) {
                stop(new DebugStop(DebugStop.Reason.WATCHPOINT, pc, h.address, h.watchpoint.kind()));
                return;
            }
            if (step) {
                stepRequested = false;
                update();
                stop(new DebugStop(DebugStop.Reason.STEP, cpu.nextPc, 0, null));
                return;
            }
            if (cpu.halt != ArmCpu.Halt.NONE || interpreter.guestFailure() != null) return;
        }
    }

    /** The vCPU pauses itself (at the safe point after this slice) and tells the listener. */
    private void stop(DebugStop s) {
        vcpu.lifecycle().requestPause();
        StopListener l = listener;
        if (l != null) l.stopped(vcpu, s);
    }

    /** The breakpoint addresses (for tests and the monitor). */
    List<Integer> breakpoints() { return new ArrayList<>(breakpoints); }
}
