package armvmm.irq;

/**
 * Where a board places its GIC, which architecture version it is and how many interrupt IDs it has: what an
 * in-kernel vGIC needs to know. A GICv2 has a CPU interface frame; a GICv3 has a redistributor frame per CPU
 * from {@code redistributorBase} (its CPU interface is system registers). The field the version does not
 * have is 0.
 */
public record GicSpec(int version, long distributorBase, long cpuInterfaceBase, long redistributorBase, int lines) {
    public GicSpec {
        if (version != 2 && version != 3) throw new IllegalArgumentException("GIC version " + version);
    }

    public static GicSpec v2(long distributorBase, long cpuInterfaceBase, int lines) { return new GicSpec(2, distributorBase, cpuInterfaceBase, 0, lines); }

    public static GicSpec v3(long distributorBase, long redistributorBase, int lines) { return new GicSpec(3, distributorBase, 0, redistributorBase, lines); }
}
