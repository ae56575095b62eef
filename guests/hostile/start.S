/*
 * The hostile guest's entry (virt board: SVC mode, MMU off, at 0x40010000), its exception vectors and the
 * accesses that may fault. A Data Abort is recorded (DFSR, DFAR, the faulting PC) and the faulting
 * instruction skipped, so main sees a bus error as a result instead of dying of it; the probes are
 * single instructions in assembly so that "skip it" has one meaning.
 */
#include "../startup.h"
    .syntax unified
    .arm
    .arch_extension virt
    .arch_extension sec
    .section .text.start, "ax"
    .global _start
_start:
    cpsid   if
    cps     #0x17                       @ Abort mode: its own stack for the handler
    ldr     sp, =abt_stack_top
    cps     #0x1b                       @ Undefined mode too, in case a random write makes the guest run garbage
    ldr     sp, =abt_stack_top
    cps     #0x13
    ldr     sp, =svc_stack_top
    ldr     r0, =vectors
    mcr     p15, 0, r0, c12, c0, 0      @ VBAR (SCTLR.V is 0 out of reset on this board's entry)
    isb
    CLEAR_BSS
    bl      main
    .global psci_system_off
psci_system_off:
    ldr     r0, =0x84000008             @ PSCI SYSTEM_OFF: the VMM exits with status 0
    hvc     #0
2:  wfi
    b       2b

    .balign 32
vectors:
    b       .                           @ reset
    b       und_handler
    b       .                           @ SVC
    b       pabt_handler
    b       dabt_handler
    b       .
    b       .                           @ IRQ: masked throughout
    b       .                           @ FIQ: masked throughout

dabt_handler:
    push    {r0-r3, r12, lr}
    mrc     p15, 0, r0, c5, c0, 0       @ DFSR
    mrc     p15, 0, r1, c6, c0, 0       @ DFAR
    sub     r2, lr, #8                  @ the faulting instruction
    bl      abort_taken
    pop     {r0-r3, r12, lr}
    subs    pc, lr, #4                  @ on to the instruction after it

und_handler:
    push    {r0-r3, r12, lr}
    mov     r0, #0
    mov     r1, #0
    sub     r2, lr, #4
    bl      undef_taken
    pop     {r0-r3, r12, lr}
    movs    pc, lr

pabt_handler:
    mrc     p15, 0, r0, c5, c0, 1       @ IFSR
    mrc     p15, 0, r1, c6, c0, 2       @ IFAR
    sub     r2, lr, #4
    bl      prefetch_abort_taken        @ does not return: the guest cannot go on from a bad PC
    b       psci_system_off

/* uint32_t probe_read32(uint32_t pa): the word, or PROBE_ABORTED if the load aborted */
    .global probe_read32
probe_read32:
    mov     r1, r0
    ldr     r0, =0xdeadbeef
    ldr     r0, [r1]
    bx      lr

/* void probe_write32(uint32_t pa, uint32_t v), probe_write8(uint32_t pa, uint32_t v) */
    .global probe_write32
probe_write32:
    str     r1, [r0]
    bx      lr
    .global probe_write8
probe_write8:
    strb    r1, [r0]
    bx      lr

    .ltorg

/* The function the DMA case replaces: alone in its page (.patchcode), padded to one sector. */
    .section .patchcode, "ax"
    .global patched_fn
patched_fn:
    mov     r0, #0x11
    bx      lr
    .balign 512
patched_fn_end:

/* A page whose start the avail_event case makes the used ring (4 + 8 * 16 bytes), so that the ring's
 * avail_event field is the low halfword of evidx_fn's first instruction. */
    .section .evidxcode, "ax"
    .global evidx_page
evidx_page:
    .space  4 + 8 * 16
    .global evidx_fn
evidx_fn:
    mov     r0, #0x11
    bx      lr

/* The DMA case that overwrites the page it runs in: selfdma_kick(r0) stores to r0 (QueueNotify, or a
 * dummy word while it is being made hot), then runs selfdma_target, which the read has replaced. */
    .section .selfdmacode, "ax"
    .global selfdma_kick
selfdma_kick:
    push    {lr}
    mov     r1, #0
    str     r1, [r0]
    isb
    bl      selfdma_target
    pop     {pc}
    .balign 512
    .global selfdma_target
selfdma_target:
    mov     r0, #0x11
    bx      lr
    .balign 512

    .section .rodata
    .balign 4
    .global replacement_code
replacement_code:                       @ what the disk will hold for patched_fn: mov r0, #0x42; bx lr
    mov     r0, #0x42
    bx      lr

    .bss
    .balign 8
    .space  8192
svc_stack_top:
    .space  1024
abt_stack_top:
