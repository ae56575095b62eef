/*
 * An ELF kernel (ET_EXEC, two PT_LOAD segments) for both boards, built once per board (-DVIRT or
 * -DVEXPRESS: its RAM and PL011). It checks what QEMU's loader does with an ELF (hw/arm/boot.c) and the
 * VMM's must do too: entry at e_entry, which is not the start of the code and is Thumb (bit 0 set); r0-r2
 * zero (an ELF is not booted as Linux); the second segment, 64 KiB above the first, loaded at its p_paddr;
 * the device tree at the RAM base (the segments leave room below them). It prints one line saying so, or
 * which check failed, then powers off (virt: PSCI SYSTEM_OFF by HVC; vexpress: the SYS_CFGCTRL shutdown).
 */
    .syntax unified
    .arch_extension virt
#if defined(VIRT)
    .equ RAM_BASE, 0x40000000
    .equ UARTDR, 0x09000000
#elif defined(VEXPRESS)
    .equ RAM_BASE, 0x80000000
    .equ UARTDR, 0x1c090000
#else
#error "build with -DVIRT or -DVEXPRESS"
#endif
    .equ FDT_MAGIC_LE, 0xedfe0dd0               @ 0xd00dfeed, stored big-endian

    .text
    .arm
not_entry:                                      @ the lowest address: reached only if e_entry was ignored
    adr     r0, s_not_entry
    blx     report                              @ into Thumb state, where the rest of the code is

    .thumb
    .thumb_func
    .global _start
_start:
    orrs    r3, r0, r1
    orrs    r3, r3, r2
    bne     bad_regs
    ldr     r4, =marker
    ldr     r5, [r4]
    ldr     r6, =0x5e6d0002
    cmp     r5, r6
    bne     bad_segment
    ldr     r4, =RAM_BASE
    ldr     r5, [r4]
    ldr     r6, =FDT_MAGIC_LE
    cmp     r5, r6
    bne     bad_dtb
    adr     r0, s_ok
    b       report
bad_regs:
    adr     r0, s_bad_regs
    b       report
bad_segment:
    adr     r0, s_bad_segment
    b       report
bad_dtb:
    adr     r0, s_bad_dtb

    .thumb_func
report:                                         @ puts(r0), then power off
    ldr     r2, =UARTDR
1:  ldrb    r1, [r0], #1
    cmp     r1, #0
    beq     2f
    str     r1, [r2]
    b       1b
2:
#if defined(VIRT)
    ldr     r0, =0x84000008                     @ PSCI SYSTEM_OFF
    hvc     #0
#else
    ldr     r1, =0x1c010000                     @ V2M-P1 system registers
    movs    r0, #0
    str     r0, [r1, #0xa0]                     @ SYS_CFGDATA
    ldr     r0, =0xc0800000                     @ SYS_CFGCTRL: start, write, function 8 (shutdown)
    str     r0, [r1, #0xa4]
#endif
3:  wfi
    b       3b

    .balign 4
s_ok:          .asciz "elfboot: entered at e_entry in Thumb state, r0-r2 zero, both PT_LOAD segments at their p_paddr, the device tree at the RAM base\n"
s_not_entry:   .asciz "elfboot: FAIL: started at the lowest address, not at e_entry\n"
s_bad_regs:    .asciz "elfboot: FAIL: r0-r2 are not zero at entry\n"
s_bad_segment: .asciz "elfboot: FAIL: the second PT_LOAD segment is not at its p_paddr\n"
s_bad_dtb:     .asciz "elfboot: FAIL: no device tree at the RAM base\n"
    .balign 4
    .ltorg

    .data
marker: .word 0x5e6d0002
