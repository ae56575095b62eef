package armvmm.accel;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One vCPU's thread and its requests, the same under every accelerator: the {@link VcpuRunner} executes
 * the guest slice by slice; pause, resume, stop and kick come from other threads and are answered at the
 * safe point between two slices, where the {@link VcpuState} changes under {@link #lock} and every waiter
 * is told.
 *
 * <p>A request is a flag set under the lock together with {@link #requestPending}, followed by a kick.
 * The thread reads {@code requestPending} (one volatile read) after each slice and takes the lock only
 * when it is set. The runner is kicked only while the thread is RUNNING: from every other state the thread
 * leaves through the locked safe point, where it sees the request anyway. A request that comes after the
 * thread became RUNNING but before its slice starts is caught by the runner's kick protocol (TCG: the
 * interpreter's request bit; KVM: immediate_exit), so none is lost.
 *
 * <p>A guest wait (WAIT) parks the thread with {@link LockSupport#park}: interrupt lines and events only
 * {@link #wake()} it (no lock on that path), and it asks {@link VcpuRunner#waitOver()} again. A request
 * also wakes it; once answered, the wait goes on.
 */
public final class VcpuLifecycle {
    private static final Logger log = LoggerFactory.getLogger(VcpuLifecycle.class);
    /** How long stop waits for the thread (a vCPU stuck in the kernel must not hang the VMM's exit). */
    static final long STOP_WAIT_MILLIS = 10_000;

    private final String threadName;
    private final VcpuRunner runner;

    private final Object lock = new Object();
    /** Set with every request, cleared by the thread once they are answered. Initially set: the thread's first step is a safe point. */
    private volatile boolean requestPending = true;
    /** Written under lock; read without it by {@link #state()} and {@link #wake()}. */
    private volatile VcpuState state = VcpuState.CREATED;
    private volatile Thread thread;
    private volatile long hostThreadId = -1;
    // guarded by lock
    private boolean pauseRequested, stopRequested, parked;

    public VcpuLifecycle(String threadName, VcpuRunner runner) {
        this.threadName = threadName;
        this.runner = runner;
    }

    public VcpuState state() { return state; }

    /** The host's id of the vCPU thread (Linux: its TID), once the thread has started. */
    public java.util.OptionalLong hostThreadId() {
        long t = hostThreadId;
        return t < 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(t);
    }

    /**
     * The calling thread's TID from /proc/thread-self (a link to PID/task/TID), what QEMU reports as a vCPU's
     * thread-id so that a user can pin or profile it; -1 where there is no such link.
     */
    private static long currentHostThreadId() {
        try {
            String link = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/thread-self")).toString();
            return Long.parseLong(link.substring(link.lastIndexOf('/') + 1));
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Whether the guest has parked the thread (PARKED, or PAUSED with the park still to come back to): out of
     * the guest until the machine resumes it.
     */
    public boolean parked() {
        synchronized (lock) {
            return parked;
        }
    }

    /** Starts the thread; once only, and never after {@link #stop()}. A pause requested before starts it paused. */
    public void start() {
        synchronized (lock) {
            if (thread != null || stopRequested) return;
            Thread t = new Thread(this::threadMain, threadName);
            // a vCPU stuck in the guest or the kernel must not keep the VMM process alive
            t.setDaemon(true);
            thread = t;
            t.start();
        }
    }

    /** Whether a thread was started and has not ended: the runner's resources may still be in use. */
    public boolean threadAlive() {
        Thread t = thread;
        return t != null && state != VcpuState.EXITED;
    }

    /** Pauses the vCPU: returns once it is PAUSED at its safe point, has exited, or was never started. */
    public void pause() {
        requestPause();
        awaitPaused();
    }

    /** The request half of {@link #pause()}, so that several vCPUs can be asked at once ({@link #pauseAll}). */
    public void requestPause() {
        synchronized (lock) {
            if (state == VcpuState.EXITED) return;
            pauseRequested = true;
            requestPending = true;
            kickLocked();
            // a PARKED thread waits on the lock: it must see the pause and say PAUSED
            lock.notifyAll();
        }
    }

    /**
     * Waits for {@link #requestPause()} to be answered. Returns at once on the vCPU's own thread (it pauses
     * at its next safe point, after the caller returns), when it has no thread, or when a resume withdrew the
     * request meanwhile.
     */
    public void awaitPaused() {
        synchronized (lock) {
            if (Thread.currentThread() == thread) return;
            boolean interrupted = false;
            while (thread != null && pauseRequested && state != VcpuState.PAUSED && state != VcpuState.EXITED) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                    break;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** Withdraws a pause, and releases a PARKED vCPU (the machine has done what the guest asked). A WAITING guest goes on waiting. */
    public void resume() {
        synchronized (lock) {
            pauseRequested = false;
            parked = false;
            lock.notifyAll();
        }
    }

    /** Ends the thread for good and waits for it (bounded); idempotent. */
    public void stop() {
        requestStop();
        awaitStopped();
    }

    public void requestStop() {
        synchronized (lock) {
            stopRequested = true;
            requestPending = true;
            if (thread == null) setState(VcpuState.EXITED);
            else kickLocked();
            lock.notifyAll();
        }
    }

    /** Joins the thread, at most {@link #STOP_WAIT_MILLIS}; logs a thread that would not end. */
    public void awaitStopped() {
        Thread t = thread;
        if (t == null || t == Thread.currentThread()) return;
        try {
            t.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) log.error("{} did not stop within {} s", threadName, TimeUnit.MILLISECONDS.toSeconds(STOP_WAIT_MILLIS));
    }

    /** Makes the vCPU leave guest execution soon and look at its requests and interrupts. */
    public void kick() {
        synchronized (lock) {
            kickLocked();
        }
    }

    /**
     * Makes a WAITING thread ask {@link VcpuRunner#waitOver()} again: for interrupt lines and events, after
     * they changed what the runner reads. Lock-free; a wake before the thread parks is not lost (the park
     * returns at once).
     */
    public void wake() {
        Thread t = thread;
        if (t != null) LockSupport.unpark(t);
    }

    private void kickLocked() {
        wake();
        if (state == VcpuState.RUNNING) runner.kick();
    }

    /** Pauses every vCPU of {@code all} at once, then waits for each. */
    public static void pauseAll(Collection<VcpuLifecycle> all) {
        all.forEach(VcpuLifecycle::requestPause);
        all.forEach(VcpuLifecycle::awaitPaused);
    }

    public static void resumeAll(Collection<VcpuLifecycle> all) { all.forEach(VcpuLifecycle::resume); }

    /** Stops every vCPU of {@code all} at once, then joins each. */
    public static void stopAll(Collection<VcpuLifecycle> all) {
        all.forEach(VcpuLifecycle::requestStop);
        all.forEach(VcpuLifecycle::awaitStopped);
    }

    private void setState(VcpuState s) {
        state = s;
        lock.notifyAll();
        StateObserver o = observer;
        if (o != null) o.changed(threadName, s);
    }

    /** Told every state change of every vCPU thread (on that thread, under its lock): a trace timeline. */
    @FunctionalInterface
    public interface StateObserver {
        void changed(String vcpu, VcpuState state);
    }

    private static volatile StateObserver observer;

    /**
     * Sets the observer of every vCPU lifecycle in the process (null: none). One per process, as there is
     * one machine per VMM process; {@code --trace-out} sets it for the run.
     */
    public static void observe(StateObserver o) { observer = o; }

    private void threadMain() {
        hostThreadId = currentHostThreadId();
        try {
            runner.threadStarted();
            // what the thread goes back to after a safe point: RUNNING, or WAITING while the guest waits
            VcpuState resumeTo = VcpuState.RUNNING;
            boolean safePointDue = true;
            while (true) {
                if (safePointDue || requestPending) {
                    if (!safePoint(resumeTo)) return;
                    safePointDue = false;
                }
                if (resumeTo == VcpuState.WAITING) {
                    if (!awaitWake()) continue;
                    // back to RUNNING through the safe point, so that the runner is kickable again
                    resumeTo = VcpuState.RUNNING;
                    safePointDue = true;
                    continue;
                }
                switch (runner.runSlice()) {
                    case CONTINUE -> { }
                    case WAIT -> {
                        resumeTo = VcpuState.WAITING;
                        safePointDue = true;
                    }
                    case PARK -> {
                        synchronized (lock) {
                            parked = true;
                        }
                        safePointDue = true;
                    }
                    case EXIT -> {
                        return;
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            try {
                runner.failed(e);
            } catch (RuntimeException | Error again) {
                log.error("{}: reporting a failure failed", threadName, again);
            }
        } finally {
            synchronized (lock) {
                setState(VcpuState.EXITED);
            }
        }
    }

    /** Answers the requests; false once a stop is requested. Then the state is {@code resumeTo}. */
    private boolean safePoint(VcpuState resumeTo) {
        synchronized (lock) {
            while (!stopRequested && (pauseRequested || parked)) {
                setState(pauseRequested ? VcpuState.PAUSED : VcpuState.PARKED);
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    // nobody interrupts a vCPU thread but to end it
                    stopRequested = true;
                }
            }
            if (stopRequested) return false;
            requestPending = false;
            setState(resumeTo);
            return true;
        }
    }

    /** Parks until the guest's wait is over (true) or a request arrives (false). */
    private boolean awaitWake() {
        while (true) {
            if (requestPending) return false;
            if (runner.waitOver()) return true;
            LockSupport.park(this);
            if (Thread.interrupted()) {
                synchronized (lock) {
                    stopRequested = true;
                    requestPending = true;
                }
                return false;
            }
        }
    }

    @Override
    public String toString() { return threadName + " " + state; }
}
