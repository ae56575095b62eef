/*
 * PSCI on the virt board, through HVC (ARM DEN 0022D): prints each call and its result on the PL011 at
 * 0x09000000, one line each, so that the output of the VMM and of qemu-system-arm -M virt -smp 2 can be
 * compared line for line. CPU 1 is started twice with CPU_ON (it records its context ID, then calls
 * CPU_OFF); the run ends with SYSTEM_OFF. Entered like a Linux kernel (SVC, MMU off); uses PC-relative
 * addresses only. Output through ../testio.S built for the PL011.
 */
    .syntax unified
    .arm
    .arch_extension virt
    .text

    .equ PSCI_VERSION, 0x84000000
    .equ CPU_OFF, 0x84000002
    .equ CPU_ON, 0x84000003
    .equ AFFINITY_INFO, 0x84000004
    .equ MIGRATE, 0x84000005
    .equ MIGRATE_INFO_TYPE, 0x84000006
    .equ SYSTEM_OFF, 0x84000008
    .equ PSCI_FEATURES, 0x8400000a

    .global _start
_start:
    adrl     sp, stack_top
    adrl     r0, s_hello
    bl      puts

    ldr     r0, =PSCI_VERSION
    adrl     r5, s_version
    bl      call_and_print

    ldr     r0, =PSCI_FEATURES
    ldr     r1, =CPU_ON
    adrl     r5, s_features_cpu_on
    bl      call_and_print

    ldr     r0, =PSCI_FEATURES
    ldr     r1, =MIGRATE
    adrl     r5, s_features_migrate
    bl      call_and_print

    ldr     r0, =MIGRATE_INFO_TYPE
    adrl     r5, s_migrate_info
    bl      call_and_print

    mov     r1, #1
    mov     r2, #0
    ldr     r0, =AFFINITY_INFO
    adrl     r5, s_affinity1
    bl      call_and_print

    /* CPU_ON(1, secondary, 0x1234): it stores the context ID in the flag, then powers itself off */
    mov     r1, #1
    adrl     r2, secondary
    ldr     r3, =0x1234
    ldr     r0, =CPU_ON
    adrl     r5, s_cpu_on
    bl      call_and_print
    ldr     r6, =0x1234
    bl      await_flag

    /* CPU 1 is running (or already past its CPU_OFF): it is on, or just turned off */
    mov     r1, #5
    adrl     r2, secondary
    mov     r3, #0
    ldr     r0, =CPU_ON
    adrl     r5, s_cpu_on5
    bl      call_and_print

    /* wait for CPU 1's CPU_OFF to take effect, then start it again with another context ID */
1:  mov     r1, #1
    mov     r2, #0
    ldr     r0, =AFFINITY_INFO
    hvc     #0
    cmp     r0, #1
    bne     1b
    adrl     r0, s_off_again
    bl      puts

    mov     r1, #1
    adrl     r2, secondary
    ldr     r3, =0x5678
    ldr     r0, =CPU_ON
    adrl     r5, s_cpu_on_again
    bl      call_and_print
    ldr     r6, =0x5678
    bl      await_flag

    adrl     r0, s_bye
    bl      puts
    ldr     r0, =SYSTEM_OFF
    hvc     #0
    adrl     r0, s_returned
    bl      puts
halt:
    wfi
    b       halt

/* CPU 1: r0 is the context ID of CPU_ON */
secondary:
    adrl     r1, flag
    str     r0, [r1]
    dsb
    ldr     r0, =CPU_OFF
    hvc     #0
    b       halt

/* waits until the flag holds r6, then prints it */
await_flag:
    push    {lr}
    adrl     r1, flag
1:  ldr     r0, [r1]
    cmp     r0, r6
    bne     1b
    adrl     r0, s_flag
    bl      puts
    mov     r0, r6
    bl      puthex0x
    bl      newline
    pop     {pc}

/* hvc with r0-r3, then prints the string at r5 and the result (r0) in hex */
call_and_print:
    push    {r4, lr}
    hvc     #0
    mov     r4, r0
    mov     r0, r5
    bl      puts
    mov     r0, r4
    bl      puthex0x
    bl      newline
    pop     {r4, pc}

    .ltorg

s_hello:            .asciz "psci guest: PSCI through HVC on the virt board\r\n"
s_version:          .asciz "PSCI_VERSION "
s_features_cpu_on:  .asciz "PSCI_FEATURES(CPU_ON) "
s_features_migrate: .asciz "PSCI_FEATURES(MIGRATE) "
s_migrate_info:     .asciz "MIGRATE_INFO_TYPE "
s_affinity1:        .asciz "AFFINITY_INFO(1) "
s_cpu_on:           .asciz "CPU_ON(1) "
s_cpu_on5:          .asciz "CPU_ON(5) "
s_cpu_on_again:     .asciz "CPU_ON(1) again "
s_off_again:        .asciz "AFFINITY_INFO(1) OFF after its CPU_OFF\r\n"
s_flag:             .asciz "cpu1 ran with context ID "
s_bye:              .asciz "SYSTEM_OFF\r\n"
s_returned:         .asciz "SYSTEM_OFF returned\r\n"

    .balign 4
flag:   .word 0
    .balign 8
stack:  .space 256
stack_top:
