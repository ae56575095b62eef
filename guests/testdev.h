/* armvmm's test device, as the bare-metal test harnesses map it (BareMetal.TESTDEV_BASE): a write to
 * PUTC prints the byte, a write to EXIT ends the run with that status, IRQ and FIQ drive the CPU's lines. */
#define TESTDEV 0x10000000
#define TESTDEV_PUTC 0x0
#define TESTDEV_EXIT 0x4
#define TESTDEV_IRQ 0x8
#define TESTDEV_FIQ 0xc
