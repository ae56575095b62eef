package armvmm.boards.loader;

import armvmm.bus.AddressSpace;
import armvmm.cpu.ArmCoreRegisters;
import armvmm.cpu.CoreReg;

/** Everything loaded into RAM for one boot, with its placement: loaded again on every reset. */
public record BootImages(KernelImage kernel, byte[] initrd, byte[] dtb, BootLayout layout) {
    /** CPSR at kernel entry: SVC mode, IRQ, FIQ and asynchronous aborts masked, ARM state (booting.rst, "CPU mode"). */
    public static final int BOOT_CPSR = 0x1d3;
    /** CPSR.T: an entry address with bit 0 set starts in Thumb state (as QEMU starts an ELF's). */
    static final int CPSR_T = 1 << 5;
    /** r1: the machine type; all ones says "look at the device tree in r2". */
    public static final int MACH_TYPE_DT = 0xffffffff;
    private static final int ZERO_CHUNK = 64 << 10;

    public void load(AddressSpace bus) {
        if (kernel.placed()) {
            for (KernelImage.Segment s : kernel.segments()) {
                bus.writeBytes(s.address(), s.data(), 0, s.data().length);
                zero(bus, s.address() + s.data().length, s.memSize() - s.data().length);
            }
        } else {
            bus.writeBytes(layout.kernelAddress(), kernel.bytes(), 0, kernel.bytes().length);
        }
        if (initrd != null) bus.writeBytes(layout.initrdAddress(), initrd, 0, initrd.length);
        if (layout.hasDtb()) bus.writeBytes(layout.dtbAddress(), dtb, 0, dtb.length);
    }

    /** An ELF's bss: RAM holds the last run's contents after a reset, so the zeros are written. */
    private static void zero(AddressSpace bus, long address, long length) {
        byte[] zeros = new byte[(int) Math.min(length, ZERO_CHUNK)];
        for (long done = 0; done < length; done += zeros.length)
            bus.writeBytes(address + done, zeros, 0, (int) Math.min(zeros.length, length - done));
    }

    /**
     * The boot CPU's registers: for Linux r0 = 0, r1 = machine type, r2 = DTB; for a bare-metal kernel
     * (ELF) all zero, as QEMU leaves them. MMU off (reset SCTLR), PC at the entry.
     */
    public ArmCoreRegisters primaryRegisters() {
        long entry = kernel.placed() ? kernel.entry() : layout.kernelAddress();
        ArmCoreRegisters regs = ArmCoreRegisters.zero()
                .with(CoreReg.PC, (int) (entry & ~1L))
                .with(CoreReg.CPSR, BOOT_CPSR | ((entry & 1) != 0 ? CPSR_T : 0));
        if (!kernel.linux()) return regs;
        return regs.with(CoreReg.R1, MACH_TYPE_DT).with(CoreReg.R2, (int) layout.dtbAddress());
    }

    /** A secondary CPU's registers: the same mode, waiting in the holding pen at {@code pen}. */
    public static ArmCoreRegisters secondaryRegisters(long pen) {
        return ArmCoreRegisters.zero().with(CoreReg.PC, (int) pen).with(CoreReg.CPSR, BOOT_CPSR);
    }
}
