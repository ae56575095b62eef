package armvmm.accel;

import java.util.Optional;

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
