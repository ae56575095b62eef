/* The long-descriptor (LPAE) translation table format from inside the guest (ARM ARM B3.6): three levels,
 * blocks and pages, translation/access flag/permission/alignment faults at each level in the LPAE DFSR and
 * IFSR format, the 64-bit PAR, stale entries until TLB maintenance, ASIDs in TTBR0. Also run on
 * qemu-system-arm (make qemu). */
#include "mmu.h"

#define L1T   TABLES                 /* T0SZ = 0: four entries */
#define L2_0  (TABLES + 0x1000)      /* 0x00000000.. */
#define L2_1  (TABLES + 0x2000)      /* 0x40000000.. */
#define L2_2  (TABLES + 0x3000)      /* 0x80000000.. */
#define L3_1  (TABLES + 0x4000)      /* 0x40000000..0x401fffff */

#define TABLE  0x3
#define BLOCK  0x1
#define PAGE   0x3
#define NORMAL (0 << 2)              /* AttrIndx 0: MAIR0[7:0] = 0xff */
#define DEVICE (1 << 2)              /* AttrIndx 1: MAIR0[15:8] = 0x04 */
#define RO     (1 << 7)              /* AP[2] */
#define ISH    (3 << 8)
#define AF     (1 << 10)
#define NG     (1 << 11)
#define XN_HI  (1 << 22)             /* bit 54 in the high word */

/* DESC table, index, low, high: writes a 64-bit descriptor (clobbers r10-r12). */
.macro DESC table, index, low, high
    ldr r12, =(\table + (\index) * 8)
    ldr r10, =\low
    ldr r11, =\high
    strd r10, r11, [r12]
.endm

    .text
    .arm
    .global main
    .type main, %function
main:
    push {r4-r11, lr}

    bl fill_frames

    ldr r0, =TABLES                         @ 20 KB of empty tables
    mov r1, #0
    mov r2, #(0x5000 / 4)
1:  str r1, [r0], #4
    subs r2, r2, #1
    bne 1b

    DESC L1T, 0, L2_0 | TABLE, 0
    DESC L1T, 1, L2_1 | TABLE, 0
    DESC L1T, 2, L2_2 | TABLE, 0
    DESC L2_0, 0x80, 0x10000000 | BLOCK | DEVICE | AF, XN_HI                       @ the test device
    ldr r0, =L2_2                                                                    @ 16 MB of RAM, flat
    ldr r2, =0x80000000 | BLOCK | NORMAL | ISH | AF
    mov r3, #0
    mov r1, #8
1:  strd r2, r3, [r0], #8
    add r2, r2, #0x200000
    subs r1, r1, #1
    bne 1b
    DESC L2_1, 0, L3_1 | TABLE, 0
    DESC L2_1, 1, FRAME_A | BLOCK | NORMAL | AF, 0                                   @ 0x40200000: 2 MB block
    DESC L3_1, 0, FRAME_A | PAGE | NORMAL | AF, 0
    DESC L3_1, 1, FRAME_B | PAGE | NORMAL | AF | RO, 0
    DESC L3_1, 2, FRAME_A | PAGE | NORMAL, 0                                         @ AF clear
    DESC L3_1, 4, FRAME_A | PAGE | NORMAL | AF, XN_HI
    DESC L3_1, 5, FRAME_A | PAGE | NORMAL | AF | NG, 0
    DESC L3_1, 6, FRAME_A | PAGE | NORMAL | AF, 0
    dsb

    ldr r0, =0x04ff                         @ MAIR0: attribute 0 Normal write-back, 1 Device
    mcr p15, 0, r0, c10, c2, 0
    ldr r0, =(1 << 31)                      @ TTBCR: EAE, T0SZ = T1SZ = 0
    TTBCR_W r0
    ldr r0, =L1T
    mov r1, #(1 << 16)                      @ ASID 1 in TTBR0[55:48]
    mcrr p15, 0, r0, r1, c2
    isb
    TLBIALL r0
    SCTLR_R r0
    bic r0, r0, #(1 << 1)
    orr r0, r0, #1
    SCTLR_W r0
    FAULTS_CLEAR

    /* Translations: a 4 KB page, a 2 MB block */
    ldr r0, =0x40000010
    ldr r1, [r0]
    CHECK r1, 0xa0000004, 0x201
    ldr r0, =0x40212344
    ldr r1, [r0]
    CHECK r1, 0xa00048d1, 0x202
    EXPECT_NO_ABORT 0x203

    /* Translation faults at levels 1, 2, 3; an access flag fault; a permission fault */
    ldr r0, =0xc0000000
    ldr r1, [r0]
    EXPECT_ABORT 0x205, 0xc0000000, 0x210
    ldr r0, =0x40400008
    ldr r1, [r0]
    EXPECT_ABORT 0x206, 0x40400008, 0x220
    ldr r0, =0x40003000
    str r1, [r0]
    EXPECT_ABORT 0xa07, 0x40003000, 0x230
    ldr r0, =0x40002004
    ldr r1, [r0]
    EXPECT_ABORT 0x20b, 0x40002004, 0x240
    ldr r0, =0x40001008
    ldr r1, [r0]
    CHECK r1, 0xb0000002, 0x250
    str r1, [r0]
    EXPECT_ABORT 0xa0f, 0x40001008, 0x251

    /* Execute-never at level 3: IFSR in the LPAE format */
    adr r0, 1f
    ldr r1, =pabt_resume
    str r0, [r1]
    ldr r0, =0x40004100
    blx r0
