package armvmm.machine;

import armvmm.accel.AcceleratorInstance;
import armvmm.accel.Vcpu;
import armvmm.bus.AddressSpace;
import armvmm.bus.Region;
import armvmm.cp15.Cp15Trace;
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
public final class Machine {
    private static final Logger log = LoggerFactory.getLogger(Machine.class);

    public enum State { CREATED, RUNNING, PAUSED, STOPPED }

    private final MachineConfig config;
    private final AddressSpace bus = new AddressSpace();
    private final MachineClock clock;
    private final LinkedBlockingQueue<PowerEvent> events = new LinkedBlockingQueue<>();
    private final List<Runnable> resetHandlers = new ArrayList<>();
    private volatile InterruptController interruptController;
    private volatile AcceleratorInstance accel;
    private volatile State state = State.CREATED;
    private volatile java.util.List<armvmm.cp15.CpReg> boardSystemRegisters = java.util.List.of();
    private volatile Cp15Trace cp15Trace;

    public Machine(MachineConfig config, MachineClock clock) {
        this.config = Objects.requireNonNull(config);
        this.clock = Objects.requireNonNull(clock);
    }

    public MachineConfig config() { return config; }
    public AddressSpace bus() { return bus; }
    public MachineClock clock() { return clock; }
    public State state() { return state; }

    /**
     * The system registers the board adds to its CPUs (vexpress: CBAR). Set before the accelerator is
     * created, so that a CPU model builds its register set with them from the start.
     */
    public void setBoardSystemRegisters(java.util.List<armvmm.cp15.CpReg> regs) {
        if (accel != null) throw new IllegalStateException("board system registers must be known before the accelerator is created");
        boardSystemRegisters = java.util.List.copyOf(regs);
    }

    public java.util.List<armvmm.cp15.CpReg> boardSystemRegisters() { return boardSystemRegisters; }

    public void attach(AcceleratorInstance instance) {
        if (accel != null) throw new IllegalStateException("accelerator already attached");
        accel = instance;
    }

    public AcceleratorInstance accelerator() {
        if (accel == null) throw new IllegalStateException("no accelerator attached");
        return accel;
    }

    public List<? extends Vcpu> vcpus() { return accelerator().vcpus(); }

    /** {@code --trace cp15}: the sink a CPU reports its coprocessor register accesses to, or null when off. */
    public void setCp15Trace(Cp15Trace trace) { this.cp15Trace = trace; }

    public Cp15Trace cp15Trace() { return cp15Trace; }

    public void setInterruptController(InterruptController ic) { this.interruptController = ic; }

    public InterruptController interruptController() {
        if (interruptController == null) throw new IllegalStateException("the board has not provided an interrupt controller");
        return interruptController;
    }

    /** Runs on every machine reset, in registration order, with all vCPUs paused: devices and boot state back to power-on. */
    public void onReset(Runnable handler) { resetHandlers.add(handler); }

    /** Guest (or device) requests: callable from any thread. */
    public void requestPowerOff(String why) { events.add(new PowerEvent(PowerEvent.Kind.POWER_OFF, why)); }

    public void requestReset(String why) { events.add(new PowerEvent(PowerEvent.Kind.RESET, why)); }

    public void reportGuestFailure(String why) { events.add(new PowerEvent(PowerEvent.Kind.GUEST_FAILURE, why)); }

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
                if (e == null) return new PowerEvent(PowerEvent.Kind.TIMEOUT, "no power-off within " + timeoutMillis + " ms");
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

    /** Pauses every vCPU, runs the reset handlers, and resumes. */
    public void reset() {
        accelerator().pause();
        state = State.PAUSED;
        for (Region r : bus.regions()) if (r.device() != null) r.device().reset();
        resetHandlers.forEach(Runnable::run);
        accelerator().resume();
        state = State.RUNNING;
    }

    public void pause() {
        accelerator().pause();
        state = State.PAUSED;
    }

    public void resume() {
        accelerator().resume();
        state = State.RUNNING;
    }
}
