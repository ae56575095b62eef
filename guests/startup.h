/* Shared by the bare-metal guests' start.S (demo, gdb, snapshot, hostile). */

/* CLEAR_BSS: zeroes [__bss_start, __bss_end) word by word (r0, r1, r3 and the flags are clobbered). */
.macro CLEAR_BSS
    ldr     r0, =__bss_start
    ldr     r1, =__bss_end
    mov     r3, #0
1:  cmp     r0, r1
    strlo   r3, [r0], #4
    blo     1b
.endm
