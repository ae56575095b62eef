/* The virt board's GICv2 as the bare-metal virt guests (hostile/wfispin, qmp/powerirq) use it. */
#define GICD_CTLR 0x08000000
#define GICC_CTLR 0x08010000
#define GICC_PMR 0x08010004

/* GICC_ON: the CPU interface lets every priority through and signals (r1, r2 clobbered). */
.macro GICC_ON
    ldr     r1, =GICC_PMR
    mov     r2, #0xff
    str     r2, [r1]
    ldr     r1, =GICC_CTLR
    mov     r2, #1
    str     r2, [r1]
.endm
