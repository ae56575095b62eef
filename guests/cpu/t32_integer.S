/* T32 (Thumb-2) integer instructions: 16- and 32-bit data processing, IT blocks, flag setting inside and
 * outside IT, multiplies and divides, DSP, loads/stores, LDM/STM, CBZ/CBNZ, TBB/TBH, interworking.
 * Unprivileged, so qemu-arm confirms every expected value. */
#include "common.h"
    .text
    .thumb
    .global main
    .type main, %function
    .thumb_func
main:
    push {r4-r11, lr}

    /* 16-bit forms */
    movs r0, #200
    CHECK r0, 200, 0x201
    adds r1, r0, #7
    CHECK r1, 207, 0x202
    subs r1, r1, #255
    CHECKF 0x8, 0x203
    CHECK r1, 0xffffffd0, 0x204
    movs r2, #3
    lsls r3, r2, #30
    CHECKF 0x8, 0x205
    lsrs r3, r2, #1
    CHECKF 0x2, 0x206
    asrs r3, r1, #2
    CHECK r3, 0xfffffff4, 0x207
    movs r4, #4
    lsls r3, r2, r4
    CHECK r3, 48, 0x208
    rors r3, r2, r4
    CHECK r3, 0x30000000, 0x209
    negs r3, r2
    CHECK r3, 0xfffffffd, 0x20a
    muls r3, r2, r3
    CHECK r3, 0xfffffff7, 0x20b
    mvns r3, r2
    CHECK r3, 0xfffffffc, 0x20c
    SETF 0x0
    movs r3, #0xf0
    ands r3, r2
    CHECKF 0x4, 0x20d
    movs r3, #0xf0
    orrs r3, r2
    CHECK r3, 0xf3, 0x20e
    eors r3, r2
    CHECK r3, 0xf0, 0x20f
    bics r3, r2
    CHECK r3, 0xf0, 0x210
    SETF 0x2
    adcs r3, r2
    CHECK r3, 0xf4, 0x211
    SETF 0x0
    sbcs r3, r2
    CHECK r3, 0xf0, 0x212
    cmp r2, #3
    CHECKF 0x6, 0x213
    cmn r2, r3
    CHECKF 0x0, 0x214
    SETF 0x0
    tst r2, r3
    CHECKF 0x4, 0x215
    mov r8, r2
    add r8, r8, r3
    CHECK r8, 0xf3, 0x216
    cmp r8, r2
    CHECKF 0x2, 0x217
    add r4, sp, #16
    mov r5, sp
    subs r4, r4, r5
    CHECK r4, 16, 0x218
    sub sp, #8
    add sp, #8
    adr r4, lit16
    ldr r4, [r4]
    CHECK r4, 0xfeedface, 0x219
    ldr r4, lit16
    CHECK r4, 0xfeedface, 0x21a
    POOL

    /* 32-bit data processing, modified immediates */
    mov r0, #0x00ab00ab
    CHECK r0, 0x00ab00ab, 0x220
    mov r0, #0xab00ab00
    CHECK r0, 0xab00ab00, 0x221
    mov r0, #0xabababab
    CHECK r0, 0xabababab, 0x222
    SETF 0x0
    movs r0, #0x80000000
    CHECKF 0xa, 0x223
    orn r1, r2, #0xff
    CHECK r1, 0xffffff03, 0x224
    orn r1, r2, r3, lsl #4
    CHECK r1, 0xfffff0ff, 0x225
    add r1, r2, r3, asr #2
    CHECK r1, 63, 0x226
    rsb r1, r2, #10
    CHECK r1, 7, 0x227
    addw r1, r2, #0xfff
    CHECK r1, 0x1002, 0x228
    subw r1, r2, #0x10
    CHECK r1, 0xfffffff3, 0x229
    movw r1, #0x1234
    movt r1, #0x5678
    CHECK r1, 0x56781234, 0x22a
    mov r1, r3, ror #4
    CHECK r1, 0x0000000f, 0x22b
    SETF 0x2
    movs r1, r3, rrx
    CHECK r1, 0x80000078, 0x22c
    movs r4, #16
    lsl r1, r2, r4
    CHECK r1, 0x30000, 0x22d
    asr r1, r3, r2
    CHECK r1, 30, 0x22e
    SETF 0x0
    teq r2, #3
    CHECKF 0x4, 0x22f
    cmp r2, r3, lsr #4
    CHECKF 0x8, 0x230
    cmn r2, #3
    CHECKF 0x0, 0x231

    /* IT blocks */
    movs r0, #1
    cmp r0, #1
    ite eq
    moveq r1, #10
    movne r1, #20
    CHECK r1, 10, 0x240
    cmp r0, #2
    itete eq
    moveq r1, #1
    movne r1, #2
    moveq r2, #3
    movne r2, #4
    CHECK r1, 2, 0x241
    CHECK r2, 4, 0x242
    movs r5, #0
    cmp r0, #1
    ittt eq
    addeq r5, #1
    addeq r5, #2
    addeq r5, #4
    CHECK r5, 7, 0x243
    /* 16-bit arithmetic inside an IT block leaves the flags alone */
    movs r5, #0
    SETF 0x4
    it eq
    addeq r5, r5, #0
    CHECKF 0x4, 0x244
    movs r6, #5
    cmp r6, #5
    it ne
    movne r6, #6
    CHECK r6, 5, 0x245
    cmp r0, #0
    it gt
    ldrgt r7, lit16
    CHECK r7, 0xfeedface, 0x246
    adr r7, 1f + 1
    cmp r0, #1
    it eq
    bxeq r7
    bl fail
