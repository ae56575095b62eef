package armvmm.devices.gic;

/**
 * The distributor register map (IHI 0048B table 4-1), one row per register or register array, with the
 * GIC-400's identification values (GIC-400 TRM, part 0x390, architecture version 2).
 */
enum GicdRegister {
    //        offset  bytes  byte-accessible  ID value
    CTLR     (0x000, 4),
    TYPER    (0x004, 4),
    IIDR     (0x008, 4),
    IGROUPR  (0x080, 0x80),
    ISENABLER(0x100, 0x80),
    ICENABLER(0x180, 0x80),
    ISPENDR  (0x200, 0x80),
    ICPENDR  (0x280, 0x80),
    ISACTIVER(0x300, 0x80),
    ICACTIVER(0x380, 0x80),
    IPRIORITYR(0x400, 0x3FC, true, 0),
    ITARGETSR(0x800, 0x3FC, true, 0),
    ICFGR    (0xC00, 0x100),
    NSACR    (0xE00, 0x100),
    SGIR     (0xF00, 4),
    CPENDSGIR(0xF10, 0x10, true, 0),
    SPENDSGIR(0xF20, 0x10, true, 0),
    PIDR4    (0xFD0, 4, false, 0x04),
    PIDR5    (0xFD4, 4, false, 0x00),
    PIDR6    (0xFD8, 4, false, 0x00),
    PIDR7    (0xFDC, 4, false, 0x00),
    PIDR0    (0xFE0, 4, false, 0x90),
    PIDR1    (0xFE4, 4, false, 0xB3),
    PIDR2    (0xFE8, 4, false, 0x2B),
    PIDR3    (0xFEC, 4, false, 0x00),
    CIDR0    (0xFF0, 4, false, 0x0D),
    CIDR1    (0xFF4, 4, false, 0xF0),
    CIDR2    (0xFF8, 4, false, 0x05),
    CIDR3    (0xFFC, 4, false, 0xB1);

    /** GIC-400 r0p1 GICD_IIDR: ProductID 0x02, Variant 0, Revision 1, Implementer ARM (0x43B). */
    static final int GIC400_IIDR = 0x0200143B;

    final int offset;
    final int length;
    final boolean byteAccessible;
    final int idValue;

    GicdRegister(int offset, int length) { this(offset, length, false, 0); }

    GicdRegister(int offset, int length, boolean byteAccessible, int idValue) {
        this.offset = offset;
        this.length = length;
        this.byteAccessible = byteAccessible;
        this.idValue = idValue;
    }

    boolean isId() { return ordinal() >= PIDR4.ordinal(); }

    /** The per-interrupt array this register is, or null. */
    IrqField field() {
        return switch (this) {
            case IGROUPR -> IrqField.GROUP;
            case ISENABLER -> IrqField.SET_ENABLE;
            case ICENABLER -> IrqField.CLEAR_ENABLE;
            case ISPENDR -> IrqField.SET_PENDING;
            case ICPENDR -> IrqField.CLEAR_PENDING;
            case ISACTIVER -> IrqField.SET_ACTIVE;
            case ICACTIVER -> IrqField.CLEAR_ACTIVE;
            case ICFGR -> IrqField.CONFIG;
            case IPRIORITYR -> IrqField.PRIORITY;
            default -> null;
        };
    }

    private static final GicdRegister[] VALUES = values();

    /** The register containing {@code offset}, or null for a reserved hole. */
    static GicdRegister at(long offset) {
        for (GicdRegister r : VALUES) if (offset >= r.offset && offset < r.offset + r.length) return r;
        return null;
    }

    /** "GICD_ISENABLER1", "GICD_CTLR": the name the specification gives the word at {@code offset}. */
    String nameAt(long offset) {
        return length == 4 ? "GICD_" + name() : "GICD_" + name() + (offset - this.offset) / 4;
    }
}
