/* Code written by the guest runs as written: a function is executed (and decoded), its first instruction
 * is overwritten by a store, and after ISB the new instruction runs. Same for Thumb code. (Not run on
 * qemu-arm: Linux maps .text read-only.) */
#include "common.h"
    ARM_MAIN
    bl patched
    CHECK r0, 0x11, 0x801
    ldr r1, new_insn
    ldr r2, =patched
    str r1, [r2]
    isb
    bl patched
    CHECK r0, 0x42, 0x802
    /* Thumb: a halfword store replaces movs r0, #0x21 with movs r0, #0x37 */
    ldr r3, =tpatched
    blx r3
    CHECK r0, 0x21, 0x803
    bic r2, r3, #1
    ldr r1, =0x2037
    strh r1, [r2]
    isb
    blx r3
    CHECK r0, 0x37, 0x804
    pop {r4-r11, pc}

patched:
    mov r0, #0x11
    bx lr
new_insn:
    mov r0, #0x42

    .thumb
    .thumb_func
tpatched:
    movs r0, #0x21
    bx lr
    .arm
    .ltorg
