package armvmm.board;

import armvmm.machine.Machine;

/** A machine type (the {@code --board} name): a plug-in found through {@link java.util.ServiceLoader}. */
public interface Board {
    String name();

    String description();

    /** RAM used when the user gives no {@code --memory}. */
    long defaultMemoryBytes();

    int maxCpus();

    /**
     * Maps RAM and devices onto the machine's bus, provides its interrupt controller (the accelerator's
     * in-kernel one if offered, else the Java model), loads the images of the configuration and sets the
     * boot state of every vCPU. Throws {@link armvmm.machine.VmmException} for a user-facing problem
     * (an image too large for RAM, an unreadable DTB, ...).
     */
    void build(Machine machine);
}
