package armvmm.bench;

import armvmm.bus.BusMaster;
import armvmm.cpu.ArmCoreRegisters;
import armvmm.cpu.CoreReg;
import armvmm.machine.Machine;
import armvmm.machine.MachineConfig;
import armvmm.memory.RamBlock;
import armvmm.tcg.TcgAccelerator;
import armvmm.tcg.TcgInstance;
import armvmm.tcg.TcgVcpu;
import armvmm.tcg.exec.Interpreter;
import armvmm.tcg.exec.JitMode;
import armvmm.time.HostClock;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Guest instructions per second of the TCG (translated, executor calls, or interpreted: {@link #jit}) on
 * one of three loops ({@link #loop}): {@code integer}, a mixed integer loop (guests/cpu/bench_loop.S: ALU with
 * shifted operands, multiply, load, store, conditional execution, a taken branch), or {@code vfp}
 * (guests/cpu/bench_vfp.S: double- and single-precision arithmetic, conversions, VLDR/VSTR, VCMP and VMRS
 * into a conditional integer add), or {@code calls} (guests/cpu/bench_calls.S: Thumb functions called and
 * returning three times a round, as shell code does, which leaves translated code at every return). The score is in operations per microsecond, one operation per guest
 * instruction: it reads directly as MIPS.
 *
 * <p>Runs the vCPU's interpreter on the benchmark thread (no vCPU thread), in slices of {@link #SLICE}
 * instructions, with the loop count patched to practically infinite. Needs guests/cpu/bench_loop.bin,
 * bench_vfp.bin and bench_calls.bin (found from the repository root or the bench folder, or -Dbench.guests=DIR).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UnlockExperimentalVMOptions", "-XX:+TrustFinalNonStaticFields"}) // as bin/vmm runs the VMM
public class TcgMipsBenchmark {
    static final int SLICE = 1_000_000;
    /** Where the bench_*.S programs keep their loop count: the first word of their .data section. */
    static final long ITERATIONS_PA = 0x8000_1000L;
    static final long RAM_BASE = 0x8000_0000L;

    /** How hot blocks become JVM code: the translator (default), executor calls, or interpretation only. */
    @Param({"translate", "calls", "off"})
    public String jit;

    /** Which guest loop runs: bench_loop.S's integer one, bench_vfp.S's floating-point one, bench_calls.S's calls. */
    @Param({"integer", "vfp", "calls"})
    public String loop;

    private HostClock clock;
    private RamBlock ram;
    private Interpreter interpreter;

    static Path image(String program) {
        String dir = System.getProperty("bench.guests");
        for (Path p : dir != null ? new Path[] {Path.of(dir)} : new Path[] {Path.of("guests"), Path.of("..", "guests")}) {
            Path f = p.resolve("cpu").resolve(program + ".bin");
            if (Files.isRegularFile(f)) return f;
        }
        throw new IllegalStateException("guests/cpu/" + program + ".bin not found (run from the repository root or set -Dbench.guests)");
    }

    @Setup
    public void setUp() throws IOException {
        String program = switch (loop) {
            case "vfp" -> "bench_vfp";
            case "calls" -> "bench_calls";
            default -> "bench_loop";
        };
        byte[] bytes = Files.readAllBytes(image(program));
        clock = new HostClock();
        ram = new RamBlock("ram", 16 << 20);
        Machine m = new Machine(MachineConfig.minimal("bench", 1, ram.size()), clock);
        m.bus().mapRam("ram", RAM_BASE, ram);
        TcgInstance accel = (TcgInstance) new TcgAccelerator().create(m);
        m.attach(accel);
        TcgVcpu vcpu = accel.vcpus().get(0);
        m.bus().writeBytes(RAM_BASE, bytes, 0, bytes.length);
        if (m.bus().read(ITERATIONS_PA, 4, BusMaster.DMA_MASTER) != 100_000)
            throw new IllegalStateException(program + ".bin does not keep its loop count at 0x" + Long.toHexString(ITERATIONS_PA));
        m.bus().write(ITERATIONS_PA, 4, 0xffff_ffffL, BusMaster.DMA_MASTER);
        vcpu.writeRegisters(ArmCoreRegisters.zero().with(CoreReg.PC, (int) RAM_BASE).with(CoreReg.CPSR, 0x1d3));
        interpreter = vcpu.interpreter();
        interpreter.setJit(JitMode.parse(jit));
        interpreter.run(SLICE); // through the start code and into the loop
    }

    private long iterationCpuNanos, iterationExecuted;

    /**
     * On a shared machine the wall-clock score says more about the other processes than about the
     * interpreter: each iteration also prints guest instructions per CPU-second of the benchmark thread.
     */
    @Setup(Level.Iteration)
    public void startIteration() {
        iterationCpuNanos = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        iterationExecuted = interpreter.executed;
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - iterationCpuNanos;
        long insns = interpreter.executed - iterationExecuted;
        if (cpu > 0) System.out.printf("(%.1f guest MIPS per CPU-second of the benchmark thread)%n", insns * 1e3 / cpu);
    }

    @TearDown
    public void tearDown() {
        ram.close();
        clock.close();
    }

    @Benchmark
    @OperationsPerInvocation(SLICE)
    public long guestLoop() {
        long before = interpreter.executed;
        interpreter.run(SLICE);
        return interpreter.executed - before;
    }
}
