package armvmm.accel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The pause/resume/stop sequence every accelerator's vCPUs pass on a real guest: an accelerator's test
 * extends this and builds the two guests below for its own CPU. Everything asserted is something the guest
 * did (a store reaching {@link LifecycleProbe}), a register read back from the vCPU, or the vCPU thread's
 * {@link VcpuState} and liveness.
 */
public abstract class VcpuLifecycleContract {
    /** One machine with one vCPU, built around a {@link LifecycleProbe} and not started. */
    protected interface Rig extends AutoCloseable {
        AcceleratorInstance instance();

        Vcpu vcpu();

        /** The program counter of the paused vCPU. */
        long pc();

        /** The register the looping guest stores to {@link LifecycleProbe#MARK}, read from the paused vCPU. */
        long mark();

        void setMark(long value);

        /** Where the guest's code lies, [start, end): a paused vCPU's PC is in there. */
        long codeStart();

        long codeEnd();

        @Override
        void close();
    }

    /**
     * A guest that loops for ever: store the mark register to probe + {@link LifecycleProbe#MARK}, store to
     * probe + {@link LifecycleProbe#STEP}, branch back. Nothing else changes the mark register.
     */
    protected abstract Rig loopingGuest(LifecycleProbe probe);

    /**
     * A guest that loops: store to probe + {@link LifecycleProbe#STEP}, wait for an interrupt (WFI, HLT),
     * branch back. No interrupt comes, so it stores once: a second step means a wait ended.
     */
    protected abstract Rig waitingGuest(LifecycleProbe probe);

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what);
            Thread.sleep(1);
        }
    }

    private static void assertPcInCode(Rig rig, long pc) {
        assertTrue(pc >= rig.codeStart() && pc < rig.codeEnd(),
                String.format("PC 0x%x outside the guest's code [0x%x, 0x%x)", pc, rig.codeStart(), rig.codeEnd()));
    }

    @Test
    void pauseResumeAndStopARunningGuest() throws Exception {
        LifecycleProbe probe = new LifecycleProbe();
        try (Rig rig = loopingGuest(probe)) {
            Vcpu vcpu = rig.vcpu();
            assertEquals(VcpuState.CREATED, vcpu.state());
            rig.setMark(0x1111);

            rig.instance().start();
            await(() -> probe.steps() > 100, "the guest runs");
            assertEquals(VcpuState.RUNNING, vcpu.state());
            assertEquals(0x1111, probe.mark(), "the guest stores the register written before start");
            Thread vcpuThread = probe.thread();
            assertNotNull(vcpuThread);
            assertNotSame(Thread.currentThread(), vcpuThread, "the guest runs on a thread of its own");

            rig.instance().pause();
            assertEquals(VcpuState.PAUSED, vcpu.state());
            long steps = probe.steps();
            long pc = rig.pc();
            assertPcInCode(rig, pc);
            Thread.sleep(50);
            assertEquals(pc, rig.pc(), "the PC of a paused vCPU stays where it is");
            assertEquals(steps, probe.steps(), "a paused guest stores nothing");
            assertEquals(0x1111, rig.mark(), "the registers of a paused vCPU read back");

            rig.setMark(0x2222);
            assertEquals(0x2222, rig.mark(), "a register written while paused reads back");
            assertEquals(0x1111, probe.mark(), "and the guest has not stored it yet");
            rig.instance().resume();
            await(() -> probe.steps() > steps + 100, "the guest runs again after resume");
            assertEquals(VcpuState.RUNNING, vcpu.state());
            assertEquals(0x2222, probe.mark(), "the guest went on with the register written while paused");

            vcpu.pause(); // this vCPU alone this time
            assertEquals(VcpuState.PAUSED, vcpu.state());
            long pausedAt = probe.steps();
            assertPcInCode(rig, rig.pc());

            rig.instance().stop();
            assertEquals(VcpuState.EXITED, vcpu.state());
            assertFalse(vcpuThread.isAlive(), "stop ends the vCPU thread");
            long t0 = System.nanoTime();
            rig.instance().stop();
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1), "a second stop returns at once");
            assertEquals(VcpuState.EXITED, vcpu.state());
            rig.instance().pause();
            rig.instance().resume();
            Thread.sleep(30);
            assertEquals(VcpuState.EXITED, vcpu.state(), "an exited vCPU is not resumed");
            assertEquals(pausedAt, probe.steps(), "nothing ran after stop");
        }
    }

    @Test
    void aPauseWhileTheGuestWaitsIsAnsweredAndTheWaitGoesOn() throws Exception {
        LifecycleProbe probe = new LifecycleProbe();
        try (Rig rig = waitingGuest(probe)) {
            Vcpu vcpu = rig.vcpu();
            rig.instance().start();
            await(() -> vcpu.state() == VcpuState.WAITING, "the guest waits for an interrupt");
            assertEquals(1, probe.steps(), "the guest ran up to its wait");
            Thread vcpuThread = probe.thread();

            vcpu.kick();
            Thread.sleep(30);
            assertEquals(VcpuState.WAITING, vcpu.state(), "a kick is no interrupt: the wait goes on");

            rig.instance().pause();
            assertEquals(VcpuState.PAUSED, vcpu.state());
            long pc = rig.pc();
            assertPcInCode(rig, pc);
            assertEquals(pc, rig.pc(), "the PC of a paused vCPU stays where it is");

            rig.instance().resume();
            await(() -> vcpu.state() == VcpuState.WAITING, "the vCPU waits again after resume");
            Thread.sleep(50);
            assertEquals(VcpuState.WAITING, vcpu.state());
            assertEquals(1, probe.steps(), "the guest did not run past its wait");

            rig.instance().pause();
            assertEquals(pc, rig.pc(), "the guest is still at its wait");
            rig.instance().resume();
            await(() -> vcpu.state() == VcpuState.WAITING, "the vCPU waits again");

            rig.instance().stop();
            assertEquals(VcpuState.EXITED, vcpu.state(), "stop ends a waiting vCPU");
            assertFalse(vcpuThread.isAlive(), "stop ends the vCPU thread");
        }
    }

    @Test
    void aPauseBeforeStartHoldsTheGuestAtItsFirstInstruction() throws Exception {
        LifecycleProbe probe = new LifecycleProbe();
        try (Rig rig = loopingGuest(probe)) {
            Vcpu vcpu = rig.vcpu();
            long entry = rig.pc();
            rig.instance().pause();
            assertEquals(VcpuState.CREATED, vcpu.state(), "nothing to wait for without a thread");
            rig.instance().start();
            rig.instance().pause();
            assertEquals(VcpuState.PAUSED, vcpu.state());
            Thread.sleep(30);
            assertEquals(0, probe.steps(), "the guest has not run");
            assertEquals(entry, rig.pc());
            rig.instance().resume();
            await(() -> probe.steps() > 100, "the guest runs once resumed");
            rig.instance().stop();
            assertEquals(VcpuState.EXITED, vcpu.state());
        }
    }
}
