/* WFI really waits: the program sleeps in WFI with IRQs enabled until the test raises the IRQ line three
 * times from outside (the handler lowers it through the test device and counts), then exits. */
#include "common.h"
    ARM_MAIN
    ldr r0, =irq_handler
    ldr r1, =irq_handler_ptr
    str r0, [r1]
    mov r10, #0
    cpsie i
1:  wfi
    cmp r10, #3
    blo 1b
    cpsid i
    CHECK r10, 3, 0x701
    pop {r4-r11, pc}

irq_handler:
    push {r0, r1}
    ldr r1, =TESTDEV
    mov r0, #0
    str r0, [r1, #TESTDEV_IRQ]
    add r10, r10, #1
    pop {r0, r1}
    subs pc, lr, #4
    .ltorg
