package armvmm.boards.vexpress;

import armvmm.memory.RamBlock;

/**
 * The holding pen where every CPU but the first waits, in a small boot ROM: it enables its own (banked)
 * SGIs and GIC CPU interface so that a wake-up SGI can end its WFI, then sleeps until SYS_FLAGS holds an address
 * and jumps there. This is the protocol Linux's vexpress SMP code (platsmp-vexpress.c: vexpress_flags_set,
 * then an IPI) and the board's boot monitor share.
 */
public final class SecondaryBootRom {
    private SecondaryBootRom() {}

    /** SYS_FLAGS in the system registers (V2M-P1 TRM, 4.3 "System register summary"). */
    public static final long SYS_FLAGS = VexpressMap.SYSREGS.base + 0x30;

    /** ARM (A32) code; the three literals follow the code. Listed with their assembly, which a test re-assembles. */
    static int[] code(long gicdBase, long giccBase, long sysFlags) {
        return new int[] {
            0xe59f0030, //        ldr   r0, =GICD base       (literal at 0x38)
            0xe30f1fff, //        movw  r1, #0xffff
            0xe5801100, //        str   r1, [r0, #0x100]     GICD_ISENABLER0 (banked): this CPU's SGIs, for the wake-up IPI
            0xe59f0028, //        ldr   r0, =GICC base       (literal at 0x3c)
            0xe3a01001, //        mov   r1, #1
            0xe5801000, //        str   r1, [r0]             GICC_CTLR.Enable
            0xe3a010ff, //        mov   r1, #0xff
            0xe5801004, //        str   r1, [r0, #4]         GICC_PMR: every priority passes
            0xe59f2018, //        ldr   r2, =SYS_FLAGS       (literal at 0x40)
            0xe320f003, // pen:   wfi
            0xe5923000, //        ldr   r3, [r2]
            0xe3530000, //        cmp   r3, #0
            0x0afffffb, //        beq   pen
            0xe12fff13, //        bx    r3
            (int) gicdBase,
            (int) giccBase,
            (int) sysFlags,
        };
    }

    /** The ROM image, one page. */
    public static RamBlock build() {
        RamBlock rom = new RamBlock("boot-rom", VexpressMap.BOOT_ROM.size);
        fill(rom);
        return rom;
    }

    /** Writes the pen into {@code rom} (again, after a reset). */
    public static void fill(RamBlock rom) {
        int[] words = code(VexpressMap.GIC_DIST.base, VexpressMap.GIC_CPU.base, SYS_FLAGS);
        for (int i = 0; i < words.length; i++) rom.write32(4L * i, words[i]);
    }

    /** Where a secondary CPU starts. */
    public static long entry() { return VexpressMap.BOOT_ROM.base; }
}
