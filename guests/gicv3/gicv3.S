/*
 * A GICv3 on the virt board (gic-version=3, one CPU), driven as a kernel drives it: the distributor's and
 * the redistributor's identification, the Linux bring-up (GICD_CTLR, GICR_WAKER, Group 1, ICC_PMR,
 * ICC_IGRPEN1), then three interrupts taken as IRQs through ICC_IAR1 and ended with ICC_EOIR1: SGI 3 sent
 * to itself with ICC_SGI1R, the virtual timer's PPI 27 from the redistributor, and SPI 40 made pending in
 * the distributor (GICD_ISPENDR) and routed to CPU 0 (GICD_IROUTER). Prints one line each on the PL011 at
 * 0x09000000, what the VMM and qemu-system-arm -M virt,gic-version=3 must print alike (only values both
 * GICs share: QEMU 7.2 implements 8 priority bits and sets GICR_TYPER.CommonLPIAff, this model not),
 * then PSCI SYSTEM_OFF. Entered like a Linux kernel (SVC, MMU off); PC-relative addresses only.
 */
    .syntax unified
    .arm
    .arch_extension virt
    .text

    .equ GICD, 0x08000000
    .equ GICD_CTLR, 0x0000
    .equ GICD_TYPER, 0x0004
    .equ GICD_IGROUPR1, 0x0084
    .equ GICD_ISENABLER1, 0x0104
    .equ GICD_ISPENDR1, 0x0204
    .equ GICD_IPRIORITYR40, 0x0428
    .equ GICD_IROUTER40, 0x6140
    .equ GICD_PIDR2, 0xffe8
    .equ GICR, 0x080a0000
    .equ GICR_TYPER, 0x0008
    .equ GICR_WAKER, 0x0014
    .equ GICR_PIDR2, 0xffe8
    .equ GICR_IGROUPR0, 0x10080
    .equ GICR_ISENABLER0, 0x10100
    .equ GICR_IPRIORITYR, 0x10400
    .equ SYSTEM_OFF, 0x84000008

    .global _start
