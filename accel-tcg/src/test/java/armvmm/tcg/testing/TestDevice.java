package armvmm.tcg.testing;

import armvmm.bus.AccessSizes;
import armvmm.bus.MmioDevice;
import armvmm.irq.IrqLine;
import armvmm.machine.Machine;

/**
 * The bare-metal test programs' device (guests/cpu/common.h): PUTC (0x0) appends a character, EXIT (0x4)
 * records the exit code and powers the machine off, IRQ (0x8) and FIQ (0xc) drive vCPU 0's interrupt inputs
 * to the written level (there is no GIC in the test machine).
 */
public final class TestDevice implements MmioDevice {
    static final long PUTC = 0x0, EXIT = 0x4, IRQ = 0x8, FIQ = 0xc;

    private final Machine machine;
    private final StringBuffer output = new StringBuffer();
    private volatile int exitCode = -1;
    volatile IrqLine irq = IrqLine.NONE, fiq = IrqLine.NONE;

    public TestDevice(Machine machine) { this.machine = machine; }

    @Override
    public String name() { return "testdev"; }

    @Override
    public AccessSizes accessSizes() { return AccessSizes.WORD; }

    @Override
    public long read(long offset, int size, int requester) { return 0; }

    @Override
    public void write(long offset, int size, long value, int requester) {
        if (offset == PUTC) output.append((char) (value & 0xff));
        else if (offset == EXIT) {
            exitCode = (int) value;
            machine.requestPowerOff("guest exit " + value);
        } else if (offset == IRQ) irq.set(value != 0);
        else if (offset == FIQ) fiq.set(value != 0);
    }

    public String output() { return output.toString(); }

    public int exitCode() { return exitCode; }
}
