/* Two address spaces with different code at the same virtual address, switched the way an OS switches
 * processes (CONTEXTIDR.ASID and TTBR0, no TLB maintenance: the mappings are non-global): each call runs
 * the code of the current address space. */
#include "common.h"
#define TTB_A 0x80f00000
#define TTB_B 0x80e00000
#define VA    0x80300000
#define PA_B  0x80400000
    ARM_MAIN
    /* code at VA (= PA in A) returns 1, at PA_B returns 2 */
    ldr r0, =ret1
    ldm r0, {r2, r3}
    ldr r1, =VA
    stm r1, {r2, r3}
    ldr r0, =ret2
    ldm r0, {r2, r3}
    ldr r1, =PA_B
    stm r1, {r2, r3}
    /* table B = table A; the VA section non-global in both, to PA_B in B */
    ldr r0, =TTB_A
    ldr r1, =TTB_B
    mov r2, #4096
1:  ldr r3, [r0], #4
    str r3, [r1], #4
    subs r2, r2, #1
    bne 1b
    ldr r0, =TTB_A + (VA >> 20) * 4
    ldr r1, [r0]
    orr r1, r1, #(1 << 17)          @ nG
    str r1, [r0]
    ldr r0, =TTB_B + (VA >> 20) * 4
    ldr r2, =0xfffff
    and r1, r1, r2
    ldr r2, =PA_B
    orr r1, r1, r2
    str r1, [r0]
    dsb
    mcr p15, 0, r0, c8, c7, 0       @ TLBIALL: the tables changed
    dsb
    isb

    mov r4, #0
round:
    mov r0, #1                      @ address space A, ASID 1
    bl switch_to_a
    ldr r1, =VA
    blx r1
    CHECK r0, 1, 0xc01
    bl switch_to_b
    ldr r1, =VA
    blx r1
    CHECK r0, 2, 0xc02
    add r4, r4, #1
    cmp r4, #3
    blo round
    bl switch_to_a
    pop {r4-r11, pc}

switch_to_a:
    ldr r0, =TTB_A
    mov r1, #1
    b switch_mm
switch_to_b:
    ldr r0, =TTB_B
    mov r1, #2
/* switch_mm(table, asid): reserved ASID 0 while TTBR0 changes, then the new ASID */
switch_mm:
    mov r2, #0
    mcr p15, 0, r2, c13, c0, 1      @ CONTEXTIDR
    isb
    mcr p15, 0, r0, c2, c0, 0       @ TTBR0
    isb
    mcr p15, 0, r1, c13, c0, 1
    isb
    bx lr

ret1:
    mov r0, #1
    bx lr
ret2:
    mov r0, #2
    bx lr
    .ltorg
