/* LDREX/STREX in every size, the local monitor (a store without a matching LDREX fails, CLREX clears,
 * a mismatched address fails), and an atomic increment loop in ARM and Thumb. Unprivileged. */
#include "common.h"
    ARM_MAIN
    ldr r4, =cell
    mov r0, #5
    str r0, [r4]

    ldrex r1, [r4]
    CHECK r1, 5, 0x301
    add r1, r1, #1
    strex r2, r1, [r4]
    CHECK r2, 0, 0x302
    ldr r1, [r4]
    CHECK r1, 6, 0x303
    /* a second STREX without LDREX fails and stores nothing */
    mov r1, #99
    strex r2, r1, [r4]
    CHECK r2, 1, 0x304
    ldr r1, [r4]
    CHECK r1, 6, 0x305
    /* CLREX clears the monitor */
    ldrex r1, [r4]
    clrex
    strex r2, r1, [r4]
    CHECK r2, 1, 0x306
    /* bytes and halfwords */
    ldrexb r1, [r4]
    CHECK r1, 6, 0x307
    mov r1, #0xab
    strexb r2, r1, [r4]
    CHECK r2, 0, 0x308
    ldrexh r1, [r4]
    CHECK r1, 0xab, 0x309
    ldr r1, =0xbeef
    strexh r2, r1, [r4]
    CHECK r2, 0, 0x30a
    ldr r1, [r4]
    CHECK r1, 0xbeef, 0x30b
    /* doubleword */
    ldrexd r6, r7, [r4]
    CHECK r6, 0xbeef, 0x30c
    ldr r6, =0x11111111
    ldr r7, =0x22222222
    strexd r2, r6, r7, [r4]
    CHECK r2, 0, 0x30d
    ldr r1, [r4, #4]
    CHECK r1, 0x22222222, 0x30e
    /* atomic increment loops */
    mov r0, #0
    str r0, [r4]
    mov r3, #100
1:  ldrex r1, [r4]
    add r1, r1, #1
    strex r2, r1, [r4]
    cmp r2, #0
    bne 1b
    subs r3, r3, #1
    bne 1b
    ldr r1, [r4]
    CHECK r1, 100, 0x30f
    bl thumb_part
    pop {r4-r11, pc}

    .thumb
    .type thumb_part, %function
    .thumb_func
thumb_part:
    push {r4, lr}
    ldr r4, =cell
    movs r3, #50
1:  ldrex r1, [r4]
    adds r1, #2
    strex r2, r1, [r4]
    cmp r2, #0
    bne 1b
    subs r3, #1
    bne 1b
    ldr r1, [r4]
    CHECK r1, 200, 0x310
    /* STREX after CLREX in Thumb */
    ldrex r1, [r4]
    clrex
    strex r2, r1, [r4]
    CHECK r2, 1, 0x311
    pop {r4, pc}
    .ltorg

    .data
    .align 3
cell: .word 0, 0
