package armvmm.kvm;

import armvmm.accel.Vcpu;
import armvmm.accel.VcpuLifecycle;
import armvmm.accel.VcpuRunner;
import armvmm.accel.VcpuState;
import armvmm.bus.BusMaster;
import armvmm.cpu.ArmCoreRegisters;
import armvmm.irq.IrqLine;
import armvmm.kvm.sys.KvmException;
import armvmm.kvm.sys.KvmRun;
import armvmm.kvm.sys.Shim;
import armvmm.kvm.sys.VcpuFd;
import armvmm.accel.VmContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One KVM vCPU. Its thread is a {@link VcpuLifecycle}; the slice this vCPU gives it is one KVM_RUN and the
 * handling of its exit.
 *
 * <p>The kick is the native shim's: it sets kvm_run.immediate_exit and sends the kick signal. If the thread
 * is inside KVM_RUN the signal ends it with EINTR; if it is about to enter, immediate_exit makes KVM_RUN
 * return EINTR at once; either way the thread then clears the flag (with a fence) and the lifecycle reads
 * its requests, so no kick is lost and none is waited for.
 */
public final class KvmVcpu implements Vcpu, BusMaster {
    private static final Logger log = LoggerFactory.getLogger(KvmVcpu.class);

    private final int index;
    private final VcpuFd fd;
    private final KvmRun run;
    private final KvmArch arch;
    private final ExitHandler exits;
    private final IrqLine irq, fiq;
    private final VcpuLifecycle lifecycle;
    /**
     * The vCPU thread's pthread_t, for the kick's signal. Set by that thread before the lifecycle lets any
     * kick through (the lifecycle's lock orders the two).
     */
    private long pthread;

    KvmVcpu(int index, VcpuFd fd, KvmArch arch, VmContext machine) {
        this.index = index;
        this.fd = fd;
        this.run = fd.kvmRun();
        this.arch = arch;
        this.exits = new ExitHandler(this, machine, arch);
        this.irq = arch.cpuInterruptInput(this, false);
        this.fiq = arch.cpuInterruptInput(this, true);
        this.lifecycle = new VcpuLifecycle("kvm-vcpu-" + index, new Runner());
    }

    @Override
    public int index() { return index; }

    @Override
    public int id() { return index; }

    /** The vCPU fd, for the arch half's register ioctls (own thread, or any thread while paused). */
    public VcpuFd fd() { return fd; }

    public ExitHandler exits() { return exits; }

    @Override
    public long currentPc() { return arch.currentPc(this); }

    @Override
    public IrqLine irqInput() { return irq; }

    @Override
    public IrqLine fiqInput() { return fiq; }

    @Override
    public ArmCoreRegisters readRegisters() { return arch.readRegisters(this); }

    @Override
    public void writeRegisters(ArmCoreRegisters regs) { arch.writeRegisters(this, regs); }

    @Override
    public java.util.OptionalLong hostThreadId() { return lifecycle.hostThreadId(); }

    @Override
    public VcpuState state() { return lifecycle.state(); }

    @Override
    public void pause() { lifecycle.pause(); }

    @Override
    public void resume() { lifecycle.resume(); }

    @Override
    public void kick() { lifecycle.kick(); }

    VcpuLifecycle lifecycle() { return lifecycle; }

    void start() { lifecycle.start(); }

    /** The accelerator's half of the vCPU thread; everything but {@link #kick} runs on that thread. */
    private final class Runner implements VcpuRunner {
        @Override
        public void threadStarted() { pthread = Shim.threadSelf(); }

        @Override
        public Outcome runSlice() {
            if (!fd.run()) {
                run.clearImmediateExit();
                return Outcome.CONTINUE;
            }
            return switch (exits.handle(run)) {
                case CONTINUE -> Outcome.CONTINUE;
                case WAIT -> Outcome.WAIT;
                case PARK -> Outcome.PARK;
                case FAIL -> Outcome.EXIT;
            };
        }

        /** Only while the thread is alive (the lifecycle's promise): pthread_kill on an ended thread is undefined. */
        @Override
        public void kick() {
            int err = Shim.kick(pthread, run);
            if (err != 0) log.warn("vCPU {}: kick failed: errno {}", index, err);
        }

        @Override
        public boolean waitOver() { return arch.waitOver(KvmVcpu.this); }

        @Override
        public void failed(Throwable e) {
            if (e instanceof KvmException) {
                exits.fail(e.getMessage());
            } else {
                log.error("vCPU {}: internal error", index, e);
                exits.fail("internal error: " + e);
            }
        }
    }

    /** Releases the vCPU fd and its kvm_run, unless a thread that would not stop may still use them. */
    void close() {
        if (lifecycle.threadAlive()) {
            log.error("vCPU {} is still running: its fd and kvm_run stay open", index);
            return;
        }
        fd.close();
    }

    @Override
    public String toString() { return "vCPU " + index; }
}
