package armvmm.board;

import armvmm.cp15.CpReg;
import armvmm.cpu.FirmwareCalls;
import armvmm.machine.Machine;
import armvmm.machine.MachineConfig;
import java.util.List;
import java.util.Optional;

/** A machine type (the {@code --board} name): a plug-in found through {@link java.util.ServiceLoader}. */
public interface Board {
    String name();

    String description();

    /**
     * This board with the options of {@code --board NAME,KEY=VALUE,...} (virt: gic-version), as a new
     * instance; a bad key or value is a {@link armvmm.error.VmmException} naming it. A board without
     * options takes none.
     */
    default Board withOptions(java.util.Map<String, String> options) {
        if (!options.isEmpty())
            throw new armvmm.error.VmmException("--board " + name() + ": the " + name() + " board takes no options ('"
                    + options.keySet().iterator().next() + "' given)");
        return this;
    }

    /**
     * The {@code --board} value that names this board as configured: its name, then each option that is
     * not the default (what a snapshot records, so that a restore builds the same machine).
     */
    default String spec() { return name(); }

    /** RAM used when the user gives no {@code --memory}. */
    long defaultMemoryBytes();

    int maxCpus();

    /**
     * Maps RAM and devices onto the machine's bus, provides its interrupt controller (the accelerator's
     * in-kernel one if offered, else the Java model), loads the images of the configuration and sets the
     * boot state of every vCPU. Throws {@link armvmm.error.VmmException} for a user-facing problem
     * (an image too large for RAM, an unreadable DTB, ...).
     */
    void build(Machine machine);

    /**
     * Coprocessor registers the board adds to its CPU's set (e.g. the Cortex-A15's CBAR, which holds the
     * board's private peripheral base).
     */
    default List<CpReg> systemRegisters() { return List.of(); }

    /**
     * The device tree blob the guest of {@code config} receives: byte for byte what {@link #build} loads,
     * the board's defaults filled in and a --dtb patched as for a run, without creating a machine (the
     * images are read, since the initrd's place is in /chosen). Empty for a board whose guest gets no tree.
     * A user's mistake is a {@link armvmm.error.VmmException}, as from {@code build}.
     */
    default Optional<byte[]> deviceTree(MachineConfig config) { return Optional.empty(); }

    /**
     * The firmware the board places behind HVC or SMC for {@code machine} (virt: PSCI), created before its
     * vCPUs (they are built with it) and bound to the machine's vCPUs and power requests; empty when the
     * board has none. The accelerator may ignore it where the host provides its own (KVM's PSCI).
     */
    default Optional<FirmwareCalls> firmware(Machine machine) { return Optional.empty(); }
}
