package armvmm.kvm;

import armvmm.accel.Vcpu;
import armvmm.bus.BusMaster;
import armvmm.cpu.ArmCoreRegisters;
import armvmm.irq.IrqLine;
import armvmm.kvm.sys.KvmException;
import armvmm.kvm.sys.KvmRun;
import armvmm.kvm.sys.Shim;
import armvmm.kvm.sys.VcpuFd;
import armvmm.machine.Machine;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One KVM vCPU on its own thread: KVM_RUN, handle the exit, repeat.
 *
 * <p>Pause, resume and stop are requests, answered at the safe point between two KVM_RUNs. A request sets a
 * flag under {@link #lock} and then kicks the thread: the native shim sets kvm_run.immediate_exit and sends
 * the kick signal. If the thread is inside KVM_RUN the signal ends it with EINTR; if it is about to enter,
 * immediate_exit makes KVM_RUN return EINTR at once; either way it then clears the flag and reads the
 * requests, so no kick is lost and none is waited for.
 */
public final class KvmVcpu implements Vcpu, BusMaster {
    private static final Logger log = LoggerFactory.getLogger(KvmVcpu.class);
    private static final long STOP_WAIT_MILLIS = 10_000;

    private final int index;
    private final VcpuFd fd;
    private final KvmRun run;
    private final KvmArch arch;
    private final ExitHandler exits;
    private final IrqLine irq, fiq;

    private final Object lock = new Object();
    /** Fast check between KVM_RUNs; written under {@link #lock}. */
    private volatile boolean requestPending;
    // guarded by lock
    private boolean pauseRequested, stopRequested, guestParked, failed;
    private boolean started, alive, ended, waiting;
    private long pthread;
    private Thread thread;

    KvmVcpu(int index, VcpuFd fd, KvmArch arch, Machine machine) {
        this.index = index;
        this.fd = fd;
        this.run = fd.kvmRun();
        this.arch = arch;
        this.exits = new ExitHandler(this, machine, arch);
        this.irq = arch.cpuInterruptInput(this, false);
        this.fiq = arch.cpuInterruptInput(this, true);
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

    void start() {
        synchronized (lock) {
            if (started) return;
            started = true;
            thread = new Thread(this::loop, "kvm-vcpu-" + index);
            // a vCPU stuck in the kernel must not keep the VMM process alive
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void loop() {
        synchronized (lock) {
            pthread = Shim.threadSelf();
            alive = true;
        }
        try {
            while (safePoint()) {
                if (!fd.run()) {
                    run.clearImmediateExit();
                    continue;
                }
                ExitAction a = exits.handle(run);
                if (a != ExitAction.CONTINUE) park(a == ExitAction.FAIL);
            }
        } catch (KvmException e) {
            exits.fail(e.getMessage());
        } catch (RuntimeException | Error e) {
            log.error("vCPU {}: internal error", index, e);
            exits.fail("internal error: " + e);
        } finally {
            synchronized (lock) {
                alive = false;
                ended = true;
                lock.notifyAll();
            }
        }
    }

    private void park(boolean fail) {
        synchronized (lock) {
            guestParked = true;
            failed |= fail;
            requestPending = true;
        }
    }

    /** Waits while paused or parked; false once a stop is requested. */
    private boolean safePoint() {
        if (!requestPending) return true;
        synchronized (lock) {
            try {
                while (!stopRequested && (pauseRequested || guestParked)) {
                    waiting = true;
                    lock.notifyAll();
                    lock.wait();
                }
            } catch (InterruptedException e) {
                stopRequested = true;
            } finally {
                waiting = false;
            }
            requestPending = stopRequested;
            return !stopRequested;
        }
    }

    @Override
    public void kick() {
        synchronized (lock) {
            if (!alive || waiting) return;
            int err = Shim.kick(pthread, run);
            if (err != 0) log.warn("vCPU {}: kick failed: errno {}", index, err);
        }
    }

    void requestPause() {
        synchronized (lock) {
            pauseRequested = true;
            requestPending = true;
        }
        kick();
    }

    /** Returns once the vCPU waits at its safe point (or has no thread running). */
    void awaitPaused() {
        synchronized (lock) {
            try {
                while (started && !ended && !waiting) lock.wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void resume() {
        synchronized (lock) {
            pauseRequested = false;
            if (!failed) guestParked = false;
            requestPending = stopRequested || guestParked;
            lock.notifyAll();
        }
    }

    /** True while the vCPU waits at its safe point: paused, or parked after a halt or a failure. */
    public boolean isWaiting() {
        synchronized (lock) { return waiting; }
    }

    void requestStop() {
        synchronized (lock) {
            stopRequested = true;
            requestPending = true;
            lock.notifyAll();
        }
        kick();
    }

    void awaitStopped() {
        Thread t;
        synchronized (lock) { t = thread; }
        if (t == null || t == Thread.currentThread()) return;
        try {
            t.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) log.error("vCPU {} did not stop within {} s", index, TimeUnit.MILLISECONDS.toSeconds(STOP_WAIT_MILLIS));
    }

    /** True once the vCPU's thread has ended (stopped, or failed outside the guest). */
    public boolean hasEnded() {
        synchronized (lock) { return ended; }
    }

    /** Releases the vCPU fd and its kvm_run, unless a thread that would not stop may still use them. */
    void close() {
        synchronized (lock) {
            if (started && !ended) {
                log.error("vCPU {} is still running: its fd and kvm_run stay open", index);
                return;
            }
        }
        fd.close();
    }

    @Override
    public String toString() { return "vCPU " + index; }
}
