package armvmm.tcg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import armvmm.accel.AcceleratorInstance;
import armvmm.accel.LifecycleProbe;
import armvmm.accel.Vcpu;
import armvmm.accel.VcpuLifecycleContract;
import armvmm.accel.VcpuState;
import armvmm.bus.BusMaster;
import armvmm.cpu.cortexa15.CortexA15;
import armvmm.cpu.ArmCoreRegisters;
import armvmm.cpu.CoreReg;
import armvmm.irq.LevelLatch;
import armvmm.machine.PowerEvent;
import armvmm.tcg.testing.BareMetal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The accelerator's vCPU thread: the shared pause/resume/stop sequence ({@link VcpuLifecycleContract}) on
 * bare-metal guests, WFI parks it, interrupts from other threads wake it, guest failures.
 */
class TcgLifecycleTest extends VcpuLifecycleContract {
    /** The contract's probe: beside the test device, 16-bit offsets away so one MOVT reaches it. */
    private static final long PROBE_BASE = 0x1001_0000L;

    /** MOVW r0, #0; MOVT r0, #0x1001: r0 = the probe. */
    private static final int MOVW_R0_0 = 0xe3000000, MOVT_R0_PROBE = 0xe3410001;

    @Override
    protected Rig loopingGuest(LifecycleProbe probe) {
        return rig(probe, MOVW_R0_0, MOVT_R0_PROBE,
                0xe5802004,  // loop: STR r2, [r0, #4]   the mark
                0xe5801000,  //       STR r1, [r0]       a step
                0xeafffffc); //       B loop
    }

    @Override
    protected Rig waitingGuest(LifecycleProbe probe) {
        // entered with I and F masked and nothing raising a line: the WFI never ends
        return rig(probe, MOVW_R0_0, MOVT_R0_PROBE,
                0xe5801000,  // loop: STR r1, [r0]   a step
                0xe320f003,  //       WFI
                0xeafffffc); //       B loop
    }

