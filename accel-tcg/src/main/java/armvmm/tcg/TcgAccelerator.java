package armvmm.tcg;

import armvmm.accel.Accelerator;
import armvmm.accel.AcceleratorInstance;
import armvmm.accel.Availability;
import armvmm.accel.CpuOptions;
import armvmm.accel.VmContext;
import armvmm.error.VmmException;
import armvmm.tcg.exec.Interpreter;
import armvmm.tcg.exec.JitMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The software accelerator: a pure-Java ARMv7-A (Cortex-A15) CPU. Runs on any host. */
public final class TcgAccelerator implements Accelerator {
    /** The largest tb-size: a bound beyond what a 32-bit guest's code could ever need translated. */
    private static final long MAX_TB_SIZE_MIB = 4096;
    private final JitMode jit;
    private final long tbSizeMib;

    /** The ServiceLoader's: the JIT mode of -Darmvmm.tcg.jit (translating when unset) and the default tb-size. */
    public TcgAccelerator() { this(JitMode.DEFAULT, Interpreter.DEFAULT_CODE_CACHE_MIB); }

    private TcgAccelerator(JitMode jit, long tbSizeMib) {
        this.jit = jit;
        this.tbSizeMib = tbSizeMib;
    }

    @Override
    public String name() { return "tcg"; }

    @Override
    public String summary() { return "pure-Java ARMv7-A interpreter (Cortex-A15)"; }

    @Override
    public Availability probe() {
        return Availability.yes("runs on any host",
                List.of(new Availability.Check("Java " + System.getProperty("java.version"), true, "")));
    }

    @Override
    public Map<String, String> settings() {
        return Map.of("jit", "translate (hot blocks become bytecode of their own, the default), calls (hot blocks call"
                        + " each instruction's executor) or off (interpret only, the reference)",
                "tb-size", "MiB of JVM code (as class files) each vCPU keeps, 1 to " + MAX_TB_SIZE_MIB + ", default "
                        + Interpreter.DEFAULT_CODE_CACHE_MIB + ": when full, its JVM code is dropped and hot blocks are compiled again");
    }

    @Override
    public Accelerator withSettings(Map<String, String> values) {
        Map<String, String> rest = new HashMap<>(values);
        String j = rest.remove("jit"), tb = rest.remove("tb-size");
        Accelerator.super.withSettings(rest);
        JitMode mode = jit;
        if (j != null && (mode = JitMode.parse(j)) == null)
            throw new VmmException("--accel tcg,jit=" + j + ": not a JIT mode (translate, calls or off)");
        long mib = tbSizeMib;
        if (tb != null) {
            try {
                mib = Long.parseLong(tb);
            } catch (NumberFormatException e) {
                mib = -1;
            }
            if (mib < 1 || mib > MAX_TB_SIZE_MIB)
                throw new VmmException("--accel tcg,tb-size=" + tb + ": use a number of MiB from 1 to " + MAX_TB_SIZE_MIB);
        }
        return new TcgAccelerator(mode, mib);
    }

    @Override
    public int autoPreference() { return 0; }

    @Override
    public AcceleratorInstance create(VmContext machine, CpuOptions cpu) {
        int n = machine.cpuCount();
        if (n < 1 || n > 8) throw new VmmException("--cpus " + n + ": the TCG accelerator runs 1 to 8 vCPUs");
        return new TcgInstance(machine, cpu, jit, tbSizeMib << 20);
    }
}
