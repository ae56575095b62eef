package armvmm.kvm.x86probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import armvmm.accel.AcceleratorInstance;
import armvmm.accel.LifecycleProbe;
import armvmm.accel.Vcpu;
import armvmm.accel.VcpuLifecycleContract;
import armvmm.accel.VcpuState;
import armvmm.kvm.ExitAction;
import armvmm.kvm.sys.ArgBuffer;
import armvmm.kvm.sys.KvmAbi;
import armvmm.kvm.sys.KvmAbi.X86Regs;
import armvmm.kvm.sys.KvmRun;
import armvmm.kvm.sys.Shim;
import armvmm.kvm.x86probe.RecordingDevice.Access;
import armvmm.machine.PowerEvent;
import armvmm.memory.RamBlock;
import armvmm.trace.MmioTraceLog;
import armvmm.trace.TraceFilter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The neutral core on this host's real /dev/kvm: an x86 real-mode guest whose loads and stores to an address
 * with no memory slot behind it reach a Java device on the machine's bus; the shared pause/resume/stop
 * sequence ({@link VcpuLifecycleContract}) with HLT as the guest's wait.
 */
@Timeout(30) // a lost kick would hang the pause for ever
class X86ProbeTest extends VcpuLifecycleContract {
    @BeforeAll
    static void needKvm() {
        assumeTrue(Files.exists(Path.of("/dev/kvm")), "no /dev/kvm on this host");
        assumeTrue(Shim.unusableReason().isEmpty(), () -> Shim.unusableReason().get());
    }

