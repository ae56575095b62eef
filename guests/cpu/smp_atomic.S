/* Two vCPUs increment one counter with LDREX/STREX 100000 times each; CPU 0 waits for CPU 1 and checks
 * that no increment was lost (the global monitor: an STREX after another CPU's update fails and retries). */
#include "common.h"
#define ROUNDS 100000
    .text
    .arm
    .global main
    .type main, %function
main:
    mrc p15, 0, r5, c0, c0, 5       @ MPIDR: Aff0 = CPU number
    and r5, r5, #0xff
    sub sp, sp, r5, lsl #12         @ a stack per CPU
    push {r4-r11, lr}
    ldr r4, =counter
    ldr r3, =ROUNDS
1:  ldrex r1, [r4]
    add r1, r1, #1
    strex r2, r1, [r4]
    cmp r2, #0
    bne 1b
    subs r3, r3, #1
    bne 1b
    ldr r6, =done
    cmp r5, #0
    bne secondary
2:  ldr r0, [r6]
    cmp r0, #0
    beq 2b
    ldr r1, [r4]
    CHECK r1, 2 * ROUNDS, 0x901
    pop {r4-r11, pc}
secondary:
    mov r0, #1
    str r0, [r6]
3:  wfi
    b 3b
    .ltorg

    .data
    .align 3
counter: .word 0
    .align 6
done: .word 0
