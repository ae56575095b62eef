/* Output and exit for the CPU test programs: the test device, or Linux syscalls under qemu-arm. */
#include "common.h"
    .text
    .arm

    .global putc
    .type putc, %function
putc:
#ifdef QEMU_USER
    push {r0-r3, r7, lr}
    mov r1, sp
    mov r0, #1
    mov r2, #1
    mov r7, #4
    svc #0
    pop {r0-r3, r7, pc}
#else
    push {r1, lr}
    ldr r1, =TESTDEV
    str r0, [r1, #TESTDEV_PUTC]
    pop {r1, pc}
#endif

    .global exit
    .type exit, %function
exit:
#ifdef QEMU_USER
    mov r7, #1
    svc #0
#else
    ldr r1, =TESTDEV
    str r0, [r1, #TESTDEV_EXIT]
#endif
    b .

    .global puts
    .type puts, %function
puts:
    push {r4, lr}
    mov r4, r0
1:  ldrb r0, [r4], #1
    cmp r0, #0
    popeq {r4, pc}
    bl putc
    b 1b

    .global puthex
    .type puthex, %function
puthex:
    push {r4, r5, r6, lr}
    mov r4, r0
    mov r5, #8
1:  mov r0, r4, lsr #28
    cmp r0, #10
    addlo r0, r0, #'0'
    addhs r0, r0, #('a' - 10)
    bl putc
    mov r4, r4, lsl #4
    subs r5, r5, #1
    bne 1b
    pop {r4, r5, r6, pc}

/* fail(id): prints "FAIL <id> at <caller>" and exits with status 1. */
    .global fail
    .type fail, %function
fail:
    mov r5, r0
    mov r6, lr
    adr r0, failmsg
    bl puts
    mov r0, r5
    bl puthex
    adr r0, atmsg
    bl puts
    mov r0, r6
    bl puthex
    mov r0, #'\n'
    bl putc
    mov r0, #1
    bl exit

    .global pass
    .type pass, %function
pass:
    adr r0, passmsg
    bl puts
    mov r0, #0
    bl exit

failmsg: .asciz "FAIL "
atmsg:   .asciz " at "
passmsg: .asciz "PASS\n"
    .align 2
    .ltorg
