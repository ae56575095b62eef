package armvmm.devices.gic;

import armvmm.bus.RegisterMap;

/** The CPU interface register map (IHI 0048B table 4-2); all word-sized, banked per CPU. */
enum GiccRegister implements RegisterMap.Register {
    CTLR (0x00),
    PMR  (0x04),
    BPR  (0x08),
    IAR  (0x0C),
    EOIR (0x10),
    RPR  (0x14),
    HPPIR(0x18),
    ABPR (0x1C),
    AIAR (0x20),
    AEOIR(0x24),
    AHPPIR(0x28),
    APR0 (0xD0),
    APR1 (0xD4),
    APR2 (0xD8),
    APR3 (0xDC),
    NSAPR0(0xE0),
    NSAPR1(0xE4),
    NSAPR2(0xE8),
    NSAPR3(0xEC),
    IIDR (0xFC),
    DIR  (0x1000);

    /** GIC-400 GICC_IIDR: ProductID 0x020, architecture version 2, revision 0, implementer ARM (0x43B). */
    static final int GIC400_IIDR = 0x0202143B;

    final int offset;

    GiccRegister(int offset) { this.offset = offset; }

    @Override
    public int offset() { return offset; }

    private static final RegisterMap<GiccRegister> MAP = RegisterMap.of(GiccRegister.class);

    static GiccRegister at(long offset) { return MAP.at(offset); }
}
