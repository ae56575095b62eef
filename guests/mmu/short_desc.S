/* The short-descriptor translation table format from inside the guest (ARM ARM B3.5): sections, small and
 * large pages, translation/domain/permission/alignment faults with their DFSR/DFAR and IFSR/IFAR, PAR from
 * ATS1C**, stale TLB entries until the right TLB maintenance (and no longer), ASIDs and global entries,
 * unaligned accesses across pages. Also run on qemu-system-arm (make qemu) to confirm the expected values. */
#include "mmu.h"

#define SECT      0x2
#define AP_RW     (3 << 10)                 /* AP[2:0] = 011: full access */
#define AP_PL1_RO ((1 << 10) | (1 << 15))   /* AP[2:0] = 101 */
#define WB        0xc                       /* TEX 000, C, B: Normal write-back */
#define DEV       0x4                       /* TEX 000, B: Shareable Device */
#define XN_S      (1 << 4)
#define NG_S      (1 << 17)
#define DOM(n)    ((n) << 5)
#define PG_SMALL  0x2
#define PG_LARGE  0x1
#define PAP_RW    (3 << 4)
#define PAP_PL1_RO ((1 << 4) | (1 << 9))

/* L1 va, desc: writes the first-level descriptor for va (clobbers r11, r12). */
.macro L1 va, desc
    ldr r11, =(TABLES + ((\va >> 20) << 2))
    ldr r12, =\desc
    str r12, [r11]
.endm

/* L2 va, desc: the second-level descriptor for va in the table at L2_A (clobbers r11, r12). */
.macro L2 va, desc
    ldr r11, =(L2_A + (((\va >> 12) & 0xff) << 2))
    ldr r12, =\desc
    str r12, [r11]
.endm

    .text
    .arm
    .global main
    .type main, %function
main:
    push {r4-r11, lr}

    bl fill_frames

    /* Empty first-level table, then 16 MB of RAM mapped flat, and the test device. */
    ldr r0, =TABLES
    mov r1, #0
    mov r2, #4096
1:  str r1, [r0], #4
    subs r2, r2, #1
    bne 1b
    ldr r0, =TABLES + (0x800 << 2)
    ldr r1, =0x80000000 | SECT | AP_RW | WB
    mov r2, #16
1:  str r1, [r0], #4
    add r1, r1, #0x100000
    subs r2, r2, #1
    bne 1b
    L1 0x10000000, 0x10000000 | SECT | AP_RW | DEV | XN_S

    /* The test mappings. */
    L1 0x40000000, FRAME_A | SECT | AP_RW | WB
    L1 0x40100000, L2_A | 0x1 | DOM(0)
    L2 0x40100000, FRAME_B | PG_SMALL | PAP_RW | WB
    L2 0x40101000, (FRAME_B + 0x1000) | PG_SMALL | PAP_PL1_RO | WB
    ldr r0, =L2_A + (0x10 << 2)             @ a large page: 16 identical descriptors for 0x40110000..0x4011ffff
    ldr r1, =(FRAME_A + 0x10000) | PG_LARGE | PAP_RW | WB
    mov r2, #16
1:  str r1, [r0], #4
    subs r2, r2, #1
    bne 1b
    L1 0x40200000, FRAME_A | SECT | AP_RW | WB | DOM(1)
    L1 0x40300000, FRAME_A | SECT | AP_RW | WB | XN_S
    L1 0x40500000, FRAME_A | SECT | AP_RW | WB | NG_S
    L1 0x40600000, FRAME_A | SECT | AP_RW | WB
    dsb

    /* Turn the MMU on: TTBCR.N = 0, domain 0 client, domain 1 no access, ASID 1. */
    ldr r0, =TABLES
    TTBR0_W r0
    mov r0, #0
    TTBCR_W r0
    mov r0, #0x1
    DACR_W r0
    mov r0, #1
    CONTEXTIDR_W r0
    TLBIALL r0
    SCTLR_R r0
    bic r0, r0, #(1 << 1)                   @ A: unaligned accesses allowed
    bic r0, r0, #(3 << 28)                  @ TRE, AFE
    orr r0, r0, #1                          @ M
    SCTLR_W r0
    FAULTS_CLEAR

    /* Translations */
    ldr r0, =0x40000010
    ldr r1, [r0]
    CHECK r1, 0xa0000004, 0x101
    ldr r0, =0x40100020
    ldr r1, [r0]
    CHECK r1, 0xb0000008, 0x102
    ldr r0, =0x40115024
    ldr r1, [r0]
    CHECK r1, 0xa0005409, 0x103             @ FRAME_A + 0x15024: word 0x5409
    ldr r0, =0x40000040
    ldr r1, =0x5eed
    str r1, [r0]
    CHECKM FRAME_A + 0x40, 0x5eed, 0x104
    ldr r1, =0xa0000010
    str r1, [r0]
    EXPECT_NO_ABORT 0x105

    /* Translation faults: first level (section), second level (page) */
    ldr r0, =0x40400004
    ldr r1, [r0]
    EXPECT_ABORT 0x005, 0x40400004, 0x110
    str r1, [r0]
    EXPECT_ABORT 0x805, 0x40400004, 0x120
    ldr r0, =0x40102008
    ldrh r1, [r0]
    EXPECT_ABORT 0x007, 0x40102008, 0x130

    POOL

    /* Domain fault (domain 1 in DFSR[7:4]), permission faults */
    ldr r0, =0x40200000
    ldr r1, [r0]
    EXPECT_ABORT 0x019, 0x40200000, 0x140
    ldr r0, =0x40101004
    ldr r1, [r0]
    EXPECT_NO_ABORT 0x150
    str r1, [r0]
    EXPECT_ABORT 0x80f, 0x40101004, 0x151
    mov r2, #0xd                            @ domain 1 Manager (DACR[3:2] = 11): no permission checks
    DACR_W r2
    isb
    ldr r0, =0x40200000
    ldr r1, [r0]
    CHECK r1, 0xa0000000, 0x155
    mov r2, #0x1
    DACR_W r2
    isb

    POOL

    /* Execute-never: a Prefetch Abort with IFSR/IFAR; the same code through an executable mapping runs */
    adr r0, 1f
    ldr r1, =pabt_resume
    str r0, [r1]
    ldr r0, =0x40300100
    mov r4, #0
    blx r0
