/* Decoded code is not shared between privilege levels: a function in a section only PL1 may access is
 * executed (and decoded) in SVC mode, then User mode branches to it and must take a Prefetch Abort
 * (section permission fault, IFSR FS = 0b01101, IFAR = the address). */
#include "common.h"
#define KPAGE 0x80200000
#define TTB 0x80f00000
    ARM_MAIN
    ldr r0, =pabt_handler
    ldr r1, =pabt_handler_ptr
    str r0, [r1]
    ldr r0, =svc_handler
    ldr r1, =svc_handler_ptr
    str r0, [r1]
    /* copy kfunc to KPAGE */
    ldr r0, =kfunc
    ldr r1, =KPAGE
    ldm r0, {r2, r3}
    stm r1, {r2, r3}
    /* the section of KPAGE: PL1 read/write, no PL0 access (AP[1:0] = 01), Normal memory */
    ldr r0, =TTB + (KPAGE >> 20) * 4
    ldr r1, =KPAGE | 0x400 | 0xc | 0x2
    str r1, [r0]
    dsb
    mcr p15, 0, r0, c8, c7, 0       @ TLBIALL
    mcr p15, 0, r0, c7, c5, 0       @ ICIALLU
    dsb
    isb
    mov r0, #0
    ldr r1, =KPAGE
    blx r1
    CHECK r0, 0x33, 0xa01
    /* User mode: the same address must fault */
    mov r9, sp
    mov r10, #0
    cps #0x10
    ldr sp, =0x800fa000
    mov r0, #0
    ldr r1, =KPAGE
    blx r1
    b user_after                    @ reached only if the call was (wrongly) allowed
user_after:
    svc #0                          @ back to System mode
    cps #0x13
    mov sp, r9
    CHECK r10, 1, 0xa02
    CHECK r0, 0, 0xa03
    CHECK r11, KPAGE + 4, 0xa04
    mrc p15, 0, r1, c5, c0, 1       @ IFSR
    ldr r2, =0x40f
    and r1, r1, r2
    CHECK r1, 0xd, 0xa05
    mrc p15, 0, r1, c6, c0, 2       @ IFAR
    CHECK r1, KPAGE, 0xa06
    pop {r4-r11, pc}

kfunc:
    mov r0, #0x33
    bx lr

pabt_handler:
    mov r10, #1
    mov r11, lr
    ldr lr, =user_after
    movs pc, lr

svc_handler:
    mrs r12, spsr
    orr r12, r12, #0x1f
    msr spsr_cxsf, r12
    movs pc, lr
    .ltorg
