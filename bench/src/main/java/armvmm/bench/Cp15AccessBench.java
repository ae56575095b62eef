package armvmm.bench;

import armvmm.cpu.cortexa15.CortexA15;
import armvmm.cp15.CpAccess;
import armvmm.cp15.CpReg;
import armvmm.cp15.CpRegistry;
import armvmm.cp15.CpState;
import armvmm.cp15.InertHost;
import armvmm.time.VirtualClock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of a guest MRC/MCR through the cp15 registry, as the TCG CPU pays it: the encoding lookup (done
 * once per translation) and the run-time check plus read or write (done per execution), for a plain
 * register, a banked one and the 64-bit virtual counter.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class Cp15AccessBench {
    private final CpRegistry registry = CortexA15.registry(List.of(CortexA15.cbar(0x2c00_0000L)));
    private final CpState state = registry.newState(new InertHost(new VirtualClock(0)));
    private final int sctlrKey = CpRegistry.key(15, 0, 1, 0, 0);
    private final CpReg sctlr = CortexA15.SCTLR, tpidrurw = CortexA15.TPIDRURW, cntvct = CortexA15.CNTVCT;
    private long value;

    @Benchmark
    public CpReg lookup() { return registry.lookup(sctlrKey); }

    /** MRC p15,0,Rt,c1,c0,0 at Non-secure PL1. */
    @Benchmark
    public long mrcSctlr() {
        return state.check(sctlr, false, 1, false) == CpAccess.OK ? state.read(sctlr) : -1;
    }

    /** MCR p15,0,Rt,c13,c0,2 at Non-secure PL0. */
    @Benchmark
    public void mcrTpidrurw() {
        if (state.check(tpidrurw, true, 0, false) == CpAccess.OK) state.write(tpidrurw, ++value);
    }

    /** MRRC p15,1,Rt,Rt2,c14 at Non-secure PL1. */
    @Benchmark
    public long mrrcCntvct() {
        return state.check(cntvct, false, 1, false) == CpAccess.OK ? state.read(cntvct) : -1;
    }
}
