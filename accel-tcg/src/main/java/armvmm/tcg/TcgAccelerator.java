package armvmm.tcg;

import armvmm.accel.Accelerator;
import armvmm.accel.AcceleratorInstance;
import armvmm.accel.Availability;
import armvmm.accel.CpuOptions;
import armvmm.accel.VmContext;
import armvmm.error.VmmException;
import java.util.List;

/** The software accelerator: a pure-Java ARMv7-A (Cortex-A15) CPU. Runs on any host. */
public final class TcgAccelerator implements Accelerator {
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
    public int autoPreference() { return 0; }

    @Override
    public AcceleratorInstance create(VmContext machine, CpuOptions cpu) {
        int n = machine.cpuCount();
        if (n < 1 || n > 8) throw new VmmException("--cpus " + n + ": the TCG accelerator runs 1 to 8 vCPUs");
        return new TcgInstance(machine, cpu);
    }
}
