/*
 * armvmm demo guest: entry, exception vectors and stacks. Entered like a Linux kernel (SVC mode,
 * interrupts masked, MMU off, r2 = DTB) at RAM base + 0x8000 on vexpress-a15.
 */
#include "../startup.h"
    .syntax unified
    .arm
    .section .text.start, "ax"
    .global _start
_start:
    /* The board parks every CPU but the first; still, a second CPU here must not run the demo twice. */
    mrc     p15, 0, r4, c0, c0, 5           /* MPIDR */
    ands    r4, r4, #0xff
    bne     park
    ldr     r0, =vectors
    mcr     p15, 0, r0, c12, c0, 0          /* VBAR */
    isb
    cps     #0x12                           /* IRQ mode: its own stack */
    ldr     sp, =irq_stack_top
    cps     #0x13                           /* back to SVC */
    ldr     sp, =svc_stack_top
    CLEAR_BSS
    bl      demo_main
park:
    wfi
    b       park

    .balign 32
vectors:
    b       fatal                           /* reset */
    b       fatal                           /* undefined instruction */
    b       fatal                           /* SVC */
    b       fatal                           /* prefetch abort */
    b       fatal                           /* data abort */
    b       fatal                           /* hyp trap (unused) */
    b       irq_entry                       /* IRQ */
    b       fatal                           /* FIQ */

irq_entry:
    sub     lr, lr, #4
    push    {r0-r3, r12, lr}
    bl      demo_irq
    ldm     sp!, {r0-r3, r12, pc}^

fatal:
    mrs     r0, cpsr
    and     r0, r0, #0x1f
    mov     r1, lr
    bl      demo_fatal
    b       park

    .bss
    .balign 8
    .space  1024
irq_stack_top:
    .space  4096
svc_stack_top:
