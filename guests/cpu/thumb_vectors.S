/* Exceptions taken to Thumb handlers (SCTLR.TE = 1, as a Thumb-2 kernel runs): a Thumb vector table, SVC
 * from ARM and from Thumb code returning with SUBS PC, LR (ERET form) and with SRS/RFE, a Data Abort
 * returning with SUBS PC, LR, #4 over the faulting instruction, an IRQ; back to TE = 0 at the end. */
#include "common.h"
#define UNMAPPED 0x20000000
    ARM_MAIN
    mrc p15, 0, r4, c12, c0, 0      @ keep the ARM vectors
    ldr r0, =tvectors
    mcr p15, 0, r0, c12, c0, 0
    mrc p15, 0, r5, c1, c0, 0
    orr r0, r5, #(1 << 30)          @ SCTLR.TE
    mcr p15, 0, r0, c1, c0, 0
    isb

    mov r10, #0
    mov r0, #7
    svc #1
    CHECK r0, 8, 0xb01
    CHECK r10, 0x13, 0xb02          @ handler ran in SVC mode

    ldr r1, =thumb_part
    blx r1
    CHECK r0, 0x99, 0xb04

    /* Data Abort: the Thumb handler skips the faulting ARM load */
    ldr r0, =UNMAPPED
    mov r1, #0x55
    mov r10, #0
dabt_site:
    ldr r1, [r0]
    CHECK r10, dabt_site + 8, 0xb05
    CHECK r1, 0x55, 0xb06

    /* IRQ to the Thumb handler */
    mov r10, #0
    ldr r6, =TESTDEV
    mov r0, #1
    str r0, [r6, #TESTDEV_IRQ]
    cpsie i
    nop
    cpsid i
    CHECK r10, 0x12, 0xb07

    mcr p15, 0, r5, c1, c0, 0       @ TE back to 0, ARM vectors back
    mcr p15, 0, r4, c12, c0, 0
    isb
    pop {r4-r11, pc}

    .thumb
    .type thumb_part, %function
    .thumb_func
thumb_part:
    push {lr}
    movs r0, #0x40
    svc #2                          @ the handler adds 0x59 and returns with SRS/RFE
    pop {pc}

/* --- the Thumb vector table: 32-byte aligned, one 4-byte Thumb branch per vector (executed as Thumb
 * only because SCTLR.TE made entry switch state; MRS reads CPSR.T as zero, so that is the check) --- */
    .align 5
tvectors:
    b.w .
    b.w .
    b.w t_svc
    b.w .
    b.w t_dabt
    b.w .
    b.w t_irq
    b.w .

t_svc:
    mrs r12, cpsr
    and r10, r12, #0x1f
    cmp r0, #7
    bne 1f
    adds r0, #1
    subs pc, lr, #0
1:  srsdb sp!, #0x13
    adds r0, #0x59
    rfeia sp!

t_dabt:
    mov r10, lr
    subs pc, lr, #4

t_irq:
    push {r0, r1}
    ldr r1, =TESTDEV
    movs r0, #0
    str r0, [r1, #TESTDEV_IRQ]
    mrs r10, cpsr
    and r10, r10, #0x1f
    pop {r0, r1}
    subs pc, lr, #4
    .ltorg
