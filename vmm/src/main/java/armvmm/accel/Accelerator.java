package armvmm.accel;

import armvmm.error.VmmException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A way to execute vCPUs: a plug-in found through {@link java.util.ServiceLoader}. The core never names
 * a concrete accelerator.
 */
public interface Accelerator {
    /** The {@code --accel} name: "tcg", "kvm". */
    String name();

    String summary();

    /** Checks the host; cheap enough to run on every {@code vmm accels} and {@code --accel auto}. */
    Availability probe();

    /**
     * The settings {@code --accel NAME,KEY=VALUE,...} takes, each key with a one-line description of its values
     * ({@code vmm accels} and {@code run --help} list them).
     */
    default Map<String, String> settings() { return Map.of(); }

    /**
     * This accelerator with {@code --accel} settings applied. Throws {@link VmmException} with one line for a key
     * it does not take or a value it does not understand.
     */
    default Accelerator withSettings(Map<String, String> values) {
        for (String key : values.keySet())
            throw new VmmException("--accel " + name() + "," + key + "=: no such setting (" + name() + " takes "
                    + (settings().isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(settings().keySet()))) + ")");
        return this;
    }

    /**
     * The GIC architecture versions (2, 3) this host lets the accelerator create in the kernel, for QEMU's
     * gic-version=host and max; empty for an accelerator whose boards model the GIC themselves (TCG).
     */
    default Set<Integer> inKernelGicVersions() { return Set.of(); }

    /** With {@code --accel auto}, the usable accelerator with the highest preference is taken. */
    int autoPreference();

    /**
     * Why the guest's coprocessor register accesses never reach the VMM under this accelerator (so that
     * {@code --trace cp15} can show nothing), or empty when every access goes through the cp15 registry.
     */
    default Optional<String> cp15AccessesUnseen() { return Optional.empty(); }

    /**
     * Creates the machine's vCPUs (not yet running), each with the CPU model {@code cpu} describes. Throws
     * {@link armvmm.error.VmmException} with a one-line reason on failure.
     */
    AcceleratorInstance create(VmContext machine, CpuOptions cpu);

    /** {@link #create(VmContext, CpuOptions)} with the core's own register set and no cp15 trace. */
    default AcceleratorInstance create(VmContext machine) { return create(machine, CpuOptions.NONE); }
}
