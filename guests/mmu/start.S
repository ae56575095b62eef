/* Entry and exception vectors that record aborts for the MMU test programs (output and exit: ../testio.S). */
#include "mmu.h"
    .section .vectors, "ax"
    .arm
    .global _start
_start:
    b reset
    b unexpected_und
    b unexpected_svc
    b pabt
    b dabt
    b .
    b unexpected_irq
    b unexpected_fiq

reset:
    cpsid aif
    ldr r0, =_start
    mcr p15, 0, r0, c12, c0, 0      @ VBAR
    cps #0x17                       @ Abort mode stack
    ldr sp, =0x800fd000
    cps #0x1f                       @ System mode stack (shared with User mode)
    ldr sp, =0x800ff000
    cps #0x13
    ldr sp, =0x80100000
    bl main
    b pass

/* Data Abort: record DFSR and DFAR, resume at the next (A32) instruction. */
dabt:
    push {r0-r2, lr}
    mrc p15, 0, r0, c5, c0, 0
    mrc p15, 0, r1, c6, c0, 0
    bl record_fault
    pop {r0-r2, lr}
    subs pc, lr, #4

/* Prefetch Abort: record IFSR and IFAR, resume at pabt_resume. */
pabt:
    push {r0-r2, lr}
    mrc p15, 0, r0, c5, c0, 1
    mrc p15, 0, r1, c6, c0, 2
    bl record_fault
    pop {r0-r2, lr}
    ldr lr, =pabt_resume
    ldr lr, [lr]
    movs pc, lr

/* record_fault(fsr, far): keeps them and counts the abort. */
record_fault:
    ldr r2, =fault_fsr
    str r0, [r2]
    str r1, [r2, #4]
    ldr r0, [r2, #8]
    add r0, r0, #1
    str r0, [r2, #8]
    bx lr

unexpected_und:  mov r0, #0xe1
    b unexpected
unexpected_svc:  mov r0, #0xe2
    b unexpected
unexpected_irq:  mov r0, #0xe6
    b unexpected
unexpected_fiq:  mov r0, #0xe7
unexpected:
    bl fail
    .ltorg

    .data
    .global fault_fsr, fault_far, fault_count, pabt_resume
fault_fsr:   .word 0
fault_far:   .word 0
fault_count: .word 0
pabt_resume: .word 0

    .text
    .arm
/* fill_frames(): word i of FRAME_A holds 0xa0000000 + i and of FRAME_B 0xb0000000 + i (first 128 KB of
 * each); FRAME_A + 0x100 holds a function returning 42 (mov r0, #42; bx lr). */
    .global fill_frames
    .type fill_frames, %function
fill_frames:
    push {r4, lr}
    ldr r0, =FRAME_A
    ldr r1, =FRAME_B
    ldr r2, =0xa0000000
    ldr r3, =0xb0000000
    mov r4, #0x8000
1:  str r2, [r0], #4
    str r3, [r1], #4
    add r2, r2, #1
    add r3, r3, #1
    subs r4, r4, #1
    bne 1b
    ldr r0, =FRAME_A + 0x100
    ldr r1, =0xe3a0002a
    ldr r2, =0xe12fff1e
    stmia r0, {r1, r2}
    dsb
    pop {r4, pc}