1:  EXPECT_ABORT 0x20f, 0x40004100, 0x260
    ldr r0, =0x40000100
    blx r0
    CHECK r0, 42, 0x268

    /* Alignment fault in the LPAE format */
    ldr r0, =0x40000002
    ldrd r2, r3, [r0]
    EXPECT_ABORT 0x221, 0x40000002, 0x270

    POOL

    /* The 64-bit PAR: PA, LPAE bit 11, MAIR attribute in bits 63:56; F and FST on a fault */
    ldr r0, =0x40001abc
    ATS1CPR r0
    mrrc p15, 0, r1, r2, c7
    ldr r3, =0xfffff801
    and r1, r1, r3
    CHECK r1, FRAME_B | 0x800, 0x280
    lsr r2, r2, #24
    CHECK r2, 0xff, 0x281
    ATS1CPW r0
    mrrc p15, 0, r1, r2, c7
    CHECK r1, 0x800 | (0b001111 << 1) | 1, 0x282
    ldr r0, =0x40002000
    ATS1CUR r0
    mrrc p15, 0, r1, r2, c7
    CHECK r1, 0x800 | (0b001011 << 1) | 1, 0x283
    EXPECT_NO_ABORT 0x284

    /* A stale entry until TLBIMVAA of its page */
    ldr r0, =0x40006000
    ldr r1, [r0]
    CHECK r1, 0xa0000000, 0x290
    DESC L3_1, 6, FRAME_B | PAGE | NORMAL | AF, 0
    SYNC
    ldr r1, [r0]
    CHECK r1, 0xa0000000, 0x291
    TLBIMVAA r0
    ldr r1, [r0]
    CHECK r1, 0xb0000000, 0x292

    /* ASIDs from TTBR0 */
    ldr r0, =0x40005004
    ldr r1, [r0]
    CHECK r1, 0xa0000001, 0x2a0
    DESC L3_1, 5, FRAME_B | PAGE | NORMAL | AF | NG, 0
    SYNC
    ldr r4, =L1T
    mov r5, #(2 << 16)
    mcrr p15, 0, r4, r5, c2                 @ ASID 2
    isb
#ifndef QEMU_SYSTEM
    mov r2, #2                              @ (QEMU invalidates everything on these: armvmm only)
    TLBIASID r2
    mov r5, #(1 << 16)
    mcrr p15, 0, r4, r5, c2
    isb
    ldr r1, [r0]
    CHECK r1, 0xa0000001, 0x2a1             @ ASID 1's entry survived
    mov r5, #(2 << 16)
    mcrr p15, 0, r4, r5, c2
    isb
#endif
    ldr r1, [r0]
    CHECK r1, 0xb0000001, 0x2a2             @ ASID 2 walks afresh
    mov r5, #(1 << 16)
    mcrr p15, 0, r4, r5, c2
    isb
    mov r2, #1
    TLBIASID r2
    ldr r1, [r0]
    CHECK r1, 0xb0000001, 0x2a3

    /* T0SZ = T1SZ = 1: TTBR0 maps the low 2 GB with entries 0 and 1 of its table, TTBR1 the high 2 GB with
     * a two-entry table of its own (the code runs through it) */
    DESC TABLES + 0x5000, 0, L2_2 | TABLE, 0
    DESC TABLES + 0x5000, 1, 0, 0
    ldr r0, =TABLES + 0x5000
    mov r1, #0
    mcrr p15, 1, r0, r1, c2                 @ TTBR1
    ldr r0, =(1 << 31) | 1 | (1 << 16)      @ EAE, T0SZ = 1, T1SZ = 1
    TTBCR_W r0
    TLBIALL r0
    ldr r0, =0x40000010
    ldr r1, [r0]
    CHECK r1, 0xa0000004, 0x2b0
    ldr r0, =0x80200008
    ATS1CPR r0
    mrrc p15, 0, r1, r2, c7
    ldr r3, =0xfffff801
    and r1, r1, r3
    CHECK r1, FRAME_A | 0x800, 0x2b1
    ldr r0, =0xc0000004
    ldr r1, [r0]
    EXPECT_ABORT 0x205, 0xc0000004, 0x2b2

    pop {r4-r11, pc}
    .ltorg
