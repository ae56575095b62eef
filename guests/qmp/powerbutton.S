/*
 * A virt-board guest that reacts to the power button (QMP system_powerdown): it prints a line on the PL011,
 * polls the PL061's GPIO 3 (the gpio-keys power button) and, when it reads high, prints another and powers
 * off through PSCI SYSTEM_OFF, ending the VMM with exit status 0. Entered like a kernel (SVC, MMU off) at
 * 0x40010000; PC-relative addresses only.
 */
    .syntax unified
    .arm
    .arch_extension virt
    .text
    .equ UARTDR, 0x09000000
    .equ GPIO3_DATA, 0x09030000 + (1 << 3) * 4     @ GPIODATA with only bit 3 in the address mask
    .equ SYSTEM_OFF, 0x84000008

    .global _start
_start:
    adr     r0, s_waiting
    bl      puts
    ldr     r4, =GPIO3_DATA
    mov     r5, #0
1:  add     r5, r5, #1                  @ a counter that moves while the guest runs
    ldr     r1, [r4]
    tst     r1, #(1 << 3)
    beq     1b
    adr     r0, s_pressed
    bl      puts
    ldr     r0, =SYSTEM_OFF
    hvc     #0
2:  wfi
    b       2b

/* puts(r0): the NUL-terminated string to the PL011 */
puts:
    ldr     r2, =UARTDR
3:  ldrb    r1, [r0], #1
    cmp     r1, #0
    bxeq    lr
    str     r1, [r2]
    b       3b

s_waiting: .asciz "powerbutton: waiting for the power button\n"
s_pressed: .asciz "powerbutton: pressed, powering off\n"
    .balign 4
    .ltorg
