/* Every vCPU increments one counter with LDREX/STREX 100000 times; CPU 0 waits until the others have said
 * they are done and checks that no increment was lost (the global monitor: an STREX after another CPU's
 * update fails and retries). The CPU count is the Cortex-A15's L2CTLR[25:24] + 1, so the same image checks
 * 1, 2 or 4 vCPUs. The "done" count is itself incremented with LDREX/STREX. */
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
    mrc p15, 1, r7, c9, c0, 2       @ L2CTLR: [25:24] = CPUs - 1
    ubfx r7, r7, #24, #2
2:  ldr r0, [r6]
    cmp r0, r7
    bne 2b
    dmb
    ldr r1, [r4]
    ldr r2, =ROUNDS
    add r7, r7, #1
    mul r2, r7, r2                  @ CPUs * ROUNDS
    cmp r1, r2
    beq 4f
    ldr r0, =0x901
    bl fail
4:  pop {r4-r11, pc}
secondary:
    dmb
5:  ldrex r0, [r6]
    add r0, r0, #1
    strex r2, r0, [r6]
    cmp r2, #0
    bne 5b
3:  wfi
    b 3b
    .ltorg

    .data
    .align 3
counter: .word 0
    .align 6
done: .word 0