1:  cmp r0, #1
    itt ne
    movne r0, #0x55
    bne 2f
    b 3f
2:  bl fail
3:  CHECK r0, 1, 0x247
    POOL

    /* multiplies and divides, DSP */
    movs r0, #7
    movs r1, #6
    mul r2, r0, r1
    CHECK r2, 42, 0x250
    mla r2, r0, r1, r0
    CHECK r2, 49, 0x251
    mls r2, r0, r1, r0
    CHECK r2, 0xffffffdd, 0x252
    mvn r0, #0
    umull r2, r3, r0, r0
    CHECK r2, 1, 0x253
    CHECK r3, 0xfffffffe, 0x254
    smull r2, r3, r0, r0
    CHECK r3, 0, 0x255
    mov r2, #5
    mov r3, #0
    smlal r2, r3, r0, r0
    CHECK r2, 6, 0x256
    umaal r2, r3, r0, r0
    CHECK r2, 7, 0x257
    CHECK r3, 0xfffffffe, 0x258
    ldr r0, =-100
    movs r1, #7
    sdiv r2, r0, r1
    CHECK r2, -14, 0x259
    udiv r2, r0, r1
    CHECK r2, 0x24924916, 0x25a
    ldr r0, =0x00030004
    ldr r1, =0xfffe0005
    smulbb r2, r0, r1
    CHECK r2, 20, 0x25b
    smultb r2, r0, r1
    CHECK r2, 15, 0x25c
    smlad r2, r0, r1, r0
    CHECK r2, 0x00030012, 0x25d
    smmul r2, r0, r1
    CHECK r2, 0xfffffffa, 0x25e
    smmulr r2, r0, r1
    CHECK r2, 0xfffffffa, 0x25f
    smlawt r2, r0, r1, r1
    CHECK r2, 0xfffdfffe, 0x260
    ldr r0, =0x7fffffff
    movs r1, #1
    qadd r2, r0, r1
    CHECK r2, 0x7fffffff, 0x261
    qsub r2, r0, r1
    CHECK r2, 0x7ffffffe, 0x262
    ssat r2, #10, r0
    CHECK r2, 0x1ff, 0x263
    usat r2, #10, r0, lsl #0
    CHECK r2, 0x3ff, 0x264
    ldr r0, =0x7f80ff01
    ldr r1, =0x01800101
    sadd16 r2, r0, r1
    CHECK r2, 0x81000002, 0x265
    uqsub8 r2, r0, r1
    CHECK r2, 0x7e00fe00, 0x266
    shasx r2, r0, r1
    CHECK r2, 0x4040fec0, 0x267
    sel r2, r0, r1
    CHECK r2, 0x7f80ff01, 0x268
    rbit r2, r0
    CHECK r2, 0x80ff01fe, 0x269
    rev r2, r0
    CHECK r2, 0x01ff807f, 0x26a
    rev16 r3, r0
    CHECK r3, 0x807f01ff, 0x26b
    revsh r3, r0
    CHECK r3, 0x01ff, 0x26c
    clz r3, r1
    CHECK r3, 7, 0x26d
    ubfx r3, r0, #8, #12
    CHECK r3, 0xff, 0x26e
    sbfx r3, r0, #8, #12
    CHECK r3, 0xff, 0x26f
    bfi r3, r1, #4, #4
    CHECK r3, 0x1f, 0x270
    bfc r3, #0, #16
    CHECK r3, 0, 0x271
    sxtb r3, r0
    CHECK r3, 1, 0x272
    uxtb16 r3, r0, ror #8
    CHECK r3, 0x007f00ff, 0x273
    sxtah r3, r1, r0
    CHECK r3, 0x01800002, 0x274
    pkhtb r3, r0, r1, asr #16
    CHECK r3, 0x7f800180, 0x275
    POOL

    /* loads and stores */
    ldr r4, =buffer
    ldr r0, =0x11223344
    str r0, [r4]
    ldrb r1, [r4, #3]
    CHECK r1, 0x11, 0x280
    ldrh.w r1, [r4, #1]
    CHECK r1, 0x2233, 0x281
    ldrsb r1, [r4, #-1]
    CHECK r1, 0, 0x282
    movs r5, #2
    ldrh r1, [r4, r5]
    CHECK r1, 0x1122, 0x283
    ldr.w r1, [r4, r5, lsl #1]
    CHECK r1, 0, 0x284
    mov r5, r4
    ldr r1, [r5, #4]!
    CHECK r5, buffer + 4, 0x285
    ldr r1, [r5], #-4
    CHECK r5, buffer, 0x286
    strb r0, [r4, #8]
    strh r0, [r4, #10]
    ldr r1, [r4, #8]
    CHECK r1, 0x33440044, 0x287
    ldr r2, =0xcafef00d
    ldr r3, =0x01234567
    strd r2, r3, [r4, #16]!
    CHECK r4, buffer + 16, 0x288
    ldrd r6, r7, [r4], #-16
    CHECK r4, buffer, 0x289
    CHECK r7, 0x01234567, 0x28a
    ldrd r6, r7, lit64
    CHECK r6, 0x89abcdef, 0x28b
    CHECK r7, 0x76543210, 0x28c
    ldrsh.w r1, [r4, #-4]
    CHECK r1, 0, 0x28d
    ldrt r1, [r4, #8]
    CHECK r1, 0x33440044, 0x28e

    /* LDM/STM, PUSH/POP */
    movs r0, #1
    movs r1, #2
    movs r2, #3
    add r5, r4, #32
    stmia r5!, {r0-r2}
    CHECK r5, buffer + 44, 0x290
    ldmdb r5!, {r6, r7, r8}
    CHECK r8, 3, 0x291
    CHECK r5, buffer + 32, 0x292
    stmdb r5, {r0, r2}
    ldr r6, [r4, #28]
    CHECK r6, 3, 0x293
    ldmia r5, {r6, r7}
    CHECK r7, 2, 0x294
    push {r0, r1, r2}
    pop {r5, r6, r7}
    CHECK r7, 3, 0x295
    push.w {r0, r8}
    pop.w {r1, r9}
    CHECK r9, 3, 0x296
    POOL

    /* CBZ/CBNZ, TBB/TBH, BL/BLX to ARM */
    movs r0, #0
    cbz r0, 1f
    bl fail
1:  movs r0, #1
    cbnz r0, 1f
    bl fail
1:  movs r0, #2
    tbb [pc, r0]
tbb_table:
    .byte (t0 - tbb_table) / 2, (t1 - tbb_table) / 2, (t2 - tbb_table) / 2, 0
t0: bl fail
t1: bl fail
t2: movs r0, #1
    tbh [pc, r0, lsl #1]
tbh_table:
    .hword (h0 - tbh_table) / 2, (h1 - tbh_table) / 2
h0: bl fail
h1: bl arm_leaf
    CHECK r0, 0x99, 0x2a0
    ldr r1, =arm_leaf
    blx r1
    CHECK r0, 0x99, 0x2a1

    pop {r4-r11, pc}

    .arm
    .type arm_leaf, %function
arm_leaf:
    mov r0, #0x99
    bx lr
    .thumb

    .align 2
lit16: .word 0xfeedface
    .align 3
lit64: .word 0x89abcdef, 0x76543210
    .ltorg

    .data
    .align 3
    .word 0
buffer: .space 64