    private static byte[] code(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) b[i] = (byte) bytes[i];
        return b;
    }

    private static final int HLT = 0xF4;

    @Override
    protected Rig loopingGuest(LifecycleProbe probe) {
        return rig(probe, code(
                0x66, 0x89, 0x1E, 0x04, 0x80, // loop: mov [0x8004], ebx   the mark
                0xA2, 0x00, 0x80,             //       mov [0x8000], al    a step
                0xEB, 0xF6));                 //       jmp loop
    }

    @Override
    protected Rig waitingGuest(LifecycleProbe probe) {
        return rig(probe, code(
                0xA2, 0x00, 0x80, // loop: mov [0x8000], al   a step
                HLT,              //       hlt
                0xEB, 0xFA));     //       jmp loop
    }

    private static Rig rig(LifecycleProbe probe, byte[] code) {
        X86ProbeMachine m = new X86ProbeMachine(code, probe);
        return new Rig() {
            @Override public AcceleratorInstance instance() { return m.instance(); }
            @Override public Vcpu vcpu() { return m.vcpu(); }
            @Override public long pc() { return m.arch().registers(m.vcpu()).getLong(X86Regs.RIP); }
            @Override public long mark() { return m.arch().registers(m.vcpu()).getLong(X86Regs.RBX); }
            @Override public void setMark(long value) { m.arch().setRbx(m.vcpu(), value); }
            @Override public long codeStart() { return X86ProbeMachine.CODE; }
            @Override public long codeEnd() { return X86ProbeMachine.CODE + code.length; }
            @Override public void close() { m.close(); }
        };
    }

    @Test
    void storesAndLoadsOfEachWidthReachTheDeviceAndReadsReturnIntoTheGuest() throws Exception {
        byte[] program = code(
                0xC6, 0x06, 0x00, 0x80, 0x11,                         // mov byte [0x8000], 0x11
                0xC7, 0x06, 0x02, 0x80, 0x33, 0x22,                   // mov word [0x8002], 0x2233
                0x66, 0xC7, 0x06, 0x04, 0x80, 0x77, 0x66, 0x55, 0x44, // mov dword [0x8004], 0x44556677
                0x0F, 0x6F, 0x06, 0x00, 0x05,                         // movq mm0, [0x0500]
                0x0F, 0x7F, 0x06, 0x08, 0x80,                         // movq [0x8008], mm0
                0xA0, 0x10, 0x80,                                     // mov al, [0x8010]
                0xA2, 0x00, 0x06,                                     // mov [0x0600], al
                0xA1, 0x12, 0x80,                                     // mov ax, [0x8012]
                0xA3, 0x02, 0x06,                                     // mov [0x0602], ax
                0x66, 0xA1, 0x14, 0x80,                               // mov eax, [0x8014]
                0x66, 0xA3, 0x04, 0x06,                               // mov [0x0604], eax
                0x0F, 0x6F, 0x0E, 0x18, 0x80,                         // movq mm1, [0x8018]
                0x0F, 0x7F, 0x0E, 0x08, 0x06,                         // movq [0x0608], mm1
                HLT);
        RecordingDevice dev = new RecordingDevice(Map.of(0x10L, 0xA5L, 0x12L, 0xBEEFL, 0x14L, 0xCAFEF00DL, 0x18L, 0x0123456789ABCDEFL));
        ByteArrayOutputStream traceBytes = new ByteArrayOutputStream();
        try (X86ProbeMachine m = new X86ProbeMachine(program, dev)) {
            m.ram().write64(0x500, 0x1122334455667788L);
            m.machine().bus().setTrace(new MmioTraceLog(new PrintStream(traceBytes, true, StandardCharsets.UTF_8), TraceFilter.ALL));

            PowerEvent e = m.run(10_000);

            assertEquals(PowerEvent.Kind.POWER_OFF, e.kind(), e.detail());
            assertEquals(List.of(
                    new Access(true, 0x0, 1, 0x11, 0),
                    new Access(true, 0x2, 2, 0x2233, 0),
                    new Access(true, 0x4, 4, 0x44556677, 0),
                    new Access(true, 0x8, 8, 0x1122334455667788L, 0),
                    new Access(false, 0x10, 1, 0xA5, 0),
                    new Access(false, 0x12, 2, 0xBEEF, 0),
                    new Access(false, 0x14, 4, 0xCAFEF00DL, 0),
                    new Access(false, 0x18, 8, 0x0123456789ABCDEFL, 0)), dev.accesses());
            // the guest stored what its loads returned
            assertEquals(0xA5, m.ram().read8(0x600));
            assertEquals(0xBEEF, m.ram().read16(0x602));
            assertEquals(0xCAFEF00D, m.ram().read32(0x604));
            assertEquals(0x0123456789ABCDEFL, m.ram().read64(0x608));
            assertEquals(0xCAFEF00DL, m.arch().registers(m.vcpu()).getLong(X86Regs.RAX));
            // --trace mmio lines as under TCG; x86 KVM exits after retiring a store (RIP is the next
            // instruction) and before retiring a load (RIP is the load)
            List<String> trace = traceBytes.toString(StandardCharsets.UTF_8).lines().toList();
            assertEquals(8, trace.size(), String.join("\n", trace));
            assertEquals("mmio cpu0 pc=0x0000100b W 0x0000008002 2 0x2233 recorder@8000+0x002", trace.get(1));
            assertEquals("mmio cpu0 pc=0x00001032 R 0x0000008018 8 0x0123456789abcdef recorder@8000+0x018", trace.get(7));
        }
    }

    @Test
    void accessesWithNothingMappedReadZeroAndTheGuestGoesOn() throws Exception {
        byte[] program = code(
                0x66, 0xBB, 0xFF, 0xFF, 0xFF, 0xFF, // mov ebx, 0xffffffff
                0x66, 0x8B, 0x1E, 0x00, 0xA0,       // mov ebx, [0xA000]   (no memory, no device)
                0xC6, 0x06, 0x00, 0xA0, 0x01,       // mov byte [0xA000], 1
                0xC6, 0x06, 0x00, 0x80, 0x07,       // mov byte [0x8000], 7
                HLT);
        RecordingDevice dev = new RecordingDevice(Map.of());
        try (X86ProbeMachine m = new X86ProbeMachine(program, dev)) {
            PowerEvent e = m.run(10_000);
            assertEquals(PowerEvent.Kind.POWER_OFF, e.kind(), e.detail());
            assertEquals(0, m.arch().registers(m.vcpu()).getLong(X86Regs.RBX));
            assertEquals(2, m.arch().refusedAccesses());
            assertEquals(List.of(new Access(true, 0, 1, 7, 0)), dev.accesses());
        }
    }

    @Test
    void anInstructionKvmCannotEmulateIsAVmmErrorWithTheVcpuState() throws Exception {
        byte[] program = code(0xDD, 0x06, 0x00, 0x80); // fld qword [0x8000]: x87 on MMIO, which KVM does not emulate
        try (X86ProbeMachine m = new X86ProbeMachine(program, new RecordingDevice(Map.of()))) {
            PowerEvent e = m.run(10_000);
            assertEquals(PowerEvent.Kind.VMM_ERROR, e.kind(), e.detail());
            assertTrue(e.detail().startsWith("vCPU 0: KVM_EXIT_INTERNAL_ERROR: emulation failure"), e.detail());
            assertTrue(e.detail().contains("rip=1000"), e.detail());
        }
    }

    @Test
    void pauseKicksASpinningGuestOutOfKvmRunAndResumeAndStopFollow() throws Exception {
        byte[] program = code(0xEB, 0xFE); // jmp $: never exits by itself
        try (X86ProbeMachine m = new X86ProbeMachine(program, new RecordingDevice(Map.of()))) {
            m.instance().start();
            Thread.sleep(50); // let it enter the guest
            for (int i = 0; i < 200; i++) {
                long t0 = System.nanoTime();
                m.instance().pause();
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(ms < 2_000, "pause " + i + " took " + ms + " ms");
                assertEquals(VcpuState.PAUSED, m.vcpu().state(), "vCPU not at its safe point after pause " + i);
                assertEquals(X86ProbeMachine.CODE, m.arch().registers(m.vcpu()).getLong(X86Regs.RIP));
                m.instance().resume();
            }
            assertNotEquals(VcpuState.EXITED, m.vcpu().state());
            long t0 = System.nanoTime();
            m.instance().stop();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(VcpuState.EXITED, m.vcpu().state(), "vCPU thread still running after stop");
            assertTrue(ms < 2_000, "stop took " + ms + " ms");
        }
    }

    @Test
    void systemEventsReachTheMachineLifecycle() throws Exception {
        record Case(int type, PowerEvent.Kind kind, ExitAction action) {}
        for (Case c : List.of(
                new Case(KvmAbi.KVM_SYSTEM_EVENT_SHUTDOWN, PowerEvent.Kind.POWER_OFF, ExitAction.PARK),
                new Case(KvmAbi.KVM_SYSTEM_EVENT_RESET, PowerEvent.Kind.RESET, ExitAction.PARK),
                new Case(KvmAbi.KVM_SYSTEM_EVENT_CRASH, PowerEvent.Kind.GUEST_FAILURE, ExitAction.PARK),
                new Case(99, PowerEvent.Kind.VMM_ERROR, ExitAction.FAIL))) {
            // x86 has no PSCI: replay the exit as arm64 KVM reports it, then let the guest halt
            try (X86ProbeMachine m = new X86ProbeMachine(code(HLT), new RecordingDevice(Map.of()))) {
                ArgBuffer run = new ArgBuffer(4096)
                        .putInt(KvmAbi.Run.EXIT_REASON, KvmAbi.KVM_EXIT_SYSTEM_EVENT)
                        .putInt(KvmAbi.Run.SYSTEM_EVENT_TYPE, c.type());
                assertEquals(c.action(), m.vcpu().exits().handle(KvmRun.over(run)), "type " + c.type());
                PowerEvent e = m.run(10_000);
                assertEquals(c.kind(), e.kind(), "type " + c.type() + ": " + e.detail());
            }
        }
    }

    @Test
    void exitsKvmCannotContinueFromAreVmmErrorsWithTheState() throws Exception {
        record Case(ArgBuffer run, String detail) {}
        List<Case> cases = List.of(
                new Case(new ArgBuffer(4096).putInt(KvmAbi.Run.EXIT_REASON, KvmAbi.KVM_EXIT_FAIL_ENTRY)
                        .putLong(KvmAbi.Run.FAIL_ENTRY_HARDWARE_ENTRY_FAILURE_REASON, 0x80000021L).putInt(KvmAbi.Run.FAIL_ENTRY_CPU, 1),
                        "vCPU 0: KVM_EXIT_FAIL_ENTRY: hardware_entry_failure_reason 0x80000021 on host CPU 1; state: rip=1000 "),
                new Case(new ArgBuffer(4096).putInt(KvmAbi.Run.EXIT_REASON, KvmAbi.KVM_EXIT_UNKNOWN)
                        .putLong(KvmAbi.Run.HW_HARDWARE_EXIT_REASON, 0x30),
                        "vCPU 0: KVM_EXIT_UNKNOWN: hardware_exit_reason 0x30; state: rip=1000 "),
                new Case(new ArgBuffer(4096).putInt(KvmAbi.Run.EXIT_REASON, KvmAbi.KVM_EXIT_DEBUG),
                        "vCPU 0: unhandled exit reason 4 [0000000000000000 0000000000000000 0000000000000000 0000000000000000]; state: rip=1000 "));
        for (Case c : cases) {
            try (X86ProbeMachine m = new X86ProbeMachine(code(HLT), new RecordingDevice(Map.of()))) {
                assertEquals(ExitAction.FAIL, m.vcpu().exits().handle(KvmRun.over(c.run())));
                PowerEvent e = m.run(10_000);
                assertEquals(PowerEvent.Kind.VMM_ERROR, e.kind(), e.detail());
                assertTrue(e.detail().startsWith(c.detail()), e.detail());
            }
        }
    }

    @Test
    void aKickJustBeforeKvmRunIsNotLost() throws Exception {
        byte[] program = code(0xEB, 0xFE); // jmp $
        try (X86ProbeMachine m = new X86ProbeMachine(program, new RecordingDevice(Map.of()))) {
            KvmRun run = m.vcpu().fd().kvmRun();
            long self = Shim.threadSelf();
            // the signal lands now, outside KVM_RUN; only immediate_exit can make the KVM_RUN below return
            assertEquals(0, Shim.kick(self, run));
            assertTrue(run.immediateExit());
            Thread rescue = new Thread(() -> { // if the protocol were broken, end the spin after 5 s and fail
                try {
                    Thread.sleep(5_000);
                    Shim.kick(self, run);
                } catch (InterruptedException e) {
                    // the test is over
                }
            });
            rescue.start();
            long t0 = System.nanoTime();
            boolean exited = m.vcpu().fd().run();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            rescue.interrupt();
            rescue.join();
            assertFalse(exited, "KVM_RUN should end with EINTR");
            assertTrue(ms < 1_000, "KVM_RUN returned after " + ms + " ms");
            run.clearImmediateExit();
            assertFalse(run.immediateExit());
        }
    }

    @Test
    void romIsAReadOnlySlot() throws Exception {
        byte[] program = code(
                0xA0, 0x00, 0x90,             // mov al, [0x9000]   (ROM: no exit)
                0xC6, 0x06, 0x00, 0x90, 0x55, // mov byte [0x9000], 0x55  (refused by the bus)
                0x8A, 0x1E, 0x00, 0x90,       // mov bl, [0x9000]
                HLT);
        try (X86ProbeMachine m = new X86ProbeMachine(program, new RecordingDevice(Map.of()));
                RamBlock rom = new RamBlock("rom", 0x1000)) {
            rom.write8(0, 0x3C);
            m.machine().bus().mapRom("rom", 0x9000, rom);
            PowerEvent e = m.run(10_000);
            assertEquals(PowerEvent.Kind.POWER_OFF, e.kind(), e.detail());
            ArgBufferView r = new ArgBufferView(m);
            assertEquals(0x3C, r.rax() & 0xff);
            assertEquals(0x3C, r.rbx() & 0xff);
            assertEquals(0x3C, rom.read8(0));
            assertEquals(1, m.arch().refusedAccesses());
        }
    }

    @Test
    void eachVcpuRunsOnItsOwnThreadAndIsTheRequester() throws Exception {
        byte[] program = code(0xC6, 0x06, 0x00, 0x80, 0x42, HLT); // mov byte [0x8000], 0x42; hlt
        RecordingDevice dev = new RecordingDevice(Map.of());
        try (X86ProbeMachine m = new X86ProbeMachine(program, dev, 2)) {
            PowerEvent e = m.run(10_000);
            assertEquals(PowerEvent.Kind.POWER_OFF, e.kind(), e.detail());
            assertEquals(java.util.Set.of(new Access(true, 0, 1, 0x42, 0), new Access(true, 0, 1, 0x42, 1)),
                    java.util.Set.copyOf(dev.accesses()));
            assertEquals(2, dev.accesses().size());
        }
    }

    /** RAX and RBX of vCPU 0. */
    private record ArgBufferView(long rax, long rbx) {
        ArgBufferView(X86ProbeMachine m) {
            this(m.arch().registers(m.vcpu()).getLong(X86Regs.RAX), m.arch().registers(m.vcpu()).getLong(X86Regs.RBX));
        }
    }
}
