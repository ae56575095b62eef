package armvmm.devices.gic;

import armvmm.devices.gic.GicCore.Irq;

/**
 * The per-interrupt register arrays that the GICv2 distributor, the GICv3 distributor and the GICv3
 * redistributor's SGI frame all lay out alike (IHI 0048B and IHI 0069: GICD_ISENABLER<n>, GICR_ISENABLER0 and
 * their kin): one bit per interrupt (IGROUPR, the set/clear pairs), two (ICFGR) or a byte (IPRIORITYR). A
 * register word covers the interrupts from {@link #firstId}; bits of interrupts the GIC does not implement
 * read as zero and ignore writes.
 */
enum IrqField {
    GROUP(1), SET_ENABLE(1), CLEAR_ENABLE(1), SET_PENDING(1), CLEAR_PENDING(1), SET_ACTIVE(1), CLEAR_ACTIVE(1),
    CONFIG(2), PRIORITY(8);

    final int bitsPerIrq;

    IrqField(int bitsPerIrq) { this.bitsPerIrq = bitsPerIrq; }

    /** The first interrupt ID the word at {@code byteOffset} (from the array's start, word-aligned) covers. */
    int firstId(int byteOffset) { return (byteOffset & ~3) * 8 / bitsPerIrq; }

    /** The word covering interrupts {@code first}.. of {@code row}, up to {@code limit} (exclusive). */
    int read(Irq[] row, int first, int limit) {
        int w = 0;
        int perWord = 32 / bitsPerIrq;
        for (int k = 0; k < perWord && first + k < limit; k++) {
            Irq q = row[first + k];
            int v = switch (this) {
                case GROUP -> q.group1 ? 1 : 0;
                case SET_ENABLE, CLEAR_ENABLE -> q.enabled ? 1 : 0;
                case SET_PENDING, CLEAR_PENDING -> q.pending() ? 1 : 0;
                case SET_ACTIVE, CLEAR_ACTIVE -> q.active ? 1 : 0;
                case CONFIG -> q.edge ? 2 : 0;
                case PRIORITY -> q.priority;
            };
            w |= v << (k * bitsPerIrq);
        }
        return w;
    }

    /**
     * A write of {@code value} to the word covering {@code first}..; {@code byteEnables} selects the bytes
     * written (0xF for a word). SGIs are edge-triggered whatever ICFGR says; their pending bits take
     * writes only where {@code sgiPendingWritable} (GICv3: a GICv2 SGI is pending per source, through
     * GICD_SPENDSGIR/CPENDSGIR).
     */
    void write(Irq[] row, int first, int limit, int value, int byteEnables, boolean sgiPendingWritable) {
        int perWord = 32 / bitsPerIrq;
        int fieldMask = (int) ((1L << bitsPerIrq) - 1);
        for (int k = 0; k < perWord && first + k < limit; k++) {
            int shift = k * bitsPerIrq;
            if ((byteEnables & (1 << (shift / 8))) == 0) continue;
            int id = first + k;
            Irq q = row[id];
            int v = (value >>> shift) & fieldMask;
            boolean set = v != 0;
            switch (this) {
                case GROUP -> q.group1 = set;
                case SET_ENABLE -> { if (set) q.enabled = true; }
                case CLEAR_ENABLE -> { if (set) q.enabled = false; }
                case SET_PENDING -> { if (set && (id >= GicCore.SGIS || sgiPendingWritable)) q.latched = true; }
                case CLEAR_PENDING -> { if (set && (id >= GicCore.SGIS || sgiPendingWritable)) q.latched = false; }
                case SET_ACTIVE -> { if (set) q.active = true; }
                case CLEAR_ACTIVE -> { if (set) q.active = false; }
                case CONFIG -> { if (id >= GicCore.SGIS) q.edge = (v & 2) != 0; }
                case PRIORITY -> q.priority = v & GicCore.PRIORITY_BITS_MASK;
            }
        }
    }
}
