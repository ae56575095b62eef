/*
 * Console output of the C guests on the vexpress-a15 board (demo, snapshot): the motherboard's first PL011
 * (UART0), polled. One copy for every guest that prints through it.
 */
#ifndef GUESTS_VEXPRESS_CONSOLE_H
#define GUESTS_VEXPRESS_CONSOLE_H
#include <stdint.h>

#define UART0_BASE      0x1c090000u     /* PL011 */
#define UARTDR          0x000
#define UARTFR          0x018
#define UARTFR_TXFF     (1u << 5)

static inline void write32(uint32_t addr, uint32_t v) { *(volatile uint32_t *)addr = v; }
static inline uint32_t read32(uint32_t addr) { return *(volatile uint32_t *)addr; }
static inline void write8(uint32_t addr, uint8_t v) { *(volatile uint8_t *)addr = v; }

static void putc_uart(char c)
{
    while (read32(UART0_BASE + UARTFR) & UARTFR_TXFF)
        ;
    write32(UART0_BASE + UARTDR, (uint8_t)c);
}

static void puts_uart(const char *s)
{
    for (; *s; s++) {
        if (*s == '\n')
            putc_uart('\r');
        putc_uart(*s);
    }
}

static void putdec(uint32_t v)
{
    char buf[11];
    int i = 10;
    buf[i] = 0;
    do {
        buf[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v && i > 0);
    puts_uart(&buf[i]);
}

static void puthex(uint32_t v)
{
    puts_uart("0x");
    for (int shift = 28; shift >= 0; shift -= 4)
        putc_uart("0123456789abcdef"[(v >> shift) & 0xf]);
}
#endif