1:  ldr r0, =fault_fsr
    ldr r1, [r0]
    ldr r2, =0x140f
    and r1, r1, r2
    str r1, [r0]                            @ IFSR bits 7:4 are not a domain field: compare FS only
    EXPECT_ABORT 0x00d, 0x40300100, 0x160
    ldr r0, =0x40000100
    blx r0
    CHECK r0, 42, 0x168

    POOL

    /* PAR */
    ldr r0, =0x40000010
    ATS1CPR r0
    PAR_R r1
    ldr r2, =0xfffff801
    and r1, r1, r2
    CHECK r1, FRAME_A, 0x170                @ PA[31:12], F = 0, short format
    ldr r0, =0x40101abc
    ATS1CPR r0
    PAR_R r1
    ldr r2, =0xfffff801
    and r1, r1, r2
    CHECK r1, FRAME_B + 0x1000, 0x171
    ATS1CPW r0
    PAR_R r1
    CHECK r1, (0b01111 << 1) | 1, 0x172     @ F, FS = permission fault, page
    ATS1CUR r0
    PAR_R r1
    CHECK r1, (0b01111 << 1) | 1, 0x173
    ldr r0, =0x40400000
    ATS1CPR r0
    PAR_R r1
    CHECK r1, (0b00101 << 1) | 1, 0x174
    EXPECT_NO_ABORT 0x175

    POOL

    /* A stale entry survives a table write and other invalidations, and no more than TLBIMVA of its section */
    ldr r0, =0x40600000
    ldr r1, [r0]
    CHECK r1, 0xa0000000, 0x180
    L1 0x40600000, FRAME_B | SECT | AP_RW | WB
    SYNC
    ldr r1, [r0]
    CHECK r1, 0xa0000000, 0x181
#ifndef QEMU_SYSTEM
    /* QEMU invalidates everything on TLBIASID, on an ASID change, and on TLBIMVA* while it holds sections
     * (the architecture allows a TLB to invalidate more than asked): what survives those is only checked on
     * armvmm. */
    ldr r2, =0x40700000
    TLBIMVAA r2
    ldr r1, [r0]
    CHECK r1, 0xa0000000, 0x182
    mov r2, #1
    TLBIASID r2
    ldr r1, [r0]
    CHECK r1, 0xa0000000, 0x184
#endif
    ldr r2, =0x40680000 | 7                 @ another 4 KB of the same section, ASID 7: a global entry goes
    TLBIMVA r2
    ldr r1, [r0]
    CHECK r1, 0xb0000000, 0x183

    POOL

    /* ASIDs: an nG entry belongs to its ASID */
    ldr r0, =0x40500004
    ldr r1, [r0]
    CHECK r1, 0xa0000001, 0x190
    L1 0x40500000, FRAME_B | SECT | AP_RW | WB | NG_S
    SYNC
    mov r2, #2
    CONTEXTIDR_W r2
#ifndef QEMU_SYSTEM
    TLBIASID r2
    mov r2, #1
    CONTEXTIDR_W r2
    ldr r1, [r0]
    CHECK r1, 0xa0000001, 0x191             @ ASID 1's entry survived the switch and TLBIASID(2)
#else
    mov r2, #1
    CONTEXTIDR_W r2
#endif
    TLBIASID r2
    ldr r1, [r0]
    CHECK r1, 0xb0000001, 0x192
    mov r2, #2
    CONTEXTIDR_W r2
    ldr r1, [r0]
    CHECK r1, 0xb0000001, 0x193
    /* a global entry survives TLBIASID, not TLBIALL */
    ldr r0, =0x40600000
    L1 0x40600000, FRAME_A | SECT | AP_RW | WB
    SYNC
