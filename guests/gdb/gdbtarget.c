/*
 * What GdbStubTest debugs: a function to break at (add), a variable a watchpoint catches being written
 * (watched, in bump), a pattern gdb reads and changes, a second CPU that runs on its own (spin_cpu1), and a
 * loop that waits for gdb to write go; then it prints what it found and powers off through PSCI
 * SYSTEM_OFF, which ends the VMM with exit status 0. Without a debugger it waits for ever.
 */
#include <stdint.h>

#define UARTDR      (*(volatile uint32_t *)0x09000000u)   /* the virt board's PL011 */
#define PSCI_CPU_ON     0x84000003
#define PSCI_SYSTEM_OFF 0x84000008
#define GO_VALUE    0x600d

int psci(int fn, int a1, int a2, int a3);
void secondary_entry(void);

volatile uint32_t watched;
volatile uint32_t go;
volatile uint32_t cpu1_spins;
volatile uint32_t cpu0_spins;
volatile uint32_t pattern[4] = {0x11223344, 0x55667788, 0x99aabbcc, 0xddeeff00};

static void puts_uart(const char *s)
{
    for (; *s; s++)
        UARTDR = (uint8_t)*s;
}

static void puthex(uint32_t v)
{
    puts_uart("0x");
    for (int shift = 28; shift >= 0; shift -= 4)
        UARTDR = (uint8_t)"0123456789abcdef"[(v >> shift) & 0xf];
}

int add(int a, int b)
{
    int sum = a + b;
    return sum;
}

void bump(void)
{
    uint32_t before = watched;
    watched = before + 1;
    cpu0_spins = 0;
}

void secondary_main(void)
{
    for (;;)
        cpu1_spins++;
}

int main(void)
{
    puts_uart("gdbtarget: start\n");
    psci(PSCI_CPU_ON, 1, (int)(uintptr_t)secondary_entry, 0);
    while (cpu1_spins == 0)
        ;
    int sum = add(2, 3);
    bump();
    puts_uart("gdbtarget: waiting for gdb to set go\n");
    while (go != GO_VALUE)
        cpu0_spins++;
    puts_uart("gdbtarget: sum ");
    puthex((uint32_t)sum);
    puts_uart(" watched ");
    puthex(watched);
    puts_uart(" pattern[0] ");
    puthex(pattern[0]);
    puts_uart("\ngdbtarget: done\n");
    psci(PSCI_SYSTEM_OFF, 0, 0, 0);
    for (;;)
        ;
}
