package armvmm.irq;

/** Where a board places its GICv2 and how many interrupt IDs it has: what an in-kernel vGIC needs to know. */
public record GicSpec(long distributorBase, long cpuInterfaceBase, int lines) {}
