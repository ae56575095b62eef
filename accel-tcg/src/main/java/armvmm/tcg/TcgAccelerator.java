package armvmm.tcg;

import armvmm.accel.Accelerator;
import armvmm.accel.AcceleratorInstance;
import armvmm.accel.Availability;
import armvmm.accel.CpuOptions;
import armvmm.accel.VmContext;
import armvmm.error.VmmException;
import armvmm.tcg.exec.JitMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The software accelerator: a pure-Java ARMv7-A (Cortex-A15) CPU. Runs on any host. */
public final class TcgAccelerator implements Accelerator {
    private final JitMode jit;

    /** The ServiceLoader's: the JIT mode of -Darmvmm.tcg.jit, translating when that is unset. */
    public TcgAccelerator() { this(JitMode.DEFAULT); }

    private TcgAccelerator(JitMode jit) { this.jit = jit; }

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
                + " each instruction's executor) or off (interpret only, the reference)");
    }

    @Override
    public Accelerator withSettings(Map<String, String> values) {
        Map<String, String> rest = new HashMap<>(values);
        String j = rest.remove("jit");
        Accelerator.super.withSettings(rest);
        if (j == null) return this;
        JitMode mode = JitMode.parse(j);
        if (mode == null) throw new VmmException("--accel tcg,jit=" + j + ": not a JIT mode (translate, calls or off)");
        return new TcgAccelerator(mode);
    }

    @Override
    public int autoPreference() { return 0; }

    @Override
    public AcceleratorInstance create(VmContext machine, CpuOptions cpu) {
        int n = machine.cpuCount();
        if (n < 1 || n > 8) throw new VmmException("--cpus " + n + ": the TCG accelerator runs 1 to 8 vCPUs");
        return new TcgInstance(machine, cpu, jit);
    }
}
