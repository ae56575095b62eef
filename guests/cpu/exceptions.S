/* Exceptions (privileged; runs only on the VMM): SVC from User mode and back, Undefined Instruction in ARM
 * and Thumb, Data Abort on an unmapped address (load and store), Prefetch Abort from BKPT, IRQ and FIQ
 * from the test device (masked and unmasked), Thumb state kept across exceptions, ITSTATE saved and
 * restored around an SVC inside an IT block, LDM ^ and SRS/RFE exception returns. */
#include "common.h"
#define UNMAPPED 0x20000000

    ARM_MAIN
    ldr r0, =svc_handler
    ldr r1, =svc_handler_ptr
    str r0, [r1]
    ldr r0, =und_handler
    ldr r1, =und_handler_ptr
    str r0, [r1]
    ldr r0, =dabt_handler
    ldr r1, =dabt_handler_ptr
    str r0, [r1]
    ldr r0, =pabt_handler
    ldr r1, =pabt_handler_ptr
    str r0, [r1]
    ldr r0, =irq_handler
    ldr r1, =irq_handler_ptr
    str r0, [r1]
    ldr r0, =fiq_handler
    ldr r1, =fiq_handler_ptr
    str r0, [r1]

    /* SVC from User mode; the handler returns a value and drops back to User mode */
    mov r9, sp
    cps #0x10
    ldr sp, =0x800fa000
    mov r0, #1
svc_site:
    svc #0x12
    CHECK r0, 0xabc, 0x401
    mrs r1, cpsr
    and r1, r1, #0x1f
    CHECK r1, 0x10, 0x402
    /* SVC #1 returns in System mode: the handler rewrote SPSR */
    mov r0, #2
    svc #1
    mrs r1, cpsr
    and r1, r1, #0x1f
    CHECK r1, 0x1f, 0x403
    cps #0x13
    mov sp, r9

    /* Undefined Instruction in ARM state: LR = the instruction + 4 */
    ldr r10, =0
und_site:
    .word 0xe7f000f0
    CHECK r10, und_site + 4, 0x404
    /* a coprocessor that does not exist is UNDEFINED too */
    mov r10, #0
cp_site:
    mrc p7, 0, r0, c0, c0, 0
    CHECK r10, cp_site + 4, 0x405

    /* Data Abort: load and store to an unmapped address; LR = the instruction + 8 */
    ldr r0, =UNMAPPED
    mov r10, #0
    mov r1, #0x77
dabt_site:
    ldr r1, [r0]
    CHECK r10, dabt_site + 8, 0x406
    CHECK r1, 0x77, 0x407
    /* DFAR = the address, DFSR = synchronous external abort (FS 0b01000), read */
    mrc p15, 0, r2, c6, c0, 0
    CHECK r2, UNMAPPED, 0x440
    mrc p15, 0, r2, c5, c0, 0
    CHECK r2, 0x8, 0x441
    mov r10, #0
