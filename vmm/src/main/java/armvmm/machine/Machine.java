package armvmm.machine;

import armvmm.accel.AcceleratorInstance;
import armvmm.accel.Vcpu;
import armvmm.accel.VcpuState;
import armvmm.accel.VmContext;
import armvmm.bus.AddressSpace;
import armvmm.cpu.ArmCoreRegisters;
import armvmm.cpu.CoreReg;
import armvmm.bus.Region;
import armvmm.irq.InterruptController;
import armvmm.time.MachineClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One virtual machine: its physical address space, clock, interrupt controller and vCPUs, and its
 * lifecycle. Created empty; the accelerator adds vCPUs, the board adds RAM and devices, then {@link #run}
 * drives it until the guest powers off (a reset re-runs the board's reset handlers and goes on, unless
 * {@link MachineConfig#noReboot()}).
 */
public final class Machine implements VmContext {
    private static final Logger log = LoggerFactory.getLogger(Machine.class);

    public enum State { CREATED, RUNNING, PAUSED, STOPPED }

    private final MachineConfig config;
    private final AddressSpace bus = new AddressSpace();
    private final MachineClock clock;
    private final LinkedBlockingQueue<PowerEvent> events = new LinkedBlockingQueue<>();
    private final List<Runnable> resetHandlers = new ArrayList<>();
    private final List<AutoCloseable> shutdownHandlers = new ArrayList<>();
    private boolean shutDown;
    private volatile InterruptController interruptController;
    private volatile AcceleratorInstance accel;
    private volatile State state = State.CREATED;
    /** vCPUs that were PARKED when {@link #pause} paused them (guarded by this). */
    private final java.util.Set<Integer> parkedAtPause = new java.util.HashSet<>();

    public Machine(MachineConfig config, MachineClock clock) {
        this.config = Objects.requireNonNull(config);
        this.clock = Objects.requireNonNull(clock);
    }

    public MachineConfig config() { return config; }

    private volatile armvmm.chardev.CharBackendSpec serial;

    /**
     * A serial backend that has no {@code --serial} spelling (an embedding program's stream pair), in place
     * of {@link MachineConfig#serial()}; set before the board is built.
     */
    public void setSerial(armvmm.chardev.CharBackendSpec spec) { this.serial = Objects.requireNonNull(spec); }

    /** The console backend the board opens: the one {@link #setSerial} gave, else the configuration's. */
    public armvmm.chardev.CharBackendSpec serial() {
        armvmm.chardev.CharBackendSpec s = serial;
        return s != null ? s : armvmm.chardev.CharBackendSpec.parse(config.serial());
    }
    @Override public int cpuCount() { return config.cpus(); }
    @Override public AddressSpace bus() { return bus; }
    @Override public MachineClock clock() { return clock; }
    public State state() { return state; }

    public void attach(AcceleratorInstance instance) {
        if (accel != null) throw new IllegalStateException("accelerator already attached");
        accel = instance;
    }

    public AcceleratorInstance accelerator() {
        if (accel == null) throw new IllegalStateException("no accelerator attached");
        return accel;
    }

    public List<? extends Vcpu> vcpus() { return accelerator().vcpus(); }

    private volatile armvmm.trace.TraceTimeline timeline;

    /** A timeline to record on: set before the board is built, so that the interrupt lines it wires are seen. */
    public void setTimeline(armvmm.trace.TraceTimeline t) { this.timeline = t; }

    public void setInterruptController(InterruptController ic) {
        armvmm.trace.TraceTimeline t = timeline;
        this.interruptController = t == null ? ic : new TracedInterruptController(ic, t);
    }

    /** Every input line's level change goes to the timeline, then on to the controller. */
    private record TracedInterruptController(InterruptController ic, armvmm.trace.TraceTimeline timeline) implements InterruptController {
        @Override
        public armvmm.irq.IrqLine spi(int intid) {
            armvmm.irq.IrqLine l = ic.spi(intid);
            return level -> {
                timeline.irqLine("spi " + intid, level);
                l.set(level);
            };
        }

        @Override
        public armvmm.irq.IrqLine ppi(int cpu, int intid) {
            armvmm.irq.IrqLine l = ic.ppi(cpu, intid);
            return level -> {
                timeline.irqLine("cpu" + cpu + " ppi " + intid, level);
                l.set(level);
            };
        }

        @Override public int lines() { return ic.lines(); }

        @Override public List<String> describeLines() { return ic.describeLines(); }
    }

    @Override
    public InterruptController interruptController() {
        if (interruptController == null) throw new IllegalStateException("the board has not provided an interrupt controller");
        return interruptController;
    }

    /** Runs on every machine reset, in registration order, with all vCPUs paused: devices and boot state back to power-on. */
    @Override
    public void onReset(Runnable handler) { resetHandlers.add(handler); }

    /**
     * Host resources the board opened for the machine's life (image files, sockets, console backends):
     * closed by {@link #shutdown()}, last registered first.
     */
    public synchronized void onShutdown(AutoCloseable resource) { shutdownHandlers.add(resource); }

    /**
     * The end of the machine's life, after its last {@link #run}: closes what {@link #onShutdown} registered,
     * once. A resource that fails to close is logged and the others are still closed.
     */
    public synchronized void shutdown() {
        if (shutDown) return;
        shutDown = true;
        for (int i = shutdownHandlers.size() - 1; i >= 0; i--) {
            try {
                shutdownHandlers.get(i).close();
            } catch (Exception e) {
                log.warn("closing {} at shutdown: {}", shutdownHandlers.get(i), e.toString());
            }
        }
    }

    private volatile Runnable powerButton;

    /** The board's power button (virt: the PL061's gpio-keys pin), pressed by {@link #pressPowerButton}. */
    public void setPowerButton(Runnable press) { this.powerButton = press; }

    /**
     * Presses the power button, as QMP's system_powerdown does: the guest decides what follows (an orderly
     * power-off, or nothing). False when the board has no power button.
     */
    public boolean pressPowerButton() {
        Runnable b = powerButton;
        if (b == null) return false;
        b.run();
        return true;
    }

    /** Guest (or device) requests: callable from any thread. */
    @Override
    public void requestPowerOff(String why) { events.add(new PowerEvent(PowerEvent.Kind.POWER_OFF, why)); }

    /**
     * A test device (chr-testdev) ends the run: {@link #run} returns an event whose exit code is
     * {@code status}. From any thread.
     */
    public void requestTestExit(int status, String why) { events.add(new PowerEvent(PowerEvent.Kind.TEST_EXIT, why, status)); }

    @Override
    public void requestReset(String why) { events.add(new PowerEvent(PowerEvent.Kind.RESET, why)); }

    @Override
    public void reportGuestFailure(String why) { events.add(new PowerEvent(PowerEvent.Kind.GUEST_FAILURE, why)); }

    @Override
    public void reportVmmError(String why) { events.add(new PowerEvent(PowerEvent.Kind.VMM_ERROR, why)); }

    /**
     * Starts the vCPUs and waits for the machine to stop. {@code timeoutMillis <= 0} waits for ever.
     * Returns the event that ended the run.
     */
    public PowerEvent run(long timeoutMillis) throws InterruptedException {
        long deadline = timeoutMillis > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis) : Long.MAX_VALUE;
        state = State.RUNNING;
        accelerator().start();
        try {
            while (true) {
                long wait = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
                PowerEvent e = wait == Long.MAX_VALUE ? events.take() : events.poll(Math.max(wait, 0), TimeUnit.NANOSECONDS);
                if (e == null)
                    return new PowerEvent(PowerEvent.Kind.TIMEOUT, "no power-off within " + timeoutMillis + " ms; "
                            + String.join("; ", describeVcpus()));
                if (e.kind() == PowerEvent.Kind.RESET && !config.noReboot()) {
                    log.info("machine reset: {}", e.detail());
                    reset();
                    continue;
                }
                return e;
            }
        } finally {
            accelerator().stop();
            state = State.STOPPED;
        }
    }

    /**
     * Where each vCPU is, one entry each ("vcpu0 WAITING pc=0x80008a3c cpsr=0x600001d3 SVC"): its state as it
     * was, then its PC and CPSR read at its safe point. Leaves every vCPU paused; for a hang's report.
     */
    public List<String> describeVcpus() {
        List<String> out = new ArrayList<>();
        for (Vcpu v : vcpus()) {
            VcpuState was = v.state();
            v.pause();
            ArmCoreRegisters r = v.readRegisters();
            out.add(String.format("vcpu%d %s pc=0x%08x cpsr=0x%08x %s", v.index(), was, r.get(CoreReg.PC),
                    r.get(CoreReg.CPSR), r.mode()));
        }
        return out;
    }

    /** Pauses every vCPU, runs the reset handlers, and resumes. */
    public void reset() {
        accelerator().pause();
        state = State.PAUSED;
        for (Region r : bus.regions()) if (r.device() != null) r.device().reset();
        resetHandlers.forEach(Runnable::run);
        accelerator().resume();
        state = State.RUNNING;
    }

    /**
     * Pauses every vCPU (a debugger's or a monitor's stop) and returns once all are at their safe points.
     * Those the guest had parked (a CPU powered off through PSCI) are remembered, so that {@link #resume}
     * leaves them parked: resuming a vCPU's lifecycle would release it. (One that parks between the look at
     * its state and the pause is not seen, and the resume releases it: it runs its boot stub again.)
     */
    public synchronized void pause() {
        List<? extends Vcpu> all = vcpus();
        List<VcpuState> before = all.stream().map(Vcpu::state).toList();
        accelerator().pause();
        // a second pause (after a one-vCPU resume) keeps what the first one saw
        for (int i = 0; i < all.size(); i++) if (before.get(i) == VcpuState.PARKED) parkedAtPause.add(all.get(i).index());
        state = State.PAUSED;
    }

    /** Resumes what {@link #pause} paused. */
    public synchronized void resume() {
        for (Vcpu v : vcpus()) if (!parkedAtPause.contains(v.index())) v.resume();
        parkedAtPause.clear();
        state = State.RUNNING;
    }

    /** Resumes one vCPU of a paused machine alone (a debugger's single step): the others stay paused. */
    public synchronized void resume(Vcpu v) {
        if (!parkedAtPause.contains(v.index())) v.resume();
    }
}
