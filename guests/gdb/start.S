/*
 * The gdb test guest's entry (virt board: SVC mode, MMU off, at 0x40010000) and its PSCI calls through HVC.
 * CPU 0 clears .bss and runs main; CPU 1 comes here through CPU_ON at secondary_entry.
 */
#include "../startup.h"
    .syntax unified
    .arm
    .arch_extension virt
    .section .text.start, "ax"
    .global _start
_start:
    ldr     sp, =stack0_top
    CLEAR_BSS
    bl      main
2:  wfi
    b       2b

    .global secondary_entry
secondary_entry:
    ldr     sp, =stack1_top
    bl      secondary_main
    b       2b

/* int psci(int fn, int a1, int a2, int a3): SMCCC through HVC, the virt board's conduit */
    .global psci
psci:
    hvc     #0
    bx      lr

    .bss
    .balign 8
    .space  4096
stack0_top:
    .space  4096
stack1_top:
