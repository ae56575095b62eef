package armvmm.devices.gic;

/**
 * The GICv3 distributor register map (IHI 0069's Distributor register map) as a single-security-state GIC
 * with affinity routing has it, one row per register or register array, with QEMU's identification values (an
 * ARM GICv3, PIDR2.ArchRev 3, which Linux checks). {@code raz} rows read as zero and ignore writes here: the
 * GICv2 compatibility registers ARE makes RAZ/WI (ITARGETSR, SGIR, CPENDSGIR, SPENDSGIR), the ones DS = 1
 * makes RAZ/WI (IGRPMODR, NSACR), and the message-based SPI registers of a GIC without MBIS.
 */
enum GicdV3Register {
    //         offset  bytes   field                   raz    ID value
    CTLR      (0x0000, 4),
    TYPER     (0x0004, 4),
    IIDR      (0x0008, 4),
    TYPER2    (0x000C, 4, null, true, 0),
    STATUSR   (0x0010, 4, null, true, 0),
    SETSPI_NSR(0x0040, 4, null, true, 0),
    CLRSPI_NSR(0x0048, 4, null, true, 0),
    SETSPI_SR (0x0050, 4, null, true, 0),
    CLRSPI_SR (0x0058, 4, null, true, 0),
    IGROUPR   (0x0080, 0x80, IrqField.GROUP, false, 0),
    ISENABLER (0x0100, 0x80, IrqField.SET_ENABLE, false, 0),
    ICENABLER (0x0180, 0x80, IrqField.CLEAR_ENABLE, false, 0),
    ISPENDR   (0x0200, 0x80, IrqField.SET_PENDING, false, 0),
    ICPENDR   (0x0280, 0x80, IrqField.CLEAR_PENDING, false, 0),
    ISACTIVER (0x0300, 0x80, IrqField.SET_ACTIVE, false, 0),
    ICACTIVER (0x0380, 0x80, IrqField.CLEAR_ACTIVE, false, 0),
    IPRIORITYR(0x0400, 0x3FC, IrqField.PRIORITY, false, 0),
    ITARGETSR (0x0800, 0x3FC, null, true, 0),
    ICFGR     (0x0C00, 0x100, IrqField.CONFIG, false, 0),
    IGRPMODR  (0x0D00, 0x80, null, true, 0),
    NSACR     (0x0E00, 0x100, null, true, 0),
    SGIR      (0x0F00, 4, null, true, 0),
    CPENDSGIR (0x0F10, 0x10, null, true, 0),
    SPENDSGIR (0x0F20, 0x10, null, true, 0),
    /** 64 bits an SPI, from INTID 32 at 0x6100; the SGI/PPI slots below are reserved. */
    IROUTER   (0x6100, 8 * 988),
    PIDR4     (0xFFD0, 4, null, false, 0x44),
    PIDR5     (0xFFD4, 4, null, false, 0x00),
    PIDR6     (0xFFD8, 4, null, false, 0x00),
    PIDR7     (0xFFDC, 4, null, false, 0x00),
    PIDR0     (0xFFE0, 4, null, false, 0x92),
    PIDR1     (0xFFE4, 4, null, false, 0xB4),
    PIDR2     (0xFFE8, 4, null, false, 0x3B),
    PIDR3     (0xFFEC, 4, null, false, 0x00),
    CIDR0     (0xFFF0, 4, null, false, 0x0D),
    CIDR1     (0xFFF4, 4, null, false, 0xF0),
    CIDR2     (0xFFF8, 4, null, false, 0x05),
    CIDR3     (0xFFFC, 4, null, false, 0xB1);

    /** GICD_IIDR and GICR_IIDR: implementer ARM (JEP106 0x43B), product, variant and revision 0, as QEMU's. */
    static final int IIDR_VALUE = 0x43B;

    final int offset;
    final int length;
    final IrqField field;
    final boolean raz;
    final int idValue;

    GicdV3Register(int offset, int length) { this(offset, length, null, false, 0); }

    GicdV3Register(int offset, int length, IrqField field, boolean raz, int idValue) {
        this.offset = offset;
        this.length = length;
        this.field = field;
        this.raz = raz;
        this.idValue = idValue;
    }

    boolean isId() { return ordinal() >= PIDR4.ordinal(); }

    private static final GicdV3Register[] VALUES = values();

    /** The register containing {@code offset}, or null for a reserved hole. */
    static GicdV3Register at(long offset) {
        for (GicdV3Register r : VALUES) if (offset >= r.offset && offset < r.offset + r.length) return r;
        return null;
    }

    /** "GICD_ISENABLER1", "GICD_IROUTER40": the name the specification gives the register at {@code offset}. */
    String nameAt(long offset) {
        if (length == 4) return "GICD_" + name();
        if (this == IROUTER) return "GICD_IROUTER" + ((offset - 0x6000) / 8);
        return "GICD_" + name() + (offset - this.offset) / 4;
    }
}
