/* Processor modes and banking (privileged; runs only on the VMM): SP/LR banked per mode, R8-R12 banked in
 * FIQ, System mode sharing the User registers, MRS/MSR banked forms, MSR CPSR_c and SPSR, CPS, User mode
 * unable to change mode or masks, STM/LDM user-register forms, SETEND big-endian data. */
#include "common.h"
    ARM_MAIN
    mov r9, sp
    /* give every mode distinct SP/LR values, FIQ distinct R8-R12 */
    cps #0x11
    mov r8, #0x81
    mov r12, #0x8c
    mov sp, #0x1100
    mov lr, #0x1101
    cps #0x12
    mov sp, #0x1200
    mov lr, #0x1201
    cps #0x17
    mov sp, #0x1700
    mov lr, #0x1701
    cps #0x1b
    mov sp, #0x1b00
    mov lr, #0x1b01
    cps #0x1f
    mov r8, #0x18
    mov r12, #0x1c
    mov sp, #0x1f00
    mov lr, #0x1f01
    cps #0x13
    mov r4, lr
    CHECK r8, 0x18, 0x501
    CHECK r12, 0x1c, 0x502
    CHECK sp, 0x80100000 - 36, 0x504
    cps #0x11
    CHECK r8, 0x81, 0x505
    CHECK r12, 0x8c, 0x506
    CHECK sp, 0x1100, 0x507
    cps #0x12
    CHECK sp, 0x1200, 0x508
    CHECK lr, 0x1201, 0x509
    CHECK r8, 0x18, 0x50a
    cps #0x10
    CHECK sp, 0x1f00, 0x50b
    CHECK lr, 0x1f01, 0x50c
    /* User mode cannot change mode or masks: CPS is a NOP and MSR CPSR_c ignores those bits */
    cps #0x13
    mrs r0, cpsr
    and r0, r0, #0x1f
    CHECK r0, 0x10, 0x50d
    mov r0, #0xd3
    msr cpsr_c, r0
    mrs r0, cpsr
    and r0, r0, #0xff
    CHECK r0, 0xd0, 0x50e
    /* back to SVC through SVC */
    ldr r0, =svc_to_sys
    ldr r1, =svc_handler_ptr
    str r0, [r1]
    svc #0
    mrs r0, cpsr
    and r0, r0, #0x1f
    CHECK r0, 0x1f, 0x50f
    cps #0x13
    mov sp, r9

    /* MSR CPSR_c mode switch and MSR SPSR */
    mrs r5, cpsr
    bic r0, r5, #0x1f
    orr r0, r0, #0x17
    msr cpsr_c, r0
    CHECK sp, 0x1700, 0x510
    ldr r0, =0xf00001d3
    msr spsr_fsxc, r0
    mrs r1, spsr
    CHECK r1, 0xf00001d3, 0x511
    msr cpsr_c, r5
    CHECK sp, 0x80100000 - 36, 0x512

    /* banked-register MRS/MSR from SVC mode */
    mrs r0, sp_irq
    CHECK r0, 0x1200, 0x520
    mrs r0, lr_und
    CHECK r0, 0x1b01, 0x521
    mrs r0, r8_fiq
    CHECK r0, 0x81, 0x522
    mrs r0, sp_usr
    CHECK r0, 0x1f00, 0x523
    mrs r0, spsr_abt
    CHECK r0, 0xf00001d3, 0x524
    mov r0, #0x4444
    msr lr_abt, r0
    ldr r0, =0x200001d7
    msr spsr_irq, r0
    cps #0x17
    CHECK lr, 0x4444, 0x525
    cps #0x12
    mrs r0, spsr
    CHECK r0, 0x200001d7, 0x526
    cps #0x13

    /* STM/LDM user-register forms from SVC mode */
    ldr r6, =scratch
    stmia r6, {r8, sp, lr}^
    ldr r0, [r6, #4]
    CHECK r0, 0x1f00, 0x530
    mov r0, #0x3300
    str r0, [r6, #4]
    ldmia r6, {r8, sp}^
    nop
    mrs r0, sp_usr
    CHECK r0, 0x3300, 0x531

    /* CPS masks and mode, MSR CPSR_f flags */
    cpsid aif
    mrs r0, cpsr
    and r0, r0, #0x1c0
    CHECK r0, 0x1c0, 0x540
    cpsie af
    mrs r0, cpsr
    and r0, r0, #0x1c0
    CHECK r0, 0x080, 0x541
    cpsid f, #0x1b
    mrs r0, cpsr
    ubfx r0, r0, #0, #9
    CHECK r0, 0x0db, 0x542
    CHECK sp, 0x1b00, 0x543
    cps #0x13
    mov r0, #0x50000000
    msr cpsr_f, r0
    CHECKF 0x5, 0x544

    /* SETEND: big-endian loads and stores */
    ldr r0, =0x11223344
    setend be
    str r0, [r6]
    ldr r1, [r6]
    ldrh r2, [r6]
    setend le
    CHECK r1, 0x11223344, 0x550
    CHECK r2, 0x1122, 0x551
    ldr r1, [r6]
    CHECK r1, 0x44332211, 0x552
    ldrb r1, [r6]
    CHECK r1, 0x11, 0x553

    mov sp, r9
    pop {r4-r11, pc}

svc_to_sys:
    mrs r12, spsr
    orr r12, r12, #0x1f
    msr spsr_cxsf, r12
    movs pc, lr
    .ltorg

    .data
    .align 3
scratch: .space 32
