package armvmm.bench;

import armvmm.bus.MmioDevice;
import armvmm.kvm.x86probe.X86ProbeMachine;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * MMIO exits per second through the whole Java path: a real-mode guest on this host's /dev/kvm stores to an
 * address with no memory slot in a tight loop; each store is a KVM_EXIT_MMIO that the vCPU thread takes
 * through KvmVcpu, ExitHandler and the AddressSpace to a device that only counts. One operation is one
 * exit. {@code bench/c/mmio_exits.c} runs the same guest loop from C (the limit); {@code bench/run-kvm-exits}
 * prints both and the ratio.
 *
 * <p>Each iteration also prints {@code vcpu-thread <exits per CPU second>}, from the vCPU thread's CPU time
 * (user and system, KVM_RUN included): on a loaded shared host the wall-clock rate says how much CPU the
 * process got as much as how fast its path is, and this figure does not.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class KvmMmioExitBenchmark {
    static final int EXITS_PER_OP_BATCH = 10_000;

    /** Counts the guest's stores and wakes the benchmark thread when a batch is complete. */
    static final class CountingDevice implements MmioDevice {
        volatile long count;
        volatile long goal = Long.MAX_VALUE;
        volatile Thread waiter;

        @Override
        public String name() { return "counter"; }

        @Override
        public long read(long offset, int size, int requester) { return 0; }

        @Override
        public void write(long offset, int size, long value, int requester) {
            long c = count + 1; // one writer: the vCPU thread
            count = c;
            if (c >= goal) LockSupport.unpark(waiter);
        }
    }

    private CountingDevice device;
    private X86ProbeMachine machine;
    private long vcpuThreadId;
    private long cpuAtStart, countAtStart;

    @Setup(Level.Trial)
    public void start() {
        if (!Files.exists(Path.of("/dev/kvm"))) throw new IllegalStateException("no /dev/kvm on this host");
        device = new CountingDevice();
        machine = new X86ProbeMachine(X86ProbeMachine.MMIO_STORE_LOOP, device);
        machine.instance().start();
        vcpuThreadId = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("kvm-vcpu-0")).findFirst().orElseThrow().getId();
    }

    @Setup(Level.Iteration)
    public void iterationStart() {
        cpuAtStart = ManagementFactory.getThreadMXBean().getThreadCpuTime(vcpuThreadId);
        countAtStart = device.count;
    }

    @TearDown(Level.Iteration)
    public void iterationEnd() {
        long cpu = ManagementFactory.getThreadMXBean().getThreadCpuTime(vcpuThreadId) - cpuAtStart;
        System.out.printf("vcpu-thread %.0f%n", (device.count - countAtStart) * 1e9 / cpu);
    }

    @TearDown(Level.Trial)
    public void stop() {
        machine.close();
    }

    @Benchmark
    @OperationsPerInvocation(EXITS_PER_OP_BATCH)
    public long mmioStoreExits() {
        CountingDevice d = device;
        d.waiter = Thread.currentThread();
        long goal = d.count + EXITS_PER_OP_BATCH;
        d.goal = goal;
        while (d.count < goal) LockSupport.parkNanos(d, 1_000_000);
        d.goal = Long.MAX_VALUE;
        return goal;
    }
}
