package armvmm.devices.gic;

import armvmm.bus.RegisterMap;

/**
 * A GICv3 redistributor's registers (IHI 0069's Redistributor register map: the RD_base and SGI_base frames):
 * offsets within the CPU's 128 KiB, SGI_base at 0x10000. Arrays list their first word; {@link #at} finds the
 * word.
 */
enum GicrRegister implements RegisterMap.Register {
    // RD_base
    CTLR      (0x0000),
    IIDR      (0x0004),
    /** 64 bits: the two words. */
    TYPER     (0x0008),
    TYPER_HI  (0x000C),
    STATUSR   (0x0010),
    WAKER     (0x0014),
    PROPBASER (0x0070),
    PROPBASER_HI(0x0074),
    PENDBASER (0x0078),
    PENDBASER_HI(0x007C),
    PIDR4     (0xFFD0),
    PIDR5     (0xFFD4),
    PIDR6     (0xFFD8),
    PIDR7     (0xFFDC),
    PIDR0     (0xFFE0),
    PIDR1     (0xFFE4),
    PIDR2     (0xFFE8),
    PIDR3     (0xFFEC),
    CIDR0     (0xFFF0),
    CIDR1     (0xFFF4),
    CIDR2     (0xFFF8),
    CIDR3     (0xFFFC),
    // SGI_base
    IGROUPR0  (0x10080),
    ISENABLER0(0x10100),
    ICENABLER0(0x10180),
    ISPENDR0  (0x10200),
    ICPENDR0  (0x10280),
    ISACTIVER0(0x10300),
    ICACTIVER0(0x10380),
    IPRIORITYR0(0x10400), IPRIORITYR1(0x10404), IPRIORITYR2(0x10408), IPRIORITYR3(0x1040C),
    IPRIORITYR4(0x10410), IPRIORITYR5(0x10414), IPRIORITYR6(0x10418), IPRIORITYR7(0x1041C),
    ICFGR0    (0x10C00),
    ICFGR1    (0x10C04),
    IGRPMODR0 (0x10D00),
    NSACR     (0x10E00);

    final int offset;

    GicrRegister(int offset) { this.offset = offset; }

    @Override
    public int offset() { return offset; }

    /** The per-interrupt array a SGI_base register is, or null. */
    IrqField field() {
        return switch (this) {
            case IGROUPR0 -> IrqField.GROUP;
            case ISENABLER0 -> IrqField.SET_ENABLE;
            case ICENABLER0 -> IrqField.CLEAR_ENABLE;
            case ISPENDR0 -> IrqField.SET_PENDING;
            case ICPENDR0 -> IrqField.CLEAR_PENDING;
            case ISACTIVER0 -> IrqField.SET_ACTIVE;
            case ICACTIVER0 -> IrqField.CLEAR_ACTIVE;
            case ICFGR0, ICFGR1 -> IrqField.CONFIG;
            case IPRIORITYR0, IPRIORITYR1, IPRIORITYR2, IPRIORITYR3, IPRIORITYR4, IPRIORITYR5, IPRIORITYR6, IPRIORITYR7 -> IrqField.PRIORITY;
            default -> null;
        };
    }

    /** The first interrupt ID of a {@link #field()} register: its byte offset from IGROUPR0's kind of array start. */
    int firstId() {
        return switch (this) {
            case ICFGR1 -> 16;
            case IPRIORITYR0, IPRIORITYR1, IPRIORITYR2, IPRIORITYR3, IPRIORITYR4, IPRIORITYR5, IPRIORITYR6, IPRIORITYR7 -> (offset - 0x10400);
            default -> 0;
        };
    }

    boolean isId() { return ordinal() >= PIDR4.ordinal() && ordinal() <= CIDR3.ordinal(); }

    /** The identification registers: the distributor's values (QEMU 7.2 gives both frames the same). */
    int idValue() { return GicdV3Register.valueOf(name()).idValue; }

    private static final RegisterMap<GicrRegister> MAP = RegisterMap.of(GicrRegister.class);

    static GicrRegister at(long offset) { return MAP.at(offset); }
}
