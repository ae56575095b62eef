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
