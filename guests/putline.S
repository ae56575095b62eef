/* Line output for the PL011 guests of the virt board (guests/psci, guests/gicv3), on ../testio.S's putc and
 * puthex. */
    .text
    .arm

    .global newline
    .type newline, %function
newline:
    push    {lr}
    mov     r0, #'\r'
    bl      putc
    mov     r0, #'\n'
    bl      putc
    pop     {pc}

/* r0 as 0x%08x (testio's puthex prints the eight digits) */
    .global puthex0x
    .type puthex0x, %function
puthex0x:
    push    {r4, lr}
    mov     r4, r0
    mov     r0, #'0'
    bl      putc
    mov     r0, #'x'
    bl      putc
    mov     r0, r4
    bl      puthex
    pop     {r4, pc}
