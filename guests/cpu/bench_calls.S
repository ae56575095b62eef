/* The benchmark's call-heavy loop, in Thumb as Debian's armhf userspace is: each round calls three small
 * functions (BL; returns by BX LR and by POP {pc}; one reached through a function pointer with BLX), the
 * shape of busybox's shell code, where translated code leaves its region at every return. "iterations"
 * rounds, then a check of the checksum (confirmed on qemu-arm). The JMH benchmark patches "iterations". */
#include "common.h"
#ifndef CHECKSUM
#define CHECKSUM 0x768729ac
#endif
    ARM_MAIN
    ldr r0, =iterations
    ldr r0, [r0]
    mov r1, #0
    ldr r4, =table
    ldr r5, =f3
    blx rounds
#ifdef PRINT_CHECKSUM
    /* to re-derive CHECKSUM: make CFLAGS_EXTRA=-DPRINT_CHECKSUM bench_calls-user.elf, run it on qemu-arm */
    mov r0, r1
    bl puthex
#endif
    CHECK r1, CHECKSUM, 0x701
    pop {r4-r11, pc}

    .ltorg

    .thumb
    .thumb_func
rounds:
    push {r6, lr}
1:  bl f1
    bl f2
    blx r5
    subs r0, r0, #1
    bne 1b
    pop {r6, pc}

    .thumb_func
f1: push {r4, lr}
    adds r1, r1, r0
    ldr r3, [r4]
    eors r1, r1, r3
    add r4, r4, #4
    pop {r4, pc}

    .thumb_func
f2: lsls r3, r1, #3
    adds r1, r1, r3
    and r3, r1, #0x3c
    str r1, [r4, r3]
    bx lr

    .thumb_func
f3: cmp r1, r0
    it hi
    subhi r1, r1, r0
    ror r1, r1, #7
    bx lr

    .data
    /* The first word of .data: 0x80001000, where the benchmark patches the count. */
    .global iterations
iterations: .word 100000
    .align 3
table: .space 1024
