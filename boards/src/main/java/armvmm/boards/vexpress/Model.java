package armvmm.boards.vexpress;

/** What the board puts behind a window of the memory map. */
public enum Model {
    /** Guest RAM (size from --memory). */
    RAM,
    /** The boot ROM holding the secondary-CPU holding pen. */
    BOOT_ROM,
    VEXPRESS_SYSREGS,
    SP810,
    PL011,
    SP804,
    PL031,
    /** GICv2 distributor and CPU interface (the Java model, or the accelerator's in-kernel one). */
    GIC_DISTRIBUTOR,
    GIC_CPU_INTERFACE,
    /** The virtio-mmio transport slots; a transport is only created for a device the user asked for. */
    VIRTIO_MMIO,
    /** Present in the tree but not modelled: reads as zero (no PrimeCell ID, so Linux binds no driver). */
    UNIMPLEMENTED
}
