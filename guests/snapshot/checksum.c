/*
 * The snapshot test's guest: ROUNDS rounds over a 1 MiB buffer, each mixing a linear congruential sequence
 * into every word, folding the words into a running checksum, and advancing a double-precision value with
 * VFP; between rounds it waits (WFI) for the next generic-timer tick through the GIC. Every round prints
 * its checksum so far, and the end prints the final one, then powers off through SYS_CFGCTRL. The output
 * depends on nothing but the program: a run restored from a snapshot taken anywhere in it must print the
 * same lines from there on as an uninterrupted run, and it only gets to the end if the timer, the GIC,
 * the UART and every register came back.
 */
#include <stdint.h>
#include "../vexpress_console.h"

#define SYSREGS_BASE    0x1c010000u
#define SYS_CFGDATA     0x0a0
#define SYS_CFGCTRL     0x0a4
#define GICD_BASE       0x2c001000u
#define GICC_BASE       0x2c002000u
#define VIRTUAL_TIMER_ID 27

#ifndef ROUNDS
#define ROUNDS 16
#endif
#define WORDS (1u << 18)

static volatile uint32_t ticks;
static uint32_t period;
static uint32_t buffer[WORDS];

static void cntv_tval(uint32_t v) { __asm__ volatile("mcr p15, 0, %0, c14, c3, 0" : : "r"(v)); }
static uint32_t cntv_ctl_read(void)
{
    uint32_t v;
    __asm__ volatile("mrc p15, 0, %0, c14, c3, 1" : "=r"(v));
    return v;
}

static void cntv_ctl(uint32_t v) { __asm__ volatile("mcr p15, 0, %0, c14, c3, 1; isb" : : "r"(v)); }

void guest_irq(void)
{
    uint32_t iar = read32(GICC_BASE + 0x00c);
    uint32_t id = iar & 0x3ff;
    if (id == 1023)
        return;
    if (id == VIRTUAL_TIMER_ID) {
        /* as Linux's arch timer driver: an interrupt without CNTV_CTL.ISTATUS is not the timer's */
        if (cntv_ctl_read() & 4) {
            ticks++;
            cntv_tval(period);
        } else {
            puts_uart("timer interrupt without ISTATUS\n");
        }
    } else {
        puts_uart("unexpected interrupt ");
        putdec(id);
        puts_uart("\n");
    }
    write32(GICC_BASE + 0x010, iar);
}

void guest_fatal(uint32_t mode, uint32_t lr)
{
    puts_uart("unexpected exception in mode ");
    puthex(mode);
    puts_uart(", lr ");
    puthex(lr);
    puts_uart("\n");
}

static uint32_t rotl(uint32_t v, int n) { return (v << n) | (v >> (32 - n)); }

void guest_main(void)
{
    puts_uart("checksum guest: start\n");
    uint32_t freq;
    __asm__ volatile("mrc p15, 0, %0, c14, c0, 0" : "=r"(freq));
    period = freq / 1000; /* 1 ms */
    write32(GICD_BASE + 0x000, 1);
    write8(GICD_BASE + 0x400 + VIRTUAL_TIMER_ID, 0xa0);
    write32(GICD_BASE + 0x100, 1u << VIRTUAL_TIMER_ID);
    write32(GICC_BASE + 0x004, 0xf0);
    write32(GICC_BASE + 0x000, 1);
    cntv_tval(period);
    cntv_ctl(1);
    __asm__ volatile("cpsie i" ::: "memory");

    uint32_t x = 12345, sum = 0;
    volatile double acc = 1.0;
    for (uint32_t round = 1; round <= ROUNDS; round++) {
        for (uint32_t pass = 0; pass < 4; pass++) {
            for (uint32_t i = 0; i < WORDS; i++) {
                x = x * 1664525u + 1013904223u;
                uint32_t w = buffer[i] ^ x;
                buffer[i] = rotl(w, (int)(round & 31)) + i;
                sum = rotl(sum, 5) ^ w;
            }
            acc = acc * 1.0000001 + (double)(sum & 0xff) / 256.0;
        }
        sum ^= (uint32_t)(acc * 1000.0);
        uint32_t seen = ticks;
        while (ticks == seen)
            __asm__ volatile("wfi");
        puts_uart("round ");
        putdec(round);
        puts_uart(" ");
        puthex(sum);
        puts_uart("\n");
    }
    __asm__ volatile("cpsid i" ::: "memory");
    cntv_ctl(0);
    puts_uart("checksum ");
    puthex(sum);
    puts_uart("\n");
    write32(SYSREGS_BASE + SYS_CFGDATA, 0);
    write32(SYSREGS_BASE + SYS_CFGCTRL, (1u << 31) | (1u << 30) | (8u << 20));
    for (;;)
        __asm__ volatile("wfi");
}
