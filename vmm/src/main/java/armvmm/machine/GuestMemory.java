package armvmm.machine;

import armvmm.accel.VcpuDebug;
import armvmm.bus.AddressSpace;
import armvmm.bus.BusErrorException;
import java.util.OptionalLong;

/**
 * Guest memory as a debugger or monitor reads and writes it: by virtual address through a paused vCPU's
 * current translation regime (page by page, as each page may map elsewhere), or by physical address. RAM
 * and ROM only: a device register is never read or written on a debugger's behalf (a read may have a side
 * effect, such as taking a character out of a UART's FIFO). Writes drop any decoded code of the pages
 * they touch, as DMA does.
 */
public final class GuestMemory {
    private static final int PAGE = 4096;

    /** An address that does not translate, or lies outside RAM and ROM. */
    public static final class Fault extends Exception {
        public Fault(String message) { super(message); }
    }

    private final AddressSpace bus;

    public GuestMemory(AddressSpace bus) { this.bus = bus; }

    /** {@code length} bytes at {@code address}: virtual through {@code cpu}, or physical when {@code cpu} is null. */
    public byte[] read(VcpuDebug cpu, long address, int length) throws Fault {
        byte[] out = new byte[length];
        transfer(cpu, address, out, false);
        return out;
    }

    public void write(VcpuDebug cpu, long address, byte[] data) throws Fault { transfer(cpu, address, data, true); }

    private void transfer(VcpuDebug cpu, long address, byte[] data, boolean write) throws Fault {
        long limit = cpu == null ? AddressSpace.LIMIT : 1L << 32;
        if (address < 0 || address + data.length > limit) throw new Fault(String.format("0x%x+%d is beyond the address space", address, data.length));
        int done = 0;
        while (done < data.length) {
            long a = address + done;
            int n = (int) Math.min(data.length - done, PAGE - (a & (PAGE - 1)));
            long pa = a;
            if (cpu != null) {
                OptionalLong t = cpu.translate((int) a);
                if (t.isEmpty()) throw new Fault(String.format("virtual address 0x%08x does not translate", a));
                pa = t.getAsLong();
            }
            try {
                if (write) bus.writeBytes(pa, data, done, n);
                else bus.readBytes(pa, data, done, n);
            } catch (BusErrorException e) {
                throw new Fault(String.format("physical address 0x%x: %s", pa, e.getMessage()));
            }
            done += n;
        }
    }
}
