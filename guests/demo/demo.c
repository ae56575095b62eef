/*
 * armvmm demo guest: shows the vexpress-a15 board working without Linux. It prints over PL011 UART0,
 * takes a few generic-timer interrupts (the virtual timer, PPI 11 = interrupt ID 27) through the GIC,
 * says so, and powers the machine off through the motherboard configuration bus (SYS_CFGCTRL, function
 * SHUTDOWN), which ends the VMM with exit status 0.
 */
#include <stdint.h>
#include "../vexpress_console.h"


#define SYSREGS_BASE    0x1c010000u     /* V2M-P1 system registers */
#define SYS_CFGDATA     0x0a0
#define SYS_CFGCTRL     0x0a4
#define SYS_CFGCTRL_START  (1u << 31)
#define SYS_CFGCTRL_WRITE  (1u << 30)
#define SYS_CFG_SHUTDOWN   8u            /* function number, bits 25:20 */

#define GICD_BASE       0x2c001000u
#define GICD_CTLR       0x000
#define GICD_ISENABLER  0x100
#define GICD_IPRIORITYR 0x400
#define GICC_BASE       0x2c002000u
#define GICC_CTLR       0x000
#define GICC_PMR        0x004
#define GICC_IAR        0x00c
#define GICC_EOIR       0x010

#define VIRTUAL_TIMER_ID 27             /* PPI 11 */
#define TICKS            5

static uint32_t cntfrq(void)
{
    uint32_t v;
    __asm__ volatile("mrc p15, 0, %0, c14, c0, 0" : "=r"(v));
    return v;
}

static void cntv_tval(uint32_t v) { __asm__ volatile("mcr p15, 0, %0, c14, c3, 0" : : "r"(v)); }
static void cntv_ctl(uint32_t v) { __asm__ volatile("mcr p15, 0, %0, c14, c3, 1; isb" : : "r"(v)); }

static volatile uint32_t ticks;
static uint32_t period;

void demo_irq(void)
{
    uint32_t iar = read32(GICC_BASE + GICC_IAR);
    uint32_t id = iar & 0x3ff;
    if (id == VIRTUAL_TIMER_ID) {
        ticks++;
        puts_uart("demo: timer interrupt ");
        putdec(ticks);
        puts_uart(" (GIC interrupt ID 27)\n");
        if (ticks < TICKS)
            cntv_tval(period);
        else
            cntv_ctl(0);
    } else if (id == 1023) {
        return;                          /* spurious: nothing to acknowledge */
    } else {
        puts_uart("demo: unexpected interrupt ");
        putdec(id);
        puts_uart("\n");
    }
    write32(GICC_BASE + GICC_EOIR, iar);
}

void demo_fatal(uint32_t mode, uint32_t lr)
{
    puts_uart("demo: unexpected exception in mode ");
    puthex(mode);
    puts_uart(", lr ");
    puthex(lr);
    puts_uart("\n");
}

static void power_off(void)
{
    write32(SYSREGS_BASE + SYS_CFGDATA, 0);
    write32(SYSREGS_BASE + SYS_CFGCTRL, SYS_CFGCTRL_START | SYS_CFGCTRL_WRITE | (SYS_CFG_SHUTDOWN << 20));
}

void demo_main(void)
{
    puts_uart("armvmm demo guest: hello from the vexpress-a15 board\n");

    uint32_t freq = cntfrq();
    puts_uart("demo: generic timer frequency ");
    putdec(freq);
    puts_uart(" Hz\n");
    period = freq ? freq / 100 : 100000; /* 10 ms */

    write32(GICD_BASE + GICD_CTLR, 1);
    write8(GICD_BASE + GICD_IPRIORITYR + VIRTUAL_TIMER_ID, 0xa0);
    write32(GICD_BASE + GICD_ISENABLER, 1u << VIRTUAL_TIMER_ID);
    write32(GICC_BASE + GICC_PMR, 0xf0);
    write32(GICC_BASE + GICC_CTLR, 1);

    cntv_tval(period);
    cntv_ctl(1);                         /* ENABLE, not IMASK */
    __asm__ volatile("cpsie i" ::: "memory");
    while (ticks < TICKS)
        __asm__ volatile("wfi");
    __asm__ volatile("cpsid i" ::: "memory");

    puts_uart("demo: took ");
    putdec(ticks);
    puts_uart(" generic timer interrupts through the GIC\n");
    puts_uart("demo: powering off through SYS_CFGCTRL\n");
    power_off();
    for (;;)
        __asm__ volatile("wfi");
}
