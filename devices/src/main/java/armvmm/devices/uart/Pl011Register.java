package armvmm.devices.uart;

import armvmm.bus.RegisterMap;

/** The PL011 register map (PL011 TRM, DDI 0183, table 3-1). */
enum Pl011Register implements RegisterMap.Register {
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

    @Override
    public int offset() { return offset; }
}
