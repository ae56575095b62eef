package armvmm.boards.virt;

import armvmm.boards.common.MapWindow;
import armvmm.boards.psci.Psci;
import armvmm.memory.RamBlock;

/**
 * Where every CPU but the first starts: a call of PSCI CPU_OFF (r0 preset by the board to its function ID)
 * through the board's conduit, which powers the CPU down until another CPU's CPU_ON gives it an entry point.
 * On QEMU's virt the secondary CPUs simply start powered off; a CPU here starts running, so it powers
 * itself off first.
 */
final class FirmwareStub {
    private FirmwareStub() {}

    /** ARM (A32) code. */
    static final int[] CODE = {
        0xe1400070, // hvc  #0        r0 = CPU_OFF: does not return
        0xeafffffe, // b    .         (were it ever to return)
    };

    /** r0 at the stub's entry. */
    static final int R0 = Psci.FN_CPU_OFF;

    static RamBlock build(MapWindow window) {
        RamBlock rom = new RamBlock("virt.firmware-stub", window.size());
        for (int i = 0; i < CODE.length; i++) rom.write32(4L * i, CODE[i]);
        return rom;
    }

    static long entry() { return VirtMap.FIRMWARE.base; }
}
