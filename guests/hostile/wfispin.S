/*
 * A virt-board guest that will not stop by itself: IRQs and FIQs masked, the virtual timer's condition
 * met 1,000 ticks after it is set and never cleared, so its interrupt stays pending at an enabled GIC,
 * and WFI in a loop. A pending interrupt wakes WFI even while masked (ARM ARM B1.8.13), so the vCPU
 * never settles in a wait either; the host must stop it from outside (dist's HostileGuestTest:
 * --timeout, and QMP quit).
 */
#include "../virt_gic.h"
    .syntax unified
    .arm
    .text
    .equ UARTDR, 0x09000000
    .equ GICD_ISENABLER0, 0x08000100
    .equ GICD_ISPENDR0, 0x08000200
    .equ GICC_HPPIR, 0x08010018
    .equ CNTV_IRQ, 27

    .global _start
_start:
    cpsid   if
    adr     r0, s_start
    bl      puts
    ldr     r1, =GICD_CTLR
    mov     r2, #1
    str     r2, [r1]
    ldr     r1, =GICD_ISENABLER0
    mov     r2, #(1 << CNTV_IRQ)
    str     r2, [r1]
    GICC_ON
    mov     r2, #1000
    mcr     p15, 0, r2, c14, c3, 0      @ CNTV_TVAL
    mov     r2, #1
    mcr     p15, 0, r2, c14, c3, 1      @ CNTV_CTL: ENABLE, not masked
    isb
    mov     r2, #0x100000
3:  subs    r2, r2, #1                  @ well past 1,000 ticks
    bne     3b
    adr     r0, s_ctl
    bl      puts
    mrc     p15, 0, r0, c14, c3, 1
    bl      puthex
    adr     r0, s_pend
    bl      puts
    ldr     r1, =GICD_ISPENDR0
    ldr     r0, [r1]
    bl      puthex
    adr     r0, s_spin
    bl      puts
    mov     r5, #0
    ldr     r6, =100000
1:  wfi
    add     r5, r5, #1
    cmp     r5, r6
    bne     1b
    adr     r0, s_woke                  @ once: WFI has returned 100,000 times with the interrupt masked
    bl      puts
5:  wfi
    b       5b

/* puthex(r0): eight hex digits */
puthex:
    ldr     r2, =UARTDR
    mov     r3, #28
4:  lsr     r1, r0, r3
    and     r1, r1, #0xf
    cmp     r1, #10
    addlo   r1, r1, #'0'
    addhs   r1, r1, #('a' - 10)
    str     r1, [r2]
    subs    r3, r3, #4
    bpl     4b
    bx      lr

/* puts(r0): the NUL-terminated string to the PL011 */
puts:
    ldr     r2, =UARTDR
2:  ldrb    r1, [r0], #1
    cmp     r1, #0
    bxeq    lr
    str     r1, [r2]
    b       2b

s_start: .asciz "wfispin: masking interrupts\n"
s_ctl:   .asciz "wfispin: CNTV_CTL 0x"
s_pend:  .asciz ", GICD_ISPENDR0 0x"
s_hppir: .asciz ", GICC_HPPIR 0x"
s_woke:  .asciz "wfispin: WFI returned 100000 times, still masked\n"
s_spin:  .asciz "; spinning in WFI\n"
    .balign 4
    .ltorg
