/* The benchmark's mixed integer loop (ALU with shifts, multiply, loads and stores, conditional execution,
 * a taken branch): "iterations" rounds, then a check of the checksum (confirmed on qemu-arm). The JMH
 * benchmark patches "iterations" to run for as long as it measures. */
#include "common.h"
#ifndef CHECKSUM
#define CHECKSUM 0x8479aaba
#endif
    ARM_MAIN
    ldr r0, =iterations
    ldr r0, [r0]
    mov r1, #0
    mov r2, #1
    ldr r4, =table
loop:
    add r1, r1, r2
    eor r3, r1, r1, lsl #3
    and r5, r3, #0xff
    orr r1, r1, r5, lsr #1
    mul r6, r5, r2
    str r6, [r4, r5, lsl #2]
    ldr r7, [r4, #8]
    sub r1, r1, r7
    add r2, r2, #3
    cmp r5, #0x80
    addhi r1, r1, #1
    subs r0, r0, #1
    bne loop
#ifdef PRINT_CHECKSUM
    /* to re-derive CHECKSUM: make CFLAGS_EXTRA=-DPRINT_CHECKSUM bench_loop-user.elf, run it on qemu-arm */
    mov r0, r1
    bl puthex
#endif
    CHECK r1, CHECKSUM, 0x601
    pop {r4-r11, pc}

    .ltorg

    .data
    /* The first word of .data: 0x80001000, where the benchmark patches the count. */
    .global iterations
iterations: .word 100000
    .align 3
table: .space 1024