    private static Rig rig(LifecycleProbe probe, int... code) {
        ByteBuffer image = ByteBuffer.allocate(4 * code.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int w : code) image.putInt(w);
        BareMetal.Session s = new BareMetal.Session(image.array(), (int) BareMetal.RAM_BASE);
        s.machine.bus().mapMmio(PROBE_BASE, 0x1000, probe);
        return new Rig() {
            @Override public AcceleratorInstance instance() { return s.accel; }
            @Override public Vcpu vcpu() { return s.vcpu; }
            @Override public long pc() { return s.vcpu.readRegisters().get(CoreReg.PC) & 0xffffffffL; }
            @Override public long mark() { return s.vcpu.readRegisters().get(CoreReg.R2) & 0xffffffffL; }
            @Override public void setMark(long value) { s.vcpu.writeRegisters(s.vcpu.readRegisters().with(CoreReg.R2, (int) value)); }
            @Override public long codeStart() { return BareMetal.RAM_BASE; }
            @Override public long codeEnd() { return BareMetal.RAM_BASE + 4L * code.length; }
            @Override public void close() { s.close(); }
        };
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what);
            Thread.sleep(2);
        }
    }

    @Test
    void wfiParksTheThreadUntilAnInterruptArrives() throws Exception {
        try (var s = new BareMetal.Session(Files.readAllBytes(BareMetal.cpuImage("wfi_wait")), (int) BareMetal.RAM_BASE)) {
            CompletableFuture<PowerEvent> run = s.runAsync(10_000);
            for (int k = 0; k < 3; k++) {
                await(() -> s.vcpu.state() == VcpuState.WAITING, "the vCPU sleeps in WFI (round " + k + ")");
                long before = s.vcpu.interpreter().executed;
                Thread.sleep(50);
                assertEquals(before, s.vcpu.interpreter().executed, "no instruction runs while waiting (no busy loop)");
                if (k == 0) {
                    s.machine.pause();
                    s.machine.resume();
                    await(() -> s.vcpu.state() == VcpuState.WAITING, "after a pause the vCPU waits again");
                    assertEquals(before, s.vcpu.interpreter().executed, "a pause does not end the WFI");
                }
                s.vcpu.irqInput().raise();
                LevelLatch line = (LevelLatch) s.vcpu.irqInput();
                await(() -> !line.level(), "the handler ran and lowered the line (round " + k + ")");
            }
            PowerEvent e = run.get(10, TimeUnit.SECONDS);
            assertEquals(PowerEvent.Kind.POWER_OFF, e.kind(), e::toString);
            assertEquals("PASS\n", s.device.output());
        }
    }

    @Test
    void pauseStopsAtABoundaryAndResumeContinues() throws Exception {
        try (var s = new BareMetal.Session(Files.readAllBytes(BareMetal.cpuImage("bench_loop")), (int) BareMetal.RAM_BASE)) {
            // The loop count (first word of .data) made practically infinite.
            s.machine.bus().write(0x8000_1000L, 4, 0xffff_ffffL, BusMaster.DMA_MASTER);
            CompletableFuture<PowerEvent> run = s.runAsync(20_000);
            await(() -> s.vcpu.interpreter().executed > 100_000, "the guest runs");
            s.machine.pause();
            long executed = s.vcpu.interpreter().executed;
            ArmCoreRegisters regs = s.vcpu.readRegisters();
            Thread.sleep(30);
            assertEquals(executed, s.vcpu.interpreter().executed, "a paused vCPU executes nothing");
            assertEquals(regs, s.vcpu.readRegisters());
            int pc = regs.get(CoreReg.PC);
            assertTrue(pc >= 0x8000_0000 && pc < 0x8000_1000, "PC in the program: " + Integer.toHexString(pc));
            assertEquals(0x13, regs.get(CoreReg.CPSR) & 0x1f, "SVC mode");
            // Registers written while paused are the ones the guest continues with.
            s.vcpu.writeRegisters(regs.with(CoreReg.R8_USR, 0x5555));
            s.machine.resume();
            await(() -> s.vcpu.interpreter().executed > executed + 100_000, "the guest runs again");
            s.machine.pause();
            assertEquals(0x5555, s.vcpu.readRegisters().current(8), "R8 (untouched by the loop) kept the written value");
            assertEquals("", s.device.output(), "nothing printed: the loop has not ended");
            s.machine.resume();
            s.accel.stop();
            assertEquals(VcpuState.EXITED, s.vcpu.state(), "stop ends the vCPU thread");
            s.machine.requestPowerOff("test over");
            assertEquals(PowerEvent.Kind.POWER_OFF, run.get(10, TimeUnit.SECONDS).kind());
        }
    }

    @Test
    void unfetchableVectorsAreReportedAsAGuestFailure() throws Exception {
        // Entry in unmapped memory, vectors at 0 (unmapped too): the Prefetch Abort vector cannot be fetched.
        try (var s = new BareMetal.Session(new byte[4], 0x4000_0000)) {
            PowerEvent e = s.machine.run(10_000);
            assertEquals(PowerEvent.Kind.GUEST_FAILURE, e.kind(), e::toString);
            assertTrue(e.detail().contains("abort vector 0x0000000c"), e.detail());
        }
    }

    @Test
    void codeRewrittenByDmaIsDecodedAgain() throws Exception {
        // 0x80000000: MOV r0, #1; B . (ARM)
        byte[] image = {0x01, 0x00, (byte) 0xa0, (byte) 0xe3, (byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xea};
        try (var s = new BareMetal.Session(image, (int) BareMetal.RAM_BASE)) {
            CompletableFuture<PowerEvent> run = s.runAsync(20_000);
            await(() -> s.vcpu.interpreter().executed > 1000, "the guest spins");
            s.machine.pause();
            assertEquals(1, s.vcpu.readRegisters().current(0));
            // A DMA-style write (not a CPU store) replaces the MOV with MOV r0, #2.
            byte[] mov2 = {0x02, 0x00, (byte) 0xa0, (byte) 0xe3};
            s.machine.bus().writeBytes(BareMetal.RAM_BASE, mov2, 0, 4);
            s.vcpu.writeRegisters(s.vcpu.readRegisters().with(CoreReg.PC, (int) BareMetal.RAM_BASE));
            long before = s.vcpu.interpreter().executed;
            s.machine.resume();
            await(() -> s.vcpu.interpreter().executed > before + 1000, "the guest spins again");
            s.machine.pause();
            assertEquals(2, s.vcpu.readRegisters().current(0), "the rewritten instruction ran, not the cached decode");
            s.machine.requestPowerOff("test over");
            s.machine.resume();
            assertEquals(PowerEvent.Kind.POWER_OFF, run.get(10, TimeUnit.SECONDS).kind());
        }
    }

    @Test
    void machineResetBringsTheCpuBackToPowerOnState() throws Exception {
        try (var s = new BareMetal.Session(Files.readAllBytes(BareMetal.cpuImage("bench_loop")), (int) BareMetal.RAM_BASE)) {
            s.machine.bus().write(0x8000_1000L, 4, 0xffff_ffffL, BusMaster.DMA_MASTER);
            long[] seen = new long[2];
            // What a board does on reset: look at the fresh state, then set the boot registers.
            s.machine.onReset(() -> {
                seen[0] = s.vcpu.cpState().peek(CortexA15.VBAR);
                seen[1] = s.vcpu.readRegisters().get(CoreReg.CPSR);
                s.vcpu.writeRegisters(ArmCoreRegisters.zero().with(CoreReg.PC, (int) BareMetal.RAM_BASE).with(CoreReg.CPSR, 0x1d3));
            });
            CompletableFuture<PowerEvent> run = s.runAsync(20_000);
            await(() -> s.vcpu.interpreter().executed > 100_000, "the guest runs");
            s.machine.pause();
            assertEquals(BareMetal.RAM_BASE, s.vcpu.cpState().peek(CortexA15.VBAR), "the program set VBAR");
            s.machine.resume();
            s.machine.reset();
            assertEquals(0, seen[0], "VBAR back to its reset value");
            assertEquals(0x1d3, seen[1], "Secure SVC mode, A, I, F masked, ARM state");
            long after = s.vcpu.interpreter().executed;
            await(() -> s.vcpu.interpreter().executed > after + 100_000, "the guest runs again after reset");
            s.machine.requestPowerOff("test over");
            assertEquals(PowerEvent.Kind.POWER_OFF, run.get(10, TimeUnit.SECONDS).kind());
        }
    }

    @Test
    void theInterruptSignalFollowsTheLineWhenThreadsRaceOnIt() throws Exception {
        // The GIC drives a CPU's IRQ line from the clock's thread and from vCPU threads at once: whatever
        // the interleaving, the CPU must end up seeing the line's final level (else WFI sleeps through it).
        try (var s = new BareMetal.Session(new byte[4], (int) BareMetal.RAM_BASE)) {
            LevelLatch line = (LevelLatch) s.vcpu.irqInput();
            for (int round = 0; round < 2000; round++) {
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
                boolean last = (round & 1) == 0;
                Thread other = new Thread(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    line.set(!last);
                });
                other.start();
                start.await();
                line.set(last);
                other.join();
                assertEquals(line.level(), s.vcpu.interpreter().irqPending(), "round " + round);
            }
        }
    }
}
