package armvmm.devices.uart;

/** The PL011 register map (PL011 TRM, DDI 0183, table 3-1). */
enum Pl011Register {
    UARTDR    (0x000),
    UARTRSR   (0x004),   // UARTECR when written
    UARTFR    (0x018),
    UARTILPR  (0x020),
    UARTIBRD  (0x024),
    UARTFBRD  (0x028),
    UARTLCR_H (0x02C),
    UARTCR    (0x030),
    UARTIFLS  (0x034),
    UARTIMSC  (0x038),
    UARTRIS   (0x03C),
    UARTMIS   (0x040),
    UARTICR   (0x044),
    UARTDMACR (0x048);

    final int offset;

    Pl011Register(int offset) { this.offset = offset; }

    private static final Pl011Register[] VALUES = values();

    static Pl011Register at(long offset) {
        for (Pl011Register r : VALUES) if (r.offset == offset) return r;
        return null;
    }
}
