/*
 * KVM_EXIT_ARM_NISV guest: loads and stores to devices that a stage 2 abort reports without a valid
 * instruction syndrome (write-back addressing, STM/LDM, STRD/LDRD, and a T32 post-indexed store), so KVM
 * hands each instruction to the VMM to emulate. Entered like a kernel (SVC, MMU off) on vexpress-a15.
 * Then a load from where nothing is mapped must take a Data Abort. Prints "abcdefg"
 * (one character per check passed) and "KVM-NISV-OK", or "KVM-NISV-FAIL n" with the number of the check
 * that failed, then powers off through PSCI SYSTEM_OFF (HVC).
 */
    .syntax unified
    .arch armv7-a
    .arch_extension virt
    .arm

#define UART0           0x1c090000      /* PL011: UARTDR at 0x0, UARTRSR/UARTECR at 0x4 */
#define SYSREGS         0x1c010000      /* V2M-P1: SYS_ID at 0x0, SYS_SW at 0x4 */
#define SYS_ID_V2M_P1   0x1190f500
#define PSCI_SYSTEM_OFF 0x84000008
#define NOTHING_MAPPED  0x40000000      /* no device, no RAM */

    .section .text.start, "ax"
    .global _start
_start:
    ldr     r4, =UART0
    /* 1: post-indexed store, base written back */
    mov     r5, r4
    mov     r1, #'a'
    str     r1, [r5], #4
    sub     r6, r5, r4
    cmp     r6, #4
    movne   r0, #'1'
    bne     fail
    /* 2: pre-indexed store with write-back */
    mov     r1, #'b'
    str     r1, [r5, #-4]!
    cmp     r5, r4
    movne   r0, #'2'
    bne     fail
    /* 3: STM: 'c' to UARTDR, 0 to UARTECR */
    mov     r1, #'c'
    mov     r2, #0
    stm     r4, {r1, r2}
    /* 4: STRD: 'd' to UARTDR, 0 to UARTECR */
    mov     r2, #'d'
    mov     r3, #0
    strd    r2, r3, [r4]
    /* 5: LDRD from the system registers reads what two single loads read, SYS_ID first */
    ldr     r7, =SYSREGS
    ldr     r8, [r7]
    ldr     r9, [r7, #4]
    ldr     r12, =SYS_ID_V2M_P1
    mov     r2, #0
    mov     r3, #0
    ldrd    r2, r3, [r7]
    cmp     r8, r12
    cmpeq   r2, r8
    cmpeq   r3, r9
    movne   r0, #'5'
    bne     fail
    /* 6: LDM with write-back */
    mov     r11, #0
    mov     r10, r7
    mov     r2, #0
    ldmia   r10!, {r2, r3}
    sub     r12, r10, r7
    cmp     r12, #8
    cmpeq   r2, r8
    cmpeq   r3, r9
    movne   r0, #'6'
    bne     fail
    mov     r1, #'e'
    str     r1, [r4]
    /* 7: T32 post-indexed STR.W, then back to A32 */
    ldr     r12, =thumb_part + 1
    blx     r12
    cmp     r0, #0
    bne     fail
    /* 8: a load from where nothing is mapped takes a synchronous external Data Abort (as under TCG) */
    adr     r0, vectors
    mcr     p15, 0, r0, c12, c0, 0          /* VBAR */
    isb
    mov     r11, #0
    ldr     r1, =NOTHING_MAPPED
    mov     r9, #0
    mov     r10, #0
    ldr     r2, [r1]
after_abort:
    ldr     r12, =NOTHING_MAPPED
    cmp     r11, #1
    cmpeq   r10, r12                        /* DFAR: the faulting address */
    andeq   r9, r9, #0xf
    cmpeq   r9, #0x8                        /* DFSR.FS: synchronous external abort */
    movne   r0, #'8'
    bne     fail
    mov     r1, #'g'
    str     r1, [r4]
    adr     r1, okmsg
    bl      puts
    b       off

fail:       /* r0: the number of the failed check */
    mov     r6, r0
    adr     r1, failmsg
    bl      puts
    str     r6, [r4]
    add     r6, r11, #'0'                   /* and how many data aborts were taken */
    str     r6, [r4]
off:
    ldr     r0, =PSCI_SYSTEM_OFF
    hvc     #0
1:  wfi
    b       1b

puts:       /* r1: NUL-terminated string; plain stores, which KVM decodes itself */
    ldrb    r2, [r1]
    add     r1, r1, #1
    cmp     r2, #0
    bxeq    lr
    str     r2, [r4]
    b       puts

    .balign 32
vectors:    /* any exception but a data abort ends the test with a letter for its vector */
    b       v_reset
    b       v_undef
    b       v_svc
    b       v_pabt
    b       data_abort
    b       v_hyp
    b       v_irq
    b       v_fiq
v_reset:    mov r0, #'R'
    b       fail
v_undef:    mov r0, #'U'
    b       fail
v_svc:      mov r0, #'S'
    b       fail
v_pabt:     mov r0, #'P'
    b       fail
v_hyp:      mov r0, #'H'
    b       fail
v_irq:      mov r0, #'I'
    b       fail
v_fiq:      mov r0, #'F'
    b       fail

data_abort: /* counts the abort, takes DFSR and DFAR, and goes back to SVC mode after the aborted load */
    add     r11, r11, #1
    mrc     p15, 0, r9, c5, c0, 0           /* DFSR */
    mrc     p15, 0, r10, c6, c0, 0          /* DFAR */
    cps     #0x13
    b       after_abort

    .thumb
    .thumb_func
thumb_part:
    mov     r5, r4
    movs    r1, #'f'
    str.w   r1, [r5], #4
    subs    r6, r5, r4
    cmp     r6, #4
    ite     eq
    moveq   r0, #0
    movne   r0, #'7'
    bx      lr

    .arm
    .balign 4
okmsg:      .asciz "\r\nKVM-NISV-OK\r\n"
failmsg:    .asciz "\r\nKVM-NISV-FAIL "
    .balign 4
    .ltorg
