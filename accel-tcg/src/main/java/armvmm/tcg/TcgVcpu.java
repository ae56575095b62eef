package armvmm.tcg;

import armvmm.accel.Vcpu;
import armvmm.accel.VcpuLifecycle;
import armvmm.accel.VcpuRunner;
import armvmm.accel.VcpuState;
import armvmm.cp15.AtsOp;
import armvmm.cpu.cortexa15.CortexA15;
import armvmm.cp15.Cp15Trace;
import armvmm.cp15.CpHost;
import armvmm.cp15.CpRegistry;
import armvmm.cp15.CpState;
import armvmm.cp15.TlbOp;
import armvmm.irq.InterruptController;
import armvmm.isa.cpu.CpSystemControl;
import armvmm.isa.cpu.SystemControl;
import armvmm.isa.decode.Decoders;
import armvmm.isa.mem.AtsKind;
import armvmm.isa.mem.CodePages;
import armvmm.isa.mem.Mmu;
import armvmm.isa.mem.TranslationRegime;
import armvmm.time.MachineClock;
import java.util.List;
import armvmm.bus.BusMaster;
import armvmm.cpu.ArmCoreRegisters;
import armvmm.irq.IrqLine;
import armvmm.irq.LevelLatch;
import armvmm.accel.VmContext;
import armvmm.isa.cpu.ArmCpu;
import armvmm.tcg.exec.Interpreter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCG vCPU. Its thread is a {@link VcpuLifecycle}, which this vCPU gives a runner: a slice is one
 * {@link Interpreter#run} call, a kick makes the interpreter return at the next block boundary, and WFI/WFE
 * end a slice with a wait that lasts until an interrupt is pending, an event arrives, or a reset.
 */
public final class TcgVcpu implements Vcpu, BusMaster, CpHost {
    private static final Logger log = LoggerFactory.getLogger(TcgVcpu.class);
    /** Instructions per interpreter call between looks at the requests (they also interrupt it at once). */
    private static final long SLICE = 10_000_000;

    private final int index;
    private final VmContext machine;
    final ArmCpu cpu;
    final Interpreter interpreter;
    private final LevelLatch irq, fiq;
    private final VcpuLifecycle lifecycle;
    private final TcgDebug debug;

    final CpState cp;
    private final Mmu mmu;
    /** Every vCPU of the machine (this one included): Inner Shareable maintenance reaches them all. */
    List<TcgVcpu> peers = List.of(this);

    TcgVcpu(int index, VmContext machine, CpRegistry registry, Decoders decoders, CodePages codePages, Cp15Trace cp15Trace) {
        this.index = index;
        this.machine = machine;
        this.irq = new LevelLatch(this::irqChanged);
        this.fiq = new LevelLatch(this::fiqChanged);
        this.cp = registry.newState(this);
        CpSystemControl sys = new CpSystemControl(cp);
        this.cpu = new ArmCpu(null, sys);
        cpu.cp = cp;
        cpu.cp15Trace = cp15Trace;
        cpu.index = index;
        this.mmu = new Mmu(machine.bus(), codePages, this);
        cpu.mem = mmu;
        updateSecureBank();
        cpu.reset(0);
        this.interpreter = new Interpreter(cpu, decoders, codePages);
        if (Boolean.getBoolean("armvmm.tcg.stats")) {
            // For bench/README figures: how blocks were reached and made JVM code, printed when the VMM exits.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.err.println("vcpu" + index + " tcg: " + interpreter.stats())));
        }
        this.lifecycle = new VcpuLifecycle("vcpu" + index, new Runner());
        this.debug = new TcgDebug(this, mmu);
    }

    /** The CpState bank follows SCR.NS (Monitor mode with NS=1 sees the Non-secure copies, ARM ARM B1.5.5). */
    private void updateSecureBank() {
        cp.setSecure((cp.peek(CortexA15.SCR) & SystemControl.SCR_NS) == 0);
        mmu.setRegime(translationRegime());
        cp.executionStateChanged(cpu.pl(), cpu.secure());
    }

    /** What stage 1 translation reads, from the bank in use (ARM ARM B3.1). */
    private TranslationRegime translationRegime() { return translationRegime(cp.secure()); }

    private TranslationRegime translationRegime(boolean secureBank) {
        return new TranslationRegime((int) cp.peek(CortexA15.SCTLR, secureBank), (int) cp.peek(CortexA15.TTBCR, secureBank),
                cp.peek(CortexA15.TTBR0, secureBank), cp.peek(CortexA15.TTBR1, secureBank),
                (int) cp.peek(CortexA15.DACR, secureBank), (int) cp.peek(CortexA15.PRRR, secureBank),
                (int) cp.peek(CortexA15.NMRR, secureBank), (int) cp.peek(CortexA15.MAIR0, secureBank),
                (int) cp.peek(CortexA15.MAIR1, secureBank), (int) cp.peek(CortexA15.CONTEXTIDR, secureBank), secureBank);
    }

    public CpState cpState() { return cp; }

    // ---- CpHost

    @Override public int cpuIndex() { return index; }

    @Override public int cpuCount() { return machine.cpuCount(); }

    @Override public MachineClock clock() { return machine.clock(); }

    @Override
    public void tlbMaintenance(TlbOp op, int arg) {
        // Decoded blocks need nothing: the interpreter translates each block's VA through the TLB before it
        // runs it. The Inner Shareable forms reach the other vCPUs' TLBs at their next block boundary
        // (Mmu.post).
        tlbInvalidate(mmu, op, arg);
        if (op.innerShareable()) {
            for (TcgVcpu p : peers) {
                if (p == this) continue;
                p.mmu.post(m -> tlbInvalidate(m, op, arg));
                p.interpreter.requestSafePoint();
            }
        }
    }

    private static void tlbInvalidate(Mmu mmu, TlbOp op, int arg) {
        switch (op) {
            case ALL, ALL_IS, ALL_NON_SECURE_NON_HYP, ALL_NON_SECURE_NON_HYP_IS -> mmu.tlbInvalidateAll();
            case MVA, MVA_IS -> mmu.tlbInvalidateMva(arg);
            case ASID, ASID_IS -> mmu.tlbInvalidateAsid(arg);
            case MVA_ALL_ASID, MVA_ALL_ASID_IS -> mmu.tlbInvalidateMvaAllAsid(arg);
            case HYP_ALL, HYP_MVA, HYP_ALL_IS, HYP_MVA_IS -> { } // Hyp mode is not modelled: no Hyp entries
        }
    }

    @Override
    public long addressTranslation(AtsOp op, int va) {
        // ATS12NSO**: Secure PL1 asks about the Non-secure PL1&0 regime (stage 2 is flat: no EL2 modelled).
        // The Hyp forms are UNDEFINED outside Hyp mode, which is not modelled either.
        AtsKind kind = op.privileged() ? (op.write() ? AtsKind.ATS1CPW : AtsKind.ATS1CPR)
                : (op.write() ? AtsKind.ATS1CUW : AtsKind.ATS1CUR);
        return op.regime() == AtsOp.Regime.NON_SECURE_STAGE12 ? mmu.ats(kind, va, translationRegime(false)) : mmu.ats(kind, va);
    }

    @Override
    public void translationRegimeChanged() {
        // Blocks are found by VA and PA after a TLB lookup (which applies the new domains, ASID and
        // permissions), so a new regime leaves them valid.
        mmu.setRegime(translationRegime());
    }

    /**
     * Nothing to drop: every write to a page holding decoded code already drops its blocks (CodePages, and
     * the bus's RAM write listeners for DMA), so the guest's instruction-cache maintenance after writing code
     * has nothing left to do. (Linux issues ICIMVAU per cache line; flushing here cost more than decoding.)
     */
    @Override public void instructionCacheInvalidated() { }

    @Override
    public IrqLine timerIrq(int intid) {
        // The board provides the GIC after the accelerator is created: resolve the PPI when the timer drives it.
        return level -> {
            InterruptController ic;
            try {
                ic = machine.interruptController();
            } catch (IllegalStateException e) {
                return;
            }
            ic.ppi(index, intid).set(level);
        };
    }

    @Override public void vfpControlChanged() { }

    @Override
    public InterruptController interruptController() {
        try {
            return machine.interruptController();
        } catch (IllegalStateException e) {
            return null; // the board has not provided it yet
        }
    }

    @Override
    public void secureConfigurationChanged() {
        updateSecureBank();
        interpreter.flushBlocks();
    }

    @Override
    public int pendingInterrupts() {
        return (interpreter.irqPending() ? 1 << 7 : 0) | (interpreter.fiqPending() ? 1 << 6 : 0);
    }

    /**
     * The GIC raises and lowers a line from several threads (the clock's for a timer, a vCPU's on an
     * acknowledge). The signal bit is set from the latch's level read under a lock, so that a stale level
     * read by one caller can never overwrite a newer one (a lost wake-up from WFI otherwise).
     */
    private void irqChanged() {
        synchronized (irq) {
            interpreter.setIrq(irq.level());
        }
        lifecycle.wake();
    }

    private void fiqChanged() {
        synchronized (fiq) {
            interpreter.setFiq(fiq.level());
        }
        lifecycle.wake();
    }

    @Override public int index() { return index; }
    @Override public IrqLine irqInput() { return irq; }
    @Override public IrqLine fiqInput() { return fiq; }
    @Override public int id() { return index; }
    @Override
    public long currentPc() { return (interpreter.precisePc ? cpu.currentPc : interpreter.blockPc()) & 0xffffffffL; }

    public ArmCpu cpu() { return cpu; }

    public Interpreter interpreter() { return interpreter; }

    /*
     * No lock around the register copies: they are for a paused vCPU, and pausing and resuming go through
     * the lifecycle's lock, which orders them with the vCPU thread's own accesses.
     */
    @Override
    public ArmCoreRegisters readRegisters() { return cpu.readRegisters(cpu.nextPc); }

    @Override
    public void writeRegisters(ArmCoreRegisters regs) { cpu.writeRegisters(regs); }

    @Override public java.util.Optional<armvmm.accel.VcpuDebug> debug() { return java.util.Optional.of(debug); }

    @Override public VcpuState state() { return lifecycle.state(); }

    @Override public java.util.OptionalLong hostThreadId() { return lifecycle.hostThreadId(); }

    @Override public void pause() { lifecycle.pause(); }

    @Override public void resume() { lifecycle.resume(); }

    @Override public void kick() { lifecycle.kick(); }

    VcpuLifecycle lifecycle() { return lifecycle; }

    void start() {
        interpreter.precisePc = machine.bus().trace() != null;
        lifecycle.start();
    }

    /** The accelerator's half of the vCPU thread; everything but {@link #kick} runs on that thread. */
    private final class Runner implements VcpuRunner {
        @Override
        public Outcome runSlice() {
            if (cpu.halt == ArmCpu.Halt.OFF) return powerDown();
            // a wait the thread was paused in, or one set before it started, goes on before any instruction
            if (cpu.halt != ArmCpu.Halt.NONE) return Outcome.WAIT;
            if (debug.active()) {
                debug.runSlice(interpreter);
            } else {
                debug.leave();
                interpreter.run(SLICE);
            }
            String failure = interpreter.guestFailure();
            if (failure != null) {
                machine.reportGuestFailure("vcpu" + index + ": " + failure);
                return Outcome.EXIT;
            }
            if (cpu.halt == ArmCpu.Halt.OFF) return powerDown();
            return cpu.halt != ArmCpu.Halt.NONE ? Outcome.WAIT : Outcome.CONTINUE;
        }

        /**
         * The board's firmware powered this CPU down (PSCI CPU_OFF): a core that loses power loses its state,
         * so it is back at its reset values, and the thread parks until whoever powers it up again (CPU_ON,
         * a machine reset) has written its registers and resumes it.
         */
        private Outcome powerDown() {
            resetState();
            return Outcome.PARK;
        }

        /** The interpreter reads its request bit once per block: it returns at the next block boundary. */
        @Override
        public void kick() { interpreter.requestExit(); }

        /** WFI: until an interrupt is pending, masked or not; WFE: until an event or an unmasked interrupt. */
        @Override
        public boolean waitOver() {
            if (cpu.halt == ArmCpu.Halt.NONE) return true; // a reset ended the wait
            boolean irq = interpreter.irqPending(), fiq = interpreter.fiqPending();
            if (cpu.halt == ArmCpu.Halt.WFI) {
                if (!irq && !fiq) return false;
            } else {
                // WFE wakes on an event or an interrupt the CPSR does not mask (ARM ARM B1.8.13).
                boolean unmasked = (irq && !cpu.maskI) || (fiq && !cpu.maskF);
                if (!unmasked) {
                    if (!cpu.eventRegister) return false;
                    cpu.eventRegister = false;
                }
            }
            cpu.halt = ArmCpu.Halt.NONE;
            return true;
        }

        @Override
        public void failed(Throwable e) {
            log.error("vcpu{} stopped by an internal error at pc 0x{}", index, Integer.toHexString(cpu.nextPc), e);
            machine.reportVmmError("vcpu" + index + ": internal error " + e);
        }
    }

    /**
     * Back to the power-on state (machine reset, all vCPUs paused): cp15 registers, core registers, no
     * decoded code, no pending wait. The board's reset handlers then set the boot registers.
     */
    void resetState() {
        cp.reset();
        updateSecureBank();
        cpu.reset(0);
        cpu.halt = ArmCpu.Halt.NONE;
        interpreter.flushBlocks();
    }

    /**
     * The cp15 values were replaced wholesale (a snapshot restore, vCPU paused or not started): the bank
     * follows SCR.NS again, the MMU reads the new regime with an empty TLB, the timers re-arm, and no
     * decoded block survives (it was decoded under other translation state).
     */
    void systemRegistersRestored() {
        updateSecureBank();
        mmu.tlbInvalidateAll();
        // The timer part is created on the first timer access: in a freshly restored vCPU there was none, and
        // without it CNTV_CTL would read ISTATUS clear while the GIC holds the saved PPI high (an IRQ storm).
        armvmm.cpu.timer.GenericTimer.of(cp);
        cp.restored();
        interpreter.flushBlocks();
    }

    /** SEV from another CPU. */
    void event() {
        cpu.eventRegister = true;
        lifecycle.wake();
    }
}