dabt_site2:
    str r1, [r0, #4]
    CHECK r10, dabt_site2 + 8, 0x408
    mrc p15, 0, r2, c6, c0, 0
    CHECK r2, UNMAPPED + 4, 0x442
    mrc p15, 0, r2, c5, c0, 0
    CHECK r2, 0x808, 0x443
    /* cp15 from User mode: SCTLR is PL1 only, so UNDEFINED; TPIDRURO is readable */
    ldr r0, =0x5a5a
    mcr p15, 0, r0, c13, c0, 3
    cps #0x10
    mov r10, #0
cp15u_site:
    mrc p15, 0, r0, c1, c0, 0
    CHECK r10, cp15u_site + 4, 0x444
    mrc p15, 0, r0, c13, c0, 3
    CHECK r0, 0x5a5a, 0x445
    svc #1
    cps #0x13
    mov sp, r9
    /* an aborted LDM leaves its registers and base alone */
    ldr r0, =UNMAPPED
    mov r2, #0x11
    mov r3, #0x22
    mov r5, r0
    ldmia r5!, {r2, r3}
    CHECK r2, 0x11, 0x409
    CHECK r5, UNMAPPED, 0x40a

    /* BKPT is a Prefetch Abort with LR = the instruction + 4 */
    mov r10, #0
bkpt_site:
    bkpt #0x42
    CHECK r10, bkpt_site + 4, 0x40b

    /* IRQ: not taken while masked, taken when unmasked; LR_irq = next instruction + 4 */
    ldr r6, =TESTDEV
    mov r10, #0
    cpsid i
    mov r0, #1
    str r0, [r6, #TESTDEV_IRQ]
    nop
    nop
    CHECK r10, 0, 0x40c
    /* WFI returns at once with an interrupt pending, even masked */
    wfi
    cpsie i
irq_after:
    nop
    CHECK r10, 1, 0x40d
    CHECK r11, 0x12, 0x40e
    /* FIQ, masked by F only (the handler flags it in r7: r8-r14 are banked in FIQ mode) */
    mov r7, #0
    cpsid f
    mov r0, #1
    str r0, [r6, #TESTDEV_FIQ]
    nop
    CHECK r7, 0, 0x40f
    cpsie f
    nop
    CHECK r7, 2, 0x410
    cpsid if

    /* SMC: Monitor mode through MVBAR (the same table here, its SVC slot pointed at smc_handler) */
    ldr r0, =_start
    mcr p15, 0, r0, c12, c0, 1
    ldr r1, =svc_handler_ptr
    ldr r4, [r1]
    ldr r0, =smc_handler
    str r0, [r1]
    mov r10, #0
smc_site:
    smc #0
    str r4, [r1]
    CHECK r10, 0x16, 0x450
    CHECK r11, smc_site + 4, 0x451
    mrs r0, cpsr
    and r0, r0, #0x1f
    CHECK r0, 0x13, 0x452

    /* Thumb: UND (16-bit UDF, LR = +2) and SVC inside an IT block, ITSTATE restored on return */
    adr r0, thumb_part + 1
    blx r0

    pop {r4-r11, pc}

    .thumb
    .type thumb_part, %function
    .thumb_func
thumb_part:
    push {r4, lr}
    movs r0, #0
    mov r10, r0
tund_site:
    udf #1
    CHECK r10, tund_site + 2, 0x420
    movs r1, #0
    movs r2, #0
    movs r0, #3
    cmp r0, r0
    itete eq
    svceq #5
    movne r1, #1
    moveq r2, #2
    movne r1, #3
    CHECK r1, 0, 0x421
    CHECK r2, 2, 0x422
    CHECK r0, 0xabc, 0x423
    /* 32-bit Thumb UND: LR = the instruction + 2 as well */
    mov r10, #0
tund32_site:
    udf.w #2
    CHECK r10, tund32_site + 2, 0x424
    pop {r4, pc}
    .arm

/* --- handlers --- */
svc_handler:
    mrs r12, spsr
    tst r12, #0x20
    ldrhne r11, [lr, #-2]
    andne r11, r11, #0xff
    ldreq r11, [lr, #-4]
    biceq r11, r11, #0xff000000
    cmp r11, #1
    beq to_system
    cmp r11, #5
    beq thumb_svc
    ldr r12, =svc_site + 4
    cmp lr, r12
    movne r0, #0x4f0
    blne fail
    mrs r12, spsr
    and r12, r12, #0x1f
    cmp r12, #0x10
    movne r0, #0x4f1
    blne fail
    mov r0, #0xabc
    movs pc, lr
to_system:
    mrs r12, spsr
    orr r12, r12, #0x1f
    msr spsr_cxsf, r12
    movs pc, lr
thumb_svc:
    /* ITSTATE in the SPSR is already advanced past the SVC: "else" comes next */
    mrs r12, spsr
    ldr r11, =0x0600fc00
    and r12, r12, r11
    ldr r11, =0x04001400
    cmp r12, r11
    movne r0, #0x4f2
    blne fail
    mov r0, #0xabc
    srsdb sp!, #0x13
    rfeia sp!

und_handler:
    /* returns through LDM with PC and ^: CPSR from SPSR */
    push {lr}
    mov r10, lr
    ldmfd sp!, {pc}^

dabt_handler:
    mov r10, lr
    subs pc, lr, #4

pabt_handler:
    mov r10, lr
    movs pc, lr

irq_handler:
    push {r0, r1, lr}
    ldr r1, =TESTDEV
    mov r0, #0
    str r0, [r1, #TESTDEV_IRQ]
    mov r10, #1
    mrs r11, cpsr
    and r11, r11, #0x1f
    ldr r0, =irq_after + 4
    cmp lr, r0
    movne r11, #0
    ldmfd sp!, {r0, r1, lr}
    subs pc, lr, #4

smc_handler:
    mrs r10, cpsr
    and r10, r10, #0x1f
    mov r11, lr
    movs pc, lr

fiq_handler:
    mov r8, #0
    ldr r9, =TESTDEV
    str r8, [r9, #TESTDEV_FIQ]
    mov r7, #2
    subs pc, lr, #4
    .ltorg
