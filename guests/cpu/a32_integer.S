/* A32 integer instructions: data processing with shifts and flags, multiplies, DSP, bit fields, loads and
 * stores in every addressing mode, LDM/STM. Runs unprivileged too, so qemu-arm confirms every expected value. */
#include "common.h"
    ARM_MAIN

    /* data processing, immediate and flags */
    mov r0, #0xff000000
    CHECK r0, 0xff000000, 0x101
    mvn r1, #0
    CHECK r1, 0xffffffff, 0x102
    SETF 0x0
    movs r2, #0
    CHECKF 0x4, 0x103
    mov r0, #1
    adds r3, r1, r0
    CHECKF 0x6, 0x104
    CHECK r3, 0, 0x105
    ldr r0, =0x7fffffff
    adds r3, r0, #1
    CHECKF 0x9, 0x106
    subs r3, r0, r0
    CHECKF 0x6, 0x107
    mov r0, #0
    subs r3, r0, #1
    CHECKF 0x8, 0x108
    CHECK r3, 0xffffffff, 0x109
    SETF 0x2
    mov r0, #5
    adc r3, r0, #10
    CHECK r3, 16, 0x10a
    SETF 0x0
    sbc r3, r0, #2
    CHECK r3, 2, 0x10b
    SETF 0x2
    rsc r3, r0, #7
    CHECK r3, 2, 0x10c
    rsb r3, r0, #100
    CHECK r3, 95, 0x10d
    ldr r0, =0xf0f0f0f0
    ldr r1, =0x0ff00ff0
    and r2, r0, r1
    CHECK r2, 0x00f000f0, 0x10e
    eor r2, r0, r1
    CHECK r2, 0xff00ff00, 0x10f
    orr r2, r0, r1
    CHECK r2, 0xfff0fff0, 0x110
    bic r2, r0, r1
    CHECK r2, 0xf000f000, 0x111
    SETF 0x0
    tst r0, #0x0f
    CHECKF 0x4, 0x112
    SETF 0x2
    teq r0, r0
    CHECKF 0x6, 0x113
    cmp r0, r1
    CHECKF 0xa, 0x114
    cmn r1, r1
    CHECKF 0x0, 0x115
    SETF 0x0
    movs r2, #0x80000000
    CHECKF 0xa, 0x116

    /* shifts by immediate, with carry out */
    ldr r0, =0x80000001
    movs r2, r0, lsl #1
    CHECK r2, 2, 0x120
    movs r2, r0, lsl #1
    CHECKF 0x2, 0x121
    movs r2, r0, lsr #1
    CHECKF 0x2, 0x122
    CHECK r2, 0x40000000, 0x123
    movs r2, r0, asr #1
    CHECKF 0xa, 0x124
    CHECK r2, 0xc0000000, 0x125
    movs r2, r0, lsr #32
    CHECKF 0x6, 0x126
    movs r2, r0, asr #32
    CHECKF 0xa, 0x127
    CHECK r2, 0xffffffff, 0x128
    movs r2, r0, ror #4
    CHECKF 0x0, 0x12a
    CHECK r2, 0x18000000, 0x129
    SETF 0x2
    movs r2, r0, rrx
    CHECKF 0xa, 0x12c
    CHECK r2, 0xc0000000, 0x12b
    add r2, r0, r0, lsl #4
    CHECK r2, 0x80000011, 0x12d

    /* shifts by register */
    mov r1, #33
    movs r2, r0, lsl r1
    CHECKF 0x4, 0x130
    mov r1, #32
    movs r2, r0, lsl r1
    CHECKF 0x6, 0x131
    mov r1, #0
    SETF 0x2
    movs r2, r0, lsr r1
    CHECKF 0xa, 0x132
    mov r1, #36
    mov r2, r0, ror r1
    CHECK r2, 0x18000000, 0x133
    mov r1, #0x104
    mov r2, r0, lsl r1
    CHECK r2, 0x10, 0x134
    mov r1, #64
    movs r2, r0, ror r1
    CHECKF 0xa, 0x135

    /* multiplies */
    mov r0, #7
    mov r1, #6
    mul r2, r0, r1
    CHECK r2, 42, 0x140
    mla r2, r0, r1, r0
    CHECK r2, 49, 0x141
    mls r2, r0, r1, r0
    CHECK r2, 0xffffffdd, 0x142
    ldr r0, =0xffffffff
    ldr r1, =0xffffffff
    umull r2, r3, r0, r1
    CHECK r2, 1, 0x143
    CHECK r3, 0xfffffffe, 0x144
    smull r2, r3, r0, r1
    CHECK r2, 1, 0x145
    CHECK r3, 0, 0x146
    mov r2, #1
    mov r3, #1
    umlal r2, r3, r0, r1
    CHECK r2, 2, 0x147
    CHECK r3, 0xffffffff, 0x148
    mov r2, #5
    mov r3, #0
    smlal r2, r3, r0, r1
    CHECK r2, 6, 0x149
    CHECK r3, 0, 0x14a
    mov r2, #0xffffffff
    mov r3, #0xffffffff
    umaal r2, r3, r0, r1
    CHECK r2, 0xffffffff, 0x14b
    CHECK r3, 0xffffffff, 0x14c
    SETF 0x0
    muls r2, r0, r1
    CHECKF 0x0, 0x14d
    ldr r0, =0x00030004
    ldr r1, =0xfffe0005
    smulbb r2, r0, r1
    CHECK r2, 20, 0x14e
    smultt r2, r0, r1
    CHECK r2, 0xfffffffa, 0x14f
    smulbt r2, r0, r1
    CHECK r2, 0xfffffff8, 0x150
    smulwb r2, r0, r1
    CHECK r2, 0xf, 0x151
    mov r3, #100
    smlatb r2, r0, r1, r3
    CHECK r2, 115, 0x152
    smuad r2, r0, r1
    CHECK r2, 14, 0x153
    smusd r2, r0, r1
    CHECK r2, 26, 0x154
    smuadx r2, r0, r1
    CHECK r2, 7, 0x155
    ldr r0, =0x40000000
    ldr r1, =0x40000000
    smmul r2, r0, r1
    CHECK r2, 0x10000000, 0x156
    mov r3, #0
    mov r4, #0
    smlald r3, r4, r0, r1
    CHECK r3, 0x10000000, 0x157
    CHECK r4, 0, 0x158
    ldr r0, =-100
    mov r1, #7
    sdiv r2, r0, r1
    CHECK r2, -14, 0x159
    udiv r2, r0, r1
    CHECK r2, 0x24924916, 0x15a
    mov r1, #0
    sdiv r2, r0, r1
    CHECK r2, 0, 0x15b
    ldr r0, =0x80000000
    mvn r1, #0
    sdiv r2, r0, r1
    CHECK r2, 0x80000000, 0x15c
    POOL

    /* saturating and Q flag */
    mov r12, #0
    msr apsr_nzcvq, r12
    ldr r0, =0x7fffffff
    mov r1, #1
    qadd r2, r0, r1
    mrs r3, apsr
    CHECK r2, 0x7fffffff, 0x160
    and r3, r3, #0x08000000
    CHECK r3, 0x08000000, 0x161
    mov r12, #0
    msr apsr_nzcvq, r12
    qsub r2, r1, r0
    CHECK r2, 0x80000002, 0x162
    qdadd r2, r1, r0
    CHECK r2, 0x7fffffff, 0x163
    ldr r0, =0x12345
    ssat r2, #16, r0
    CHECK r2, 0x7fff, 0x164
    usat r2, #8, r0, asr #8
    CHECK r2, 0xff, 0x165
    ldr r0, =-5
    usat r2, #8, r0
    CHECK r2, 0, 0x166
    ldr r0, =0x7fff8000
    ssat16 r2, #8, r0
    CHECK r2, 0x007fff80, 0x167
    usat16 r2, #4, r0
    CHECK r2, 0x000f0000, 0x168

    /* parallel add/subtract and GE, SEL */
    ldr r0, =0x7f80ff01
    ldr r1, =0x01800101
    sadd8 r2, r0, r1
    CHECK r2, 0x80000002, 0x170
    mrs r3, apsr
    and r3, r3, #0x000f0000
    CHECK r3, 0x000b0000, 0x171
    uadd8 r2, r0, r1
    mrs r3, apsr
    and r3, r3, #0x000f0000
    CHECK r3, 0x00060000, 0x172
    sel r2, r0, r1
    CHECK r2, 0x0180ff01, 0x173
    qadd8 r2, r0, r1
    CHECK r2, 0x7f800002, 0x174
    uqadd8 r2, r0, r1
    CHECK r2, 0x80ffff02, 0x175
    shadd8 r2, r0, r1
    CHECK r2, 0x40800001, 0x176
    uhsub16 r2, r0, r1
    CHECK r2, 0x3f007f00, 0x177
    ssub16 r2, r0, r1
    CHECK r2, 0x7e00fe00, 0x178
    sasx r2, r0, r1
    CHECK r2, 0x8081fd81, 0x179
    usax r2, r0, r1
    CHECK r2, 0x7e7f0081, 0x17a
    usad8 r2, r0, r1
    CHECK r2, 0x17c, 0x17b
    mov r3, #2
    usada8 r2, r0, r1, r3
    CHECK r2, 0x17e, 0x17c

    /* packing and extension */
    ldr r0, =0x11223344
    ldr r1, =0xaabbccdd
    pkhbt r2, r0, r1, lsl #8
    CHECK r2, 0xbbcc3344, 0x180
    pkhtb r2, r0, r1, asr #16
    CHECK r2, 0x1122aabb, 0x181
    sxtb r2, r1
    CHECK r2, 0xffffffdd, 0x182
    sxth r2, r1, ror #8
    CHECK r2, 0xffffbbcc, 0x183
    uxtb r2, r1, ror #16
    CHECK r2, 0xbb, 0x184
    uxth r2, r1
    CHECK r2, 0xccdd, 0x185
    uxtab r2, r0, r1
    CHECK r2, 0x11223421, 0x186
    sxtah r2, r0, r1
    CHECK r2, 0x11220021, 0x187
    sxtb16 r2, r1
    CHECK r2, 0xffbbffdd, 0x188
    uxtab16 r2, r0, r1, ror #8
    CHECK r2, 0x11cc3410, 0x189

    /* bit fields, reverse, CLZ, MOVW/MOVT */
    ldr r0, =0x12345678
    rev r2, r0
    CHECK r2, 0x78563412, 0x190
    rev16 r2, r0
    CHECK r2, 0x34127856, 0x191
    ldr r1, =0x000080ff
    revsh r2, r1
    CHECK r2, 0xffffff80, 0x192
    rbit r2, r0
    CHECK r2, 0x1e6a2c48, 0x193
    clz r2, r1
    CHECK r2, 16, 0x194
    mov r1, #0
    clz r2, r1
    CHECK r2, 32, 0x195
    ubfx r2, r0, #4, #8
    CHECK r2, 0x67, 0x196
    sbfx r2, r0, #4, #8
    CHECK r2, 0x67, 0x197
    sbfx r2, r0, #28, #3
    CHECK r2, 1, 0x198
    ldr r1, =0xf0000000
    sbfx r2, r1, #28, #4
    CHECK r2, 0xffffffff, 0x199
    mov r2, r0
    bfc r2, #8, #12
    CHECK r2, 0x12300078, 0x19a
    mov r2, r0
    mov r1, #0xab
    bfi r2, r1, #12, #8
    CHECK r2, 0x123ab678, 0x19b
    movw r2, #0xbeef
    CHECK r2, 0xbeef, 0x19c
    movt r2, #0xdead
    CHECK r2, 0xdeadbeef, 0x19d
    POOL

    /* loads and stores: every addressing mode */
    ldr r4, =buffer
    ldr r0, =0x11223344
    str r0, [r4]
    ldr r1, [r4]
    CHECK r1, 0x11223344, 0x1a0
    ldrb r1, [r4, #1]
    CHECK r1, 0x33, 0x1a1
    ldrh r1, [r4, #2]
    CHECK r1, 0x1122, 0x1a2
    ldr r0, =0x8081
    strh r0, [r4, #4]
    ldrsh r1, [r4, #4]
    CHECK r1, 0xffff8081, 0x1a3
    ldrsb r1, [r4, #4]
    CHECK r1, 0xffffff81, 0x1a4
    mov r5, r4
    ldr r1, [r5, #4]!
    CHECK r5, buffer + 4, 0x1a5
    ldr r1, [r5], #-4
    CHECK r5, buffer, 0x1a6
    mov r6, #2
    ldrh r1, [r5, r6]
    CHECK r1, 0x1122, 0x1a7
    mov r6, #1
    ldr r1, [r5, r6, lsl #2]
    CHECK r1, 0x8081, 0x1a8
    mov r6, #8
    ldr r1, [r5, -r6, lsr #1]!
    CHECK r5, buffer - 4, 0x1a9
    add r5, r5, #4
    strb r6, [r5, #8]
    ldrb r1, [r5, #8]
    CHECK r1, 8, 0x1aa
    ldrb r1, [r5], #1
    CHECK r1, 0x44, 0x1ab
    CHECK r5, buffer + 1, 0x1ac
    ldr r1, [r4, #1]
    CHECK r1, 0x81112233, 0x1ad
    ldr r2, =0xcafef00d
    ldr r3, =0x01234567
    strd r2, r3, [r4, #16]
    ldrd r6, r7, [r4, #16]
    CHECK r6, 0xcafef00d, 0x1ae
    CHECK r7, 0x01234567, 0x1af
    ldr r1, [r4, #20]
    CHECK r1, 0x01234567, 0x1b0
    mov r5, r4
    ldrd r6, r7, [r5, #16]!
    CHECK r5, buffer + 16, 0x1b1
    mov r0, #16
    ldrd r6, r7, [r4, r0]
    CHECK r6, 0xcafef00d, 0x1b2
    ldr r1, literal
    CHECK r1, 0x5a5aa5a5, 0x1b3
    adr r1, literal
    ldr r1, [r1]
    CHECK r1, 0x5a5aa5a5, 0x1b4
    ldrt r1, [r4]
    CHECK r1, 0x11223344, 0x1b5
    POOL

    /* LDM/STM in the four modes */
    mov r0, #1
    mov r1, #2
    mov r2, #3
    mov r3, #4
    add r5, r4, #32
    stmia r5!, {r0-r3}
    CHECK r5, buffer + 48, 0x1c0
    ldmdb r5!, {r6-r9}
    CHECK r5, buffer + 32, 0x1c1
    CHECK r6, 1, 0x1c2
    CHECK r9, 4, 0x1c3
    stmib r5, {r0, r3}
    ldr r6, [r4, #36]
    CHECK r6, 1, 0x1c4
    ldr r6, [r4, #40]
    CHECK r6, 4, 0x1c5
    add r5, r4, #44
    ldmda r5, {r6, r7}
    CHECK r6, 4, 0x1c6
    CHECK r7, 4, 0x1c7
    push {r0-r3}
    pop {r6-r9}
    CHECK r8, 3, 0x1c8

    /* conditional execution and branches */
    mov r0, #0
    cmp r0, #0
    movne r0, #1
    moveq r1, #5
    CHECK r0, 0, 0x1d0
    CHECK r1, 5, 0x1d1
    mov r0, #3
    mov r1, #0
1:  add r1, r1, r0
    subs r0, r0, #1
    bne 1b
    CHECK r1, 6, 0x1d2
    bl leaf
    CHECK r0, 0x77, 0x1d3
    adr r1, thumb_leaf + 1
    blx r1
    CHECK r0, 0x88, 0x1d4
    blx thumb_leaf
    CHECK r0, 0x88, 0x1d5
    adr r1, 2f
    mov pc, r1
    bl fail
2:  ldr r1, =3f
    ldr pc, =3f
    bl fail
3:  mov r0, #0
    ldr r1, =table
    ldr pc, [r1, #4]
    bl fail
4:  CHECK r0, 0, 0x1d6
pcread:
    add r0, pc, #4
    CHECK r0, pcread + 12, 0x1d7

    pop {r4-r11, pc}

leaf:
    mov r0, #0x77
    bx lr

    .thumb
    .type thumb_leaf, %function
thumb_leaf:
    movs r0, #0x88
    bx lr
    .arm

    .align 2
literal: .word 0x5a5aa5a5
table: .word fail, 4b
    .ltorg

    .data
    .align 3
    .word 0
buffer: .space 64
