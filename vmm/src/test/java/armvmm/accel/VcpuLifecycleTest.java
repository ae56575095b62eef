package armvmm.accel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import armvmm.accel.VcpuRunner.Outcome;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lifecycle's state machine with a scripted runner whose slice, like a guest's, runs until it is kicked
 * or told to end with an outcome. The accelerators' own tests run {@link VcpuLifecycleContract} on real
 * guests.
 */
@Timeout(30)
class VcpuLifecycleTest {
    private static final Object KICK = new Object();

    /** A slice takes the next event: an outcome to return, a Runnable to run on the vCPU thread, an exception to throw, or a kick. */
    private static final class ScriptedRunner implements VcpuRunner {
        final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        final AtomicInteger slices = new AtomicInteger(), kicks = new AtomicInteger();
        volatile boolean waitOver;
        volatile Thread started;
        volatile Throwable failure;

        @Override
        public void threadStarted() { started = Thread.currentThread(); }

        @Override
        public Outcome runSlice() {
            slices.incrementAndGet();
            Object e;
            try {
                e = events.take();
            } catch (InterruptedException x) {
                throw new IllegalStateException(x);
            }
            if (e instanceof Outcome o) return o;
            if (e instanceof RuntimeException x) throw x;
            if (e instanceof Runnable r) r.run();
            return Outcome.CONTINUE;
        }

        @Override
        public void kick() {
            kicks.incrementAndGet();
            events.add(KICK);
        }

        @Override
        public boolean waitOver() { return waitOver; }

        @Override
        public void failed(Throwable error) { failure = error; }
    }

    private final ScriptedRunner runner = new ScriptedRunner();
    private final VcpuLifecycle life = new VcpuLifecycle("test-vcpu", runner);

    @AfterEach
    void end() { life.stop(); }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what);
            Thread.sleep(1);
        }
    }

    /** Waits until the thread sits in a slice that only a kick or an event ends. */
    private void awaitInSlice(int n) throws InterruptedException {
        await(() -> runner.slices.get() >= n && runner.events.isEmpty() && life.state() == VcpuState.RUNNING, "slice " + n + " runs");
    }

    @Test
    void aPauseKicksTheSliceAndReturnsAtTheSafePoint() throws Exception {
        life.start();
        awaitInSlice(1);
        life.pause();
        assertEquals(VcpuState.PAUSED, life.state());
        assertEquals(1, runner.kicks.get(), "one kick ended the slice");
        assertEquals(1, runner.slices.get(), "no slice runs while paused");
        life.kick();
        assertEquals(1, runner.kicks.get(), "a paused thread is not kicked: it reads its requests when it leaves");
        life.resume();
        awaitInSlice(2);
        Thread t = runner.started;
        life.stop();
        assertEquals(VcpuState.EXITED, life.state());
        assertFalse(t.isAlive());
        assertFalse(life.threadAlive());
    }

    @Test
    void aParkedVcpuRunsAgainOnResumeAndAnswersAPauseMeanwhile() throws Exception {
        life.start();
        awaitInSlice(1);
        runner.events.add(Outcome.PARK);
        await(() -> life.state() == VcpuState.PARKED, "the vCPU parks");
        life.pause();
        assertEquals(VcpuState.PAUSED, life.state());
        life.resume();
        awaitInSlice(2);
        assertEquals(0, runner.kicks.get(), "parking and pausing a parked vCPU need no kick");
    }

    @Test
    void aWaitEndsWhenTheRunnerSaysSoAndAPauseInBetweenKeepsIt() throws Exception {
        life.start();
        awaitInSlice(1);
        runner.events.add(Outcome.WAIT);
        await(() -> life.state() == VcpuState.WAITING, "the guest waits");
        life.wake();
        Thread.sleep(20);
        assertEquals(VcpuState.WAITING, life.state(), "a wake-up with the wait not over");
        life.pause();
        assertEquals(VcpuState.PAUSED, life.state());
        life.resume();
        await(() -> life.state() == VcpuState.WAITING, "the wait goes on after resume");
        assertEquals(1, runner.slices.get());
        runner.waitOver = true;
        life.wake();
        awaitInSlice(2);
    }

    @Test
    void theThreadEndsOnExitAndOnAFailureTheRunnerReports() throws Exception {
        life.start();
        awaitInSlice(1);
        runner.events.add(Outcome.EXIT);
        await(() -> life.state() == VcpuState.EXITED, "the vCPU exits");
        assertNull(runner.failure);
        life.pause(); // returns at once

        ScriptedRunner r2 = new ScriptedRunner();
        VcpuLifecycle l2 = new VcpuLifecycle("test-vcpu-2", r2);
        l2.start();
        IllegalStateException boom = new IllegalStateException("boom");
        r2.events.add(boom);
        await(() -> l2.state() == VcpuState.EXITED, "the vCPU exits on an exception");
        assertSame(boom, r2.failure);
        l2.stop();
    }

    @Test
    void aStopBeforeStartEndsItForGood() throws Exception {
        life.stop();
        assertEquals(VcpuState.EXITED, life.state());
        life.start();
        Thread.sleep(20);
        assertEquals(VcpuState.EXITED, life.state());
        assertNull(runner.started, "no thread was started");
        assertFalse(life.threadAlive());
    }

    @Test
    void theVcpuThreadCanPauseAndStopItself() throws Exception {
        life.start();
        awaitInSlice(1);
        // as a device handler on the vCPU thread would: neither may wait for the thread itself
        runner.events.add((Runnable) life::pause);
        await(() -> life.state() == VcpuState.PAUSED, "the vCPU pauses at the end of its slice");
        life.resume();
        awaitInSlice(2);
        runner.events.add((Runnable) life::stop);
        await(() -> life.state() == VcpuState.EXITED, "the vCPU stops at the end of its slice");
    }
}