#ifndef QEMU_SYSTEM
    TLBIASID r2
    ldr r1, [r0]
    CHECK r1, 0xb0000000, 0x194
#endif
    TLBIALL r2
    ldr r1, [r0]
    CHECK r1, 0xa0000000, 0x195
    mov r2, #1
    CONTEXTIDR_W r2

    POOL

    /* Alignment: LDRD and LDREX need alignment whatever SCTLR.A says; plain loads only with SCTLR.A */
    ldr r0, =0x40000002
    ldrd r2, r3, [r0]
    EXPECT_ABORT 0x001, 0x40000002, 0x1a0
    ldrex r2, [r0]
    EXPECT_ABORT 0x001, 0x40000002, 0x1b0
    ldr r0, =0x40000005
    ldr r1, [r0]
    CHECK r1, 0x02a00000, 0x1c0             @ bytes 5..8 of a0000001 a0000002 a0000003
    ldr r0, =0x40100ffe                     @ across two small pages on different frames
    ldr r1, [r0]
    CHECK r1, 0x0400b000, 0x1c1             @ top half of b00003ff, bottom half of b0000400
    EXPECT_NO_ABORT 0x1c2
    ldr r0, =0x40101ffe                     @ into an unmapped page: the fault is at that page
    ldr r1, [r0]
    EXPECT_ABORT 0x007, 0x40102000, 0x1d0
    SCTLR_R r2
    orr r2, r2, #(1 << 1)
    SCTLR_W r2
    ldr r0, =0x40000005
    ldr r1, [r0]
    EXPECT_ABORT 0x001, 0x40000005, 0x1e0
    ldrb r1, [r0]
    CHECK r1, 0x00, 0x1e8
    bic r2, r2, #(1 << 1)
    SCTLR_W r2

    POOL

    /* The access flag (SCTLR.AFE): AP[0] = 0 faults */
    L1 0x40700000, FRAME_A | SECT | (2 << 10) | WB
    SCTLR_R r2
    orr r2, r2, #(1 << 29)
    SCTLR_W r2
    TLBIALL r2
    ldr r0, =0x40700008
    ldr r1, [r0]
    EXPECT_ABORT 0x003, 0x40700008, 0x1f0
    SCTLR_R r2
    bic r2, r2, #(1 << 29)
    SCTLR_W r2
    TLBIALL r2

    /* A supersection: 16 identical entries for 0x41000000..0x41ffffff onto 0x80000000 */
    ldr r0, =TABLES + (0x410 << 2)
    ldr r1, =0x80000000 | (1 << 18) | SECT | AP_RW | WB
    mov r2, #16
1:  str r1, [r0], #4
    subs r2, r2, #1
    bne 1b
    SYNC
    ldr r0, =0x41200008
    ldr r1, [r0]
    CHECK r1, 0xa0000002, 0x200
    ATS1CPR r0
    PAR_R r1
    ldr r2, =0xff000803
    and r1, r1, r2
    CHECK r1, 0x80000002, 0x201             @ PA[31:24] and SS
    POOL

    /* TTBCR.N = 2: TTBR0 (a 4 KB table) maps the first 1 GB, TTBR1 (the full table) the rest */
    ldr r0, =TABLES + 0x8000
    mov r1, #0
    mov r2, #1024
1:  str r1, [r0], #4
    subs r2, r2, #1
    bne 1b
    ldr r0, =TABLES + 0x8000 + (0x001 << 2)
    ldr r1, =FRAME_B | SECT | AP_RW | WB
    str r1, [r0]
    ldr r0, =TABLES
    mcr p15, 0, r0, c2, c0, 1               @ TTBR1
    ldr r0, =TABLES + 0x8000
    TTBR0_W r0
    mov r0, #2
    TTBCR_W r0
    TLBIALL r0
    ldr r0, =0x00100004
    ldr r1, [r0]
    CHECK r1, 0xb0000001, 0x210
    ldr r0, =0x40000008
    ldr r1, [r0]
    CHECK r1, 0xa0000002, 0x211
    mov r0, #(2 | (1 << 4))                 @ PD0: walks through TTBR0 fault (the code runs through TTBR1)
    TTBCR_W r0
    TLBIALL r0
    ldr r0, =0x00100004
    ldr r1, [r0]
    EXPECT_ABORT 0x005, 0x00100004, 0x212
    ldr r0, =0x40000008
    ldr r1, [r0]
    CHECK r1, 0xa0000002, 0x215
    ldr r0, =TABLES
    TTBR0_W r0
    mov r0, #0
    TTBCR_W r0
    TLBIALL r0
    EXPECT_NO_ABORT 0x216

    pop {r4-r11, pc}
    .ltorg
