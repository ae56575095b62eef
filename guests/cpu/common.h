/* Shared by the CPU test programs. TESTDEV is the harness's test device (putchar, exit code, IRQ line). */
#include "testdev.h"

    .syntax unified

/* CHECK reg, expected, id: fails the test with id unless reg == expected (r12 and the flags are clobbered). */
.macro CHECK reg, val, id
    ldr r12, =\val
    cmp \reg, r12
    beq .Lok\@
    ldr r0, =\id
    bl fail
.Lok\@:
.endm

/* CHECKF nzcv, id: the APSR flags N Z C V (e.g. 0x6 = Z and C) -- clobbers r12. */
.macro CHECKF nzcv, id
    mrs r12, apsr
    lsr r12, r12, #28
    cmp r12, #\nzcv
    beq .Lok\@
    ldr r0, =\id
    bl fail
.Lok\@:
.endm

/* SETF nzcv: sets the APSR flags (clobbers r12). */
.macro SETF nzcv
    mov r12, #(\nzcv << 28)
    msr apsr_nzcvq, r12
.endm

/* POOL: a literal pool in the middle of code, jumped over. */
.macro POOL
    b .Lpool\@
    .ltorg
.Lpool\@:
.endm

/* ARM_MAIN: the program's entry, main, in ARM state, saving the callee-saved registers. */
.macro ARM_MAIN
    .text
    .arm
    .global main
    .type main, %function
main:
    push {r4-r11, lr}
.endm
