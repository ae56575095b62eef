/*
 * KVM_EXIT_ARM_NISV guest: loads and stores to devices that a stage 2 abort reports without a valid
 * instruction syndrome (write-back addressing, STM/LDM, STRD/LDRD, and a T32 post-indexed store), so KVM
 * hands each instruction to the VMM to emulate. Entered like a kernel (SVC, MMU off) on vexpress-a15.
 * Prints "abcdef" (one character per emulated store) and "KVM-NISV-OK", or "KVM-NISV-FAIL n" with the
 * number of the check that failed, then powers off through PSCI SYSTEM_OFF (HVC).
 */
    .syntax unified
    .arch armv7-a
    .arch_extension virt
    .arm

#define UART0           0x1c090000      /* PL011: UARTDR at 0x0, UARTRSR/UARTECR at 0x4 */
#define SYSREGS         0x1c010000      /* V2M-P1: SYS_ID at 0x0, SYS_SW at 0x4 */
#define SYS_ID_V2M_P1   0x1190f500
#define PSCI_SYSTEM_OFF 0x84000008

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
    mov     r10, r7
    mov     r2, #0
    ldmia   r10!, {r2, r3}
    sub     r11, r10, r7
    cmp     r11, #8
    cmpeq   r2, r8
    cmpeq   r3, r9
    movne   r0, #'6'
    bne     fail
    mov     r1, #'e'
    str     r1, [r4]
    /* 7: T32 post-indexed STR.W, then back to A32 */
    adr     r12, thumb_part + 1
    blx     r12
    cmp     r0, #0
    bne     fail
    adr     r1, okmsg
    bl      puts
    b       off

fail:       /* r0: the number of the failed check */
    mov     r6, r0
    adr     r1, failmsg
    bl      puts
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
