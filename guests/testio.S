/* Output and exit for the bare-metal test programs (guests/cpu, guests/mmu, guests/psci), on the platform
 * the build selects: armvmm's test device (default), Linux system calls under qemu-arm (-DQEMU_USER),
 * semihosting under qemu-system-arm (-DQEMU_SYSTEM), or a PL011 UART at PL011_BASE (-DPL011_BASE=..., output
 * only: such a program ends itself, e.g. by PSCI SYSTEM_OFF). With -DFAIL_SHOWS_GOT, fail() also prints r11: the
 * MMU programs keep there the value a failed check got. */
#include "testdev.h"
    .text
    .arm

    .global putc
    .type putc, %function
putc:
#if defined(QEMU_USER)
    push {r0-r3, r7, lr}
    mov r1, sp
    mov r0, #1
    mov r2, #1
    mov r7, #4                      @ write(1, sp, 1)
    svc #0
    pop {r0-r3, r7, pc}
#elif defined(PL011_BASE)
    push {r1, r2, lr}
    ldr r1, =PL011_BASE
1:  ldr r2, [r1, #0x18]             @ UARTFR
    tst r2, #0x20                   @ TXFF: wait while the FIFO is full
    bne 1b
    str r0, [r1]                    @ UARTDR
    pop {r1, r2, pc}
#elif defined(QEMU_SYSTEM)
    push {r0-r3, lr}
    mov r1, sp                      @ SYS_WRITEC takes the address of the character
    mov r0, #0x03
    svc #0x123456
    pop {r0-r3, pc}
#else
    push {r1, lr}
    ldr r1, =TESTDEV
    str r0, [r1, #TESTDEV_PUTC]
    pop {r1, pc}
#endif

    .global exit
    .type exit, %function
exit:
#if defined(QEMU_USER)
    mov r7, #1                      @ exit(r0)
    svc #0
#elif defined(QEMU_SYSTEM)
    cmp r0, #0
    ldreq r1, =0x20026              @ ADP_Stopped_ApplicationExit: qemu exits 0
    ldrne r1, =0x20023              @ ADP_Stopped_RunTimeErrorUnknown: qemu exits 1
    mov r0, #0x18                   @ SYS_EXIT
    svc #0x123456
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

/* fail(id): prints "FAIL <id> at <caller>" (and " got <r11>") and exits with status 1. */
    .global fail
    .type fail, %function
fail:
    mov r5, r0
    mov r6, lr
    mov r7, r11
    adr r0, failmsg
    bl puts
    mov r0, r5
    bl puthex
    adr r0, atmsg
    bl puts
    mov r0, r6
    bl puthex
#ifdef FAIL_SHOWS_GOT
    adr r0, gotmsg
    bl puts
    mov r0, r7
    bl puthex
#endif
    mov r0, #'\n'
    bl putc
    mov r0, #1
    bl exit

/* pass(): prints "PASS" and exits with status 0. */
    .global pass
    .type pass, %function
pass:
    adr r0, passmsg
    bl puts
    mov r0, #0
    bl exit

failmsg: .asciz "FAIL "
atmsg:   .asciz " at "
gotmsg:  .asciz " got "
passmsg: .asciz "PASS\n"
    .align 2
    .ltorg
