package armvmm.trace;

import armvmm.bus.BusMaster;
import armvmm.bus.MmioTrace;
import armvmm.bus.Region;
import java.io.PrintStream;

/**
 * {@code --trace mmio}: one line per device access, the same under TCG and KVM:
 * <pre>mmio cpu0 pc=0x80008a3c W 0x001c090000 4 0x00000041 pl011@1c090000+0x000 UARTDR</pre>
 * (vCPU or "dma", guest PC, R/W, physical address, size in bytes, value, device+offset, register name
 * when the device names it).
 */
public final class MmioTraceLog implements MmioTrace {
    private final PrintStream out;
    private final TraceFilter filter;

    public MmioTraceLog(PrintStream out, TraceFilter filter) {
        this.out = out;
        this.filter = filter;
    }

    @Override
    public void access(BusMaster who, boolean write, long pa, int size, long value, Region region, long offset) {
        if (!filter.accepts(region.name(), pa)) return;
        out.println(format(who, write, pa, size, value, region, offset));
    }

    public static String format(BusMaster who, boolean write, long pa, int size, long value, Region region, long offset) {
        String cpu = who.id() == BusMaster.DMA ? "dma " : "cpu" + who.id();
        long pc = who.id() == BusMaster.DMA ? -1 : who.currentPc();
        String pcs = pc < 0 ? "pc=-         " : String.format("pc=0x%08x", pc);
        String reg = region.device() == null ? null : region.device().registerName(offset);
        String val = String.format("0x%0" + (size * 2) + "x", value);
        return String.format("mmio %s %s %s 0x%010x %d %s %s+0x%03x%s", cpu, pcs, write ? "W" : "R", pa, size, val,
                region.name(), offset, reg == null ? "" : " " + reg);
    }
}
