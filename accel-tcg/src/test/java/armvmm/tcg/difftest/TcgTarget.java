package armvmm.tcg.difftest;

import armvmm.cpu.cortexa15.CortexA15;
import armvmm.cpu.CpuMode;
import armvmm.machine.Machine;
import armvmm.machine.MachineConfig;
import armvmm.memory.RamBlock;
import armvmm.tcg.TcgAccelerator;
import armvmm.tcg.TcgInstance;
import armvmm.tcg.TcgVcpu;
import armvmm.isa.cpu.ArmCpu;
import armvmm.tcg.exec.Interpreter;
import armvmm.tcg.exec.JitMode;
import armvmm.time.VirtualClock;

/**
 * The TCG CPU as a differential-test target: a real TCG vCPU (registry-backed cp15, the MMU with
 * translation off) on a machine whose RAM has the harness's layout (code area, data block, SP area).
 * The sequence runs in User mode with VFP enabled and the MMU on, identity-mapping Normal memory as a
 * Linux process sees it (unaligned accesses then behave as under qemu-arm; with the MMU off all memory is
 * Strongly-ordered and every unaligned access faults), followed by a branch-to-self so that the run ends
 * where the sequence ends. The vectors at address 0 are branches to self too, so an exception shows as the
 * mode it enters.
 */
public final class TcgTarget implements DiffTarget {
    private final Machine machine = new Machine(MachineConfig.minimal("difftest", 1, 0x20000), new VirtualClock(0));
    private final RamBlock vectors = new RamBlock("vectors", 4096);
    private final RamBlock data = new RamBlock("data", DiffCase.DATA_SIZE);
    private final ArmCpu cpu;
    private final Interpreter interp;
    private final TcgVcpu vcpu;

    /**
     * As -Ddifftest.jit (translate, calls or off; default translate) and -Ddifftest.compileThreshold (default 1:
     * every block becomes JVM code on its first run, so the random sequences exercise the translator).
     */
    public TcgTarget() {
        this(Integer.getInteger("difftest.compileThreshold", 1),
                java.util.Objects.requireNonNull(JitMode.parse(System.getProperty("difftest.jit", "translate")), "difftest.jit"));
    }

    /** With the interpreter turning blocks into JVM code of {@code jit}'s form after {@code compileThreshold} runs (1: at once). */
    public TcgTarget(int compileThreshold, JitMode jit) {
        machine.bus().mapRam("vectors", 0, vectors);
        machine.bus().mapRam("code", DiffCase.CODE, new RamBlock("code", 0x10000));
        machine.bus().mapRam("data", DiffCase.DATA, data);
        machine.bus().mapRam("sp", DiffCase.TEST_SP - 4096, new RamBlock("sp", 4096));
        for (int i = 0; i < 8; i++) vectors.write32(i * 4, 0xeafffffe); // b .
        RamBlock table = new RamBlock("ttb", 16384);
        machine.bus().mapRam("ttb", TTB, table);
        // Short-descriptor 1 MiB sections, VA = PA: AP[1:0] = 0b11 (full access), domain 0, TEX=0 C=1 B=1 (Normal).
        for (int mb : new int[] {0, DiffCase.CODE >>> 20, DiffCase.DATA >>> 20, (DiffCase.TEST_SP - 4096) >>> 20})
            table.write32(mb * 4L, mb << 20 | 3 << 10 | 1 << 3 | 1 << 2 | 0b10);
        TcgInstance accel = (TcgInstance) new TcgAccelerator().create(machine);
        machine.attach(accel);
        vcpu = accel.vcpus().get(0);
        cpu = vcpu.cpu();
        interp = vcpu.interpreter();
        interp.setJit(jit);
        interp.compileThreshold = compileThreshold;
        // What Linux sets up for a user process that uses VFP and NEON: full cp10/cp11 access, FPEXC.EN.
        vcpu.cpState().write(CortexA15.CPACR, 0xf << 20);
        vcpu.cpState().write(CortexA15.TTBCR, 0);
        vcpu.cpState().write(CortexA15.TTBR0, TTB);
        vcpu.cpState().write(CortexA15.DACR, 1); // domain 0: client
        vcpu.cpState().write(CortexA15.SCTLR, vcpu.cpState().peek(CortexA15.SCTLR) | 1); // SCTLR.M
    }

    private static final int TTB = 0x0100_0000;

    public Interpreter interpreter() { return interp; }

    @Override
    public DiffResult run(DiffCase c) {
        byte[] bytes = c.code();
        int end = DiffCase.CODE + bytes.length;
        byte[] withStop = java.util.Arrays.copyOf(bytes, bytes.length + 4);
        if (c.thumb()) { withStop[bytes.length] = (byte) 0xfe; withStop[bytes.length + 1] = (byte) 0xe7; } // b .
        else { withStop[bytes.length] = (byte) 0xfe; withStop[bytes.length + 1] = (byte) 0xff; withStop[bytes.length + 2] = (byte) 0xff; withStop[bytes.length + 3] = (byte) 0xea; }
        machine.bus().writeBytes(DiffCase.CODE, withStop, 0, withStop.length);
        byte[] initial = c.data();
        machine.bus().writeBytes(DiffCase.DATA, initial, 0, initial.length);

        cpu.setCpsr(0x1d3); // SVC, so that the next write may enter User mode
        cpu.setCpsr(c.apsr() & DiffResult.APSR_MASK | CpuMode.USR.bits | (c.thumb() ? 1 << 5 : 0));
        for (int i = 0; i < 13; i++) cpu.r[i] = c.regs()[i];
        cpu.r[13] = DiffCase.TEST_SP;
        cpu.r[14] = c.regs()[13];
        System.arraycopy(c.d(), 0, cpu.d, 0, 32);
        cpu.fpscr = c.fpscr();
        cpu.fpexc = 1 << 30; // FPEXC.EN
        cpu.nextPc = DiffCase.CODE;
        cpu.pcWritten = true;
        cpu.clearExclusive();

        interp.run(200);

        CpuMode m = cpu.mode();
        if (m == CpuMode.UND) return DiffResult.ofFault(DiffResult.SIGILL);
        if (m == CpuMode.ABT) {
            boolean alignment = (vcpu.cpState().peek(CortexA15.DFSR) & 0x40f) == 0x1;
            return DiffResult.ofFault(alignment ? DiffResult.SIGBUS : DiffResult.SIGSEGV);
        }
        if (m != CpuMode.USR || cpu.nextPc != end)
            return DiffResult.ofFault(99); // stopped somewhere unexpected: always a mismatch
        int[] regs = new int[14];
        System.arraycopy(cpu.r, 0, regs, 0, 13);
        regs[13] = cpu.r[14];
        byte[] out = new byte[DiffCase.DATA_SIZE];
        data.read(0, out, 0, out.length);
        return new DiffResult(0, regs, cpu.cpsr(), cpu.fpscr, cpu.d.clone(), out);
    }
}
