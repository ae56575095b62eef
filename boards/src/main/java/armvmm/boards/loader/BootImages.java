package armvmm.boards.loader;

import armvmm.bus.AddressSpace;
import armvmm.cpu.ArmCoreRegisters;
import armvmm.cpu.CoreReg;

/** Everything loaded into RAM for one boot, with its placement: loaded again on every reset. */
public record BootImages(KernelImage kernel, byte[] initrd, byte[] dtb, BootLayout layout) {
    /** CPSR at kernel entry: SVC mode, IRQ, FIQ and asynchronous aborts masked, ARM state (booting.rst, "CPU mode"). */
    public static final int BOOT_CPSR = 0x1d3;
    /** r1: the machine type; all ones says "look at the device tree in r2". */
    public static final int MACH_TYPE_DT = 0xffffffff;

    public void load(AddressSpace bus) {
        bus.writeBytes(layout.kernelAddress(), kernel.bytes(), 0, kernel.size());
        if (initrd != null) bus.writeBytes(layout.initrdAddress(), initrd, 0, initrd.length);
        bus.writeBytes(layout.dtbAddress(), dtb, 0, dtb.length);
    }

    /** The boot CPU's registers: r0 = 0, r1 = machine type, r2 = DTB, MMU off (reset SCTLR), PC at the kernel. */
    public ArmCoreRegisters primaryRegisters() {
        return ArmCoreRegisters.zero()
                .with(CoreReg.R1, MACH_TYPE_DT)
                .with(CoreReg.R2, (int) layout.dtbAddress())
                .with(CoreReg.PC, (int) layout.kernelAddress())
                .with(CoreReg.CPSR, BOOT_CPSR);
    }

    /** A secondary CPU's registers: the same mode, waiting in the holding pen at {@code pen}. */
    public static ArmCoreRegisters secondaryRegisters(long pen) {
        return ArmCoreRegisters.zero().with(CoreReg.PC, (int) pen).with(CoreReg.CPSR, BOOT_CPSR);
    }
}