_start:
    adrl    sp, stack_top
    cps     #0x12                   @ IRQ mode: its stack
    adrl    sp, irq_stack_top
    cps     #0x13
    adrl    r0, vectors
    mcr     p15, 0, r0, c12, c0, 0  @ VBAR
    isb
    adrl    r0, s_hello
    bl      puts

    ldr     r4, =GICD
    ldr     r5, =GICR
    ldr     r1, =GICD_PIDR2
    ldr     r0, [r4, r1]
    ubfx    r0, r0, #4, #4
    adrl    r6, s_archrev
    bl      print_value
    ldr     r1, =GICR_PIDR2
    ldr     r0, [r5, r1]
    ubfx    r0, r0, #4, #4
    adrl    r6, s_rd_archrev
    bl      print_value
    ldr     r0, [r4, #GICD_TYPER]
    and     r0, r0, #0x1f
    adrl    r6, s_itlines
    bl      print_value
    ldr     r0, [r4, #GICD_TYPER]
    ubfx    r0, r0, #19, #5
    adrl    r6, s_idbits
    bl      print_value
    ldr     r0, [r5, #GICR_TYPER]
    ldr     r1, =0x00ffff10         @ Processor_Number and Last
    and     r0, r0, r1
    adrl    r6, s_gicr_typer
    bl      print_value
    ldr     r0, [r5, #GICR_TYPER + 4]
    adrl    r6, s_gicr_affinity
    bl      print_value

    /* Linux's bring-up: Group 1 on at the distributor (ARE and DS read as one), the redistributor woken */
    mov     r0, #0x13               @ ARE_NS | EnableGrp1A | EnableGrp1, as Linux writes it
    str     r0, [r4, #GICD_CTLR]
    ldr     r0, [r4, #GICD_CTLR]
    adrl    r6, s_gicd_ctlr
    bl      print_value
    ldr     r0, [r5, #GICR_WAKER]
    adrl    r6, s_waker_reset
    bl      print_value
    ldr     r0, [r5, #GICR_WAKER]
    bic     r0, r0, #2              @ ProcessorSleep
    str     r0, [r5, #GICR_WAKER]
1:  ldr     r0, [r5, #GICR_WAKER]
    tst     r0, #4                  @ ChildrenAsleep
    bne     1b
    adrl    r6, s_waker
    bl      print_value
    mrc     p15, 0, r0, c12, c12, 5 @ ICC_SRE
    adrl    r6, s_sre
    bl      print_value

    /* SGIs and PPIs: Group 1, SGI 3 and PPI 27 at priority 0xa0, enabled */
    ldr     r1, =GICR_IGROUPR0
    mvn     r0, #0
    str     r0, [r5, r1]
    ldr     r1, =GICR_IPRIORITYR
    add     r1, r5, r1
    mov     r0, #0xa0
    strb    r0, [r1, #3]
    strb    r0, [r1, #27]
    ldr     r1, =GICR_ISENABLER0
    ldr     r0, =(1 << 3) | (1 << 27)
    str     r0, [r5, r1]
    /* SPI 40: Group 1, priority 0x90, routed to affinity 0.0.0.0, enabled */
    ldr     r0, [r4, #GICD_IGROUPR1]
    orr     r0, r0, #1 << 8
    str     r0, [r4, #GICD_IGROUPR1]
    mov     r0, #0x90
    strb    r0, [r4, #GICD_IPRIORITYR40]
    ldr     r1, =GICD_IROUTER40
    mov     r0, #0
    str     r0, [r4, r1]
    add     r1, r1, #4
    str     r0, [r4, r1]
    mov     r0, #1 << 8
    str     r0, [r4, #GICD_ISENABLER1]

    /* the CPU interface: mask open below 0xf0, Group 1 on, IRQs unmasked */
    mov     r0, #0xf0
    mcr     p15, 0, r0, c4, c6, 0   @ ICC_PMR
    mov     r0, #1
    mcr     p15, 0, r0, c12, c12, 7 @ ICC_IGRPEN1
    isb
    mrc     p15, 0, r0, c12, c12, 0 @ ICC_IAR1 with nothing pending
    adrl    r6, s_idle
    bl      print_value
    cpsie   i

    /* SGI 3 to itself: TargetList bit 0 (Aff0 0), Aff1-3 0 */
    ldr     r0, =(3 << 24) | 1
    mov     r1, #0
    mcrr    p15, 0, r0, r1, c12     @ ICC_SGI1R
    isb
    mov     r7, #3
    adrl    r6, s_sgi
    bl      await_irq

    /* the virtual timer's PPI 27: fires once CNTV_TVAL counts down */
    mov     r0, #100
    mcr     p15, 0, r0, c14, c3, 0  @ CNTV_TVAL
    mov     r0, #1
    mcr     p15, 0, r0, c14, c3, 1  @ CNTV_CTL: enabled, not masked
    isb
    mov     r7, #27
    adrl    r6, s_ppi
    bl      await_irq

    /* SPI 40, set pending through the distributor */
    mov     r0, #1 << 8
    str     r0, [r4, #GICD_ISPENDR1]
    mov     r7, #40
    adrl    r6, s_spi
    bl      await_irq

    adrl    r0, s_bye
    bl      puts
    ldr     r0, =SYSTEM_OFF
    hvc     #0
halt:
    wfi
    b       halt

/* spins until the IRQ handler has taken interrupt r7 (no WFI: the IRQ may come between the test and it),
 * then prints r6 with its ID and ICC_RPR as the handler saw them */
await_irq:
    push    {lr}
    adrl    r1, taken
1:  ldr     r0, [r1]
    cmp     r0, r7
    bne     1b
    mov     r0, r6
    bl      puts
    adrl    r1, taken
    ldr     r0, [r1]
    bl      puthex0x
    adrl    r0, s_rpr
    bl      puts
    adrl    r1, taken
    ldr     r0, [r1, #4]
    bl      puthex0x
    bl      newline
    adrl    r1, taken
    mvn     r0, #0
    str     r0, [r1]
    pop     {pc}

/* prints the string at r6, then r0 in hex, then a new line */
print_value:
    push    {r4, lr}
    mov     r4, r0
    mov     r0, r6
    bl      puts
    mov     r0, r4
    bl      puthex0x
    bl      newline
    pop     {r4, pc}

/* IRQ: acknowledge, note the ID and the running priority while it is active, silence the timer, end it */
irq:
    sub     lr, lr, #4
    push    {r0-r3, r12, lr}
    mrc     p15, 0, r0, c12, c12, 0 @ ICC_IAR1
    mrc     p15, 0, r2, c12, c11, 3 @ ICC_RPR
    adrl    r1, taken
    str     r0, [r1]
    str     r2, [r1, #4]
    cmp     r0, #27
    moveq   r3, #2
    mcreq   p15, 0, r3, c14, c3, 1  @ CNTV_CTL: masked, so the level drops
    isb
    mcr     p15, 0, r0, c12, c12, 1 @ ICC_EOIR1
    pop     {r0-r3, r12, lr}
    movs    pc, lr

unexpected:
    adrl    r0, s_unexpected
    bl      puts
    b       halt

    .ltorg

    .balign 32
vectors:
    b       unexpected              @ reset
    b       unexpected              @ undefined
    b       unexpected              @ SVC
    b       unexpected              @ prefetch abort
    b       unexpected              @ data abort
    b       unexpected              @ (Hyp trap)
    b       irq
    b       unexpected              @ FIQ

s_hello:        .asciz "gicv3 guest: a GICv3 on the virt board\r\n"
s_archrev:      .asciz "GICD_PIDR2.ArchRev "
s_rd_archrev:   .asciz "GICR_PIDR2.ArchRev "
s_itlines:      .asciz "GICD_TYPER.ITLinesNumber "
s_idbits:       .asciz "GICD_TYPER.IDbits "
s_gicr_typer:   .asciz "GICR_TYPER Processor_Number, Last "
s_gicr_affinity: .asciz "GICR_TYPER affinity "
s_gicd_ctlr:    .asciz "GICD_CTLR "
s_waker_reset:  .asciz "GICR_WAKER at reset "
s_waker:        .asciz "GICR_WAKER awake "
s_sre:          .asciz "ICC_SRE "
s_idle:         .asciz "ICC_IAR1 with nothing pending "
s_sgi:          .asciz "SGI by ICC_SGI1R: ICC_IAR1 "
s_ppi:          .asciz "virtual timer PPI: ICC_IAR1 "
s_spi:          .asciz "SPI by GICD_ISPENDR: ICC_IAR1 "
s_rpr:          .asciz " ICC_RPR "
s_bye:          .asciz "SYSTEM_OFF\r\n"
s_unexpected:   .asciz "unexpected exception\r\n"

    .balign 4
taken:  .word -1, 0
    .balign 8
stack:  .space 256
stack_top:
irq_stack: .space 256
irq_stack_top:
