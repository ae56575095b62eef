/*
 * A virt-board guest that takes the power button (QMP system_powerdown) as Linux's gpio-keys does, by
 * interrupt: the PL061's GPIO 3 interrupt on its rising edge, through the GIC (SPI 7, interrupt ID 39),
 * while the CPU waits in WFI. The IRQ handler checks the interrupt ID, GPIOMIS bit 3 and GPIODATA bit 3
 * (the key still held), prints one line saying so or which check failed, and powers off by PSCI
 * SYSTEM_OFF. Entered like a kernel (SVC, MMU off) at 0x40010000; PC-relative addresses only. Output
 * through ../testio.S built for the PL011.
 */
#include "../virt_gic.h"
    .syntax unified
    .arm
    .arch_extension virt
    .text
    .equ GPIO, 0x09030000
    .equ GPIO3_DATA, GPIO + (1 << 3) * 4           @ GPIODATA with only bit 3 in the address mask
    .equ GPIOIEV, 0x40c
    .equ GPIOIE, 0x410
    .equ GPIOMIS, 0x418
    .equ GICD_ISENABLER1, 0x08000104                @ interrupt IDs 32-63
    .equ GICD_ITARGETSR, 0x08000800
    .equ GICC_IAR, 0x0801000c
    .equ GPIO_INTID, 32 + 7
    .equ SYSTEM_OFF, 0x84000008

    .global _start
_start:
    cpsid   if
    adrl    sp, svc_stack_top
    cps     #0x12                           @ IRQ mode: its own stack for the handler's puts
    adrl    sp, irq_stack_top
    cps     #0x13
    adr     r0, vectors
    mcr     p15, 0, r0, c12, c0, 0          @ VBAR
    ldr     r1, =GPIO
    mov     r2, #(1 << 3)
    str     r2, [r1, #GPIOIEV]              @ GPIO 3: edge-sensitive (GPIOIS 0), on the rising edge
    str     r2, [r1, #GPIOIE]
    ldr     r1, =GICD_ITARGETSR + GPIO_INTID
    mov     r2, #1
    strb    r2, [r1]                        @ to CPU 0
    ldr     r1, =GICD_ISENABLER1
    mov     r2, #(1 << (GPIO_INTID - 32))
    str     r2, [r1]
    ldr     r1, =GICD_CTLR
    mov     r2, #1
    str     r2, [r1]
    GICC_ON
    adrl    r0, s_waiting
    bl      puts
    cpsie   i
1:  wfi
    b       1b

    .balign 32
vectors:
    b       .                               @ reset
    b       .                               @ undefined
    b       .                               @ SVC
    b       .                               @ prefetch abort
    b       .                               @ data abort
    b       .
    b       irq
    b       .                               @ FIQ

irq:
    ldr     r1, =GICC_IAR
    ldr     r4, [r1]
    ubfx    r4, r4, #0, #10
    adrl    r0, s_bad_intid
    cmp     r4, #GPIO_INTID
    bne     report
    ldr     r1, =GPIO
    ldr     r2, [r1, #GPIOMIS]
    adrl    r0, s_bad_mis
    tst     r2, #(1 << 3)
    beq     report
    ldr     r1, =GPIO3_DATA
    ldr     r2, [r1]
    adrl    r0, s_bad_data
    tst     r2, #(1 << 3)
    beq     report
    adrl    r0, s_pressed
report:
    bl      puts
    ldr     r0, =SYSTEM_OFF
    hvc     #0
2:  wfi
    b       2b

s_waiting:    .asciz "powerirq: waiting in WFI for the power button's interrupt\n"
s_pressed:    .asciz "powerirq: interrupt 39 (PL061 SPI 7), GPIOMIS bit 3 set, GPIODATA bit 3 high: powering off\n"
s_bad_intid:  .asciz "powerirq: FAIL: an interrupt other than 39\n"
s_bad_mis:    .asciz "powerirq: FAIL: GPIOMIS bit 3 clear\n"
s_bad_data:   .asciz "powerirq: FAIL: GPIODATA bit 3 low\n"
    .balign 4
    .ltorg
    .space  256
svc_stack_top:
    .space  256
irq_stack_top:
