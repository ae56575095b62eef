/* Entry and exception vectors at 0x80000000; reset points VBAR here and sets up a stack per mode. */
#include "common.h"
    .section .vectors, "ax"
    .arm
    .global _start
_start:
    b reset
    b und_vector
    b svc_vector
    b pabt_vector
    b dabt_vector
    b .
    b irq_vector
    b fiq_vector

/* Each vector jumps through a pointer the test may replace (handlers below fail the test). */
und_vector:  ldr pc, und_handler_ptr
svc_vector:  ldr pc, svc_handler_ptr
pabt_vector: ldr pc, pabt_handler_ptr
dabt_vector: ldr pc, dabt_handler_ptr
irq_vector:  ldr pc, irq_handler_ptr
fiq_vector:  ldr pc, fiq_handler_ptr

    .global und_handler_ptr, svc_handler_ptr, pabt_handler_ptr, dabt_handler_ptr, irq_handler_ptr, fiq_handler_ptr
und_handler_ptr:  .word unexpected_und
svc_handler_ptr:  .word unexpected_svc
pabt_handler_ptr: .word unexpected_pabt
dabt_handler_ptr: .word unexpected_dabt
irq_handler_ptr:  .word unexpected_irq
fiq_handler_ptr:  .word unexpected_fiq

reset:
#ifndef QEMU_USER
    /* Vectors here: VBAR = _start (SCTLR.V is 0 at reset). */
    ldr r0, =_start
    mcr p15, 0, r0, c12, c0, 0
    isb
    /* A stack for every mode, 4 KiB each, below 0x80100000. */
    cps #0x11
    ldr sp, =0x800fb000
    cps #0x12
    ldr sp, =0x800fc000
    cps #0x17
    ldr sp, =0x800fd000
    cps #0x1b
    ldr sp, =0x800fe000
    cps #0x1f
    ldr sp, =0x800ff000
    cps #0x13
    ldr sp, =0x80100000
    /* Translation on with a flat map, the first-level table at 0x80f00000: RAM (16 MiB at 0x80000000)
     * Normal memory, everything else Device. With the MMU off every data access is Strongly-ordered and an
     * unaligned one is an alignment fault (ARM ARM A3.2.1, A3.5.7); the programs check ARMv7 unaligned
     * LDR/LDRH on RAM, which needs Normal memory. */
    ldr r0, =0x80f00000
    mov r1, #0
1:  mov r2, r1, lsl #20
    orr r2, r2, #0xc00              @ AP[1:0] = 11: full access
    orr r2, r2, #0x2                @ section
    cmp r1, #0x800
    blo 2f
    cmp r1, #0x810
    orrlo r2, r2, #0xc              @ C, B: Normal write-back
    blo 3f
2:  orr r2, r2, #0x4                @ B: Shareable Device
3:  str r2, [r0, r1, lsl #2]
    add r1, r1, #1
    cmp r1, #0x1000
    blo 1b
    dsb
    mcr p15, 0, r0, c2, c0, 0       @ TTBR0
    mov r1, #0
    mcr p15, 0, r1, c2, c0, 2       @ TTBCR: short descriptors, TTBR0 only
    mov r1, #1
    mcr p15, 0, r1, c3, c0, 0       @ DACR: domain 0 client
    mcr p15, 0, r1, c8, c7, 0       @ TLBIALL
    dsb
    mrc p15, 0, r1, c1, c0, 0
    orr r1, r1, #1
    mcr p15, 0, r1, c1, c0, 0       @ SCTLR.M
    isb
#endif
    bl main
    b pass

unexpected_und:  mov r0, #0xe1
    b unexpected
unexpected_svc:  mov r0, #0xe2
    b unexpected
unexpected_pabt: mov r0, #0xe3
    b unexpected
unexpected_dabt: mov r0, #0xe4
    b unexpected
unexpected_irq:  mov r0, #0xe6
    b unexpected
unexpected_fiq:  mov r0, #0xe7
unexpected:
    mov r4, lr
    bl fail
    .ltorg
