/* The benchmark's VFP loop, beside bench_loop's integer one: double-precision multiply, add, multiply-
 * accumulate, subtract, a single-precision add, conversions to integer and between precisions, a compare
 * whose flags reach the integer side through VMRS, and a double stored and loaded again. "iterations"
 * rounds, then a check of two checksums (confirmed on qemu-arm). The JMH benchmark patches "iterations" to
 * run for as long as it measures. */
#include "common.h"
#ifndef CHECKSUM
#define CHECKSUM 0x253ffaf0
#endif
#ifndef CHECKSUM_Z
#define CHECKSUM_Z 0x0003d08e
#endif
    .fpu vfpv4
    ARM_MAIN
#ifndef QEMU_USER
    /* CPACR: cp10 and cp11 full access; FPEXC.EN (Linux does both for user-mode programs) */
    ldr r0, =0x00f00000
    mcr p15, 0, r0, c1, c0, 2
    isb
    mov r0, #0x40000000
    vmsr fpexc, r0
#endif
    ldr r0, =iterations
    ldr r0, [r0]
    ldr r4, =slot
    mov r1, #0
    vmov.f64 d0, #1.0               @ x
    vmov.f64 d1, #0.5
    vmov.f64 d2, #1.0
    vsub.f64 d4, d4, d4             @ y = 0
    vsub.f64 d5, d5, d5             @ z = 0
    vsub.f32 s17, s17, s17          @ w = 0
loop:
    vmul.f64 d3, d0, d1
    vadd.f64 d0, d3, d2             @ x = x/2 + 1 (tends to 2)
    vadd.f64 d4, d4, d0             @ y += x
    vmla.f64 d5, d0, d1             @ z += x/2
    vcvt.s32.f64 s12, d4
    vmov r2, s12
    add r1, r1, r2, lsr #4
    vcvt.f32.f64 s16, d0
    vadd.f32 s17, s17, s16          @ w += (float) x
    vstr d5, [r4]
    vldr d7, [r4]
    vsub.f64 d5, d7, d1             @ z -= 1/2
    vcmp.f64 d5, d4
    vmrs APSR_nzcv, fpscr
    addgt r1, r1, #1
    subs r0, r0, #1
    bne loop
    vcvt.u32.f64 s12, d5
    vmov r5, s12
    vcvt.u32.f32 s18, s17
    vmov r6, s18
    add r5, r5, r6
#ifdef PRINT_CHECKSUM
    /* to re-derive the checksums: make CFLAGS_EXTRA=-DPRINT_CHECKSUM bench_vfp-user.elf, run it on qemu-arm */
    mov r0, r1
    bl puthex
    mov r0, r5
    bl puthex
#endif
    CHECK r1, CHECKSUM, 0x701
    CHECK r5, CHECKSUM_Z, 0x702
    pop {r4-r11, pc}

    .ltorg

    .data
    /* The first word of .data: 0x80001000, where the benchmark patches the count. */
    .global iterations
iterations: .word 100000
    .align 3
slot: .space 8
