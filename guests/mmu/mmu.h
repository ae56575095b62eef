/* Shared by the MMU test programs: the platform (armvmm's test device, or semihosting under
 * qemu-system-arm -M vexpress-a15 with -DQEMU_SYSTEM), the fault record the abort handlers fill, and macros. */
#include "testdev.h"

/* Memory: the image at 0x80000000, stacks below 0x80100000, translation tables from TABLES, test frames
 * (1 MB each) from FRAME_A. */
#define TABLES  0x80100000
#define L2_A    0x80104000
#define FRAME_A 0x80200000
#define FRAME_B 0x80300000

    .syntax unified

/* CHECK reg, expected, id: fails the test with id (printing reg) unless reg == expected (clobbers r12 and the
 * flags; r11 too when it fails). */
.macro CHECK reg, val, id
    ldr r12, =\val
    cmp \reg, r12
    beq .Lok\@
    mov r11, \reg
    ldr r0, =\id
    bl fail
.Lok\@:
.endm

/* CHECKM addr, expected, id: the word at addr (clobbers r11, r12). */
.macro CHECKM addr, val, id
    ldr r11, =\addr
    ldr r11, [r11]
    CHECK r11, \val, \id
.endm

/* FAULTS_CLEAR: forget the recorded aborts (clobbers r11, r12). */
.macro FAULTS_CLEAR
    ldr r11, =fault_count
    mov r12, #0
    str r12, [r11]
.endm

/* EXPECT_ABORT fsr, far, id: exactly one abort since FAULTS_CLEAR, with these FSR and FAR values (the
 * data abort handler records DFSR/DFAR, the prefetch abort handler IFSR/IFAR). Clears the record. */
.macro EXPECT_ABORT fsr, far, id
    CHECKM fault_count, 1, \id
    CHECKM fault_fsr, \fsr, \id + 1
    CHECKM fault_far, \far, \id + 2
    FAULTS_CLEAR
.endm

/* EXPECT_NO_ABORT id */
.macro EXPECT_NO_ABORT id
    CHECKM fault_count, 0, \id
.endm

/* POOL: a literal pool in the middle of a long function, jumped over. */
.macro POOL
    b .Lpool\@
    .ltorg
.Lpool\@:
.endm

/* Barriers after a translation table write or a TLB operation (ARM ARM B3.10.1). */
.macro SYNC
    dsb
    isb
.endm

/* cp15 accessors (ARM ARM B4.1, B4.2) */
.macro SCTLR_R reg;    mrc p15, 0, \reg, c1, c0, 0; .endm
.macro SCTLR_W reg;    mcr p15, 0, \reg, c1, c0, 0; isb; .endm
.macro TTBR0_W reg;    mcr p15, 0, \reg, c2, c0, 0; .endm
.macro TTBCR_W reg;    mcr p15, 0, \reg, c2, c0, 2; .endm
.macro DACR_W reg;     mcr p15, 0, \reg, c3, c0, 0; .endm
.macro CONTEXTIDR_W reg; mcr p15, 0, \reg, c13, c0, 1; isb; .endm
.macro TLBIALL reg;    mcr p15, 0, \reg, c8, c7, 0; SYNC; .endm
.macro TLBIMVA reg;    mcr p15, 0, \reg, c8, c7, 1; SYNC; .endm
.macro TLBIASID reg;   mcr p15, 0, \reg, c8, c7, 2; SYNC; .endm
.macro TLBIMVAA reg;   mcr p15, 0, \reg, c8, c7, 3; SYNC; .endm
.macro ATS1CPR reg;    mcr p15, 0, \reg, c7, c8, 0; isb; .endm
.macro ATS1CPW reg;    mcr p15, 0, \reg, c7, c8, 1; isb; .endm
.macro ATS1CUR reg;    mcr p15, 0, \reg, c7, c8, 2; isb; .endm
.macro ATS1CUW reg;    mcr p15, 0, \reg, c7, c8, 3; isb; .endm
.macro PAR_R reg;      mrc p15, 0, \reg, c7, c4, 0; .endm
