/*
 * Entry, vectors and stacks of the checksum guest. Entered as a Linux kernel is (SVC mode, interrupts
 * masked, MMU off) on CPU 0; any other CPU only waits.
 */
#include "../startup.h"
    .syntax unified
    .arm
    .section .text.start, "ax"
    .global _start
_start:
    mrc     p15, 0, r4, c0, c0, 5           /* MPIDR.Aff0: only CPU 0 computes */
    ands    r4, r4, #0xff
    bne     idle
    ldr     r0, =vectors
    mcr     p15, 0, r0, c12, c0, 0          /* VBAR */
    /* CPACR: cp10 and cp11 at PL0 and PL1, then FPEXC.EN, so that VFP instructions run */
    mov     r0, #(0xf << 20)
    mcr     p15, 0, r0, c1, c0, 2
    isb
    mov     r0, #(1 << 30)
    vmsr    fpexc, r0
    cps     #0x12
    ldr     sp, =irq_stack_top
    cps     #0x13
    ldr     sp, =svc_stack_top
    CLEAR_BSS
    bl      guest_main
idle:
    wfi
    b       idle

    .balign 32
vectors:
    b       fatal
    b       fatal
    b       fatal
    b       fatal
    b       fatal
    b       fatal
    b       irq_entry
    b       fatal

irq_entry:
    sub     lr, lr, #4
    push    {r0-r3, r12, lr}
    bl      guest_irq
    ldm     sp!, {r0-r3, r12, pc}^

fatal:
    mrs     r0, cpsr
    and     r0, r0, #0x1f
    mov     r1, lr
    bl      guest_fatal
    b       idle

    .bss
    .balign 8
    .space  1024
irq_stack_top:
    .space  8192
svc_stack_top:
