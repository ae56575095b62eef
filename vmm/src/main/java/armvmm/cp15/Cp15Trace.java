package armvmm.cp15;

import armvmm.cpu.CpuMode;
import armvmm.trace.TraceFilter;
import java.io.PrintStream;
import java.util.Locale;

/**
 * {@code --trace cp15}: one line per guest coprocessor register access, the same under every accelerator
 * that sees them:
 * <pre>cp15 cpu0 pc=0x80008a3c svc S MRC p15,0,c1,c0,0 SCTLR R 0x00c50078 ok</pre>
 * (vCPU, guest PC, mode, security state S/NS, the instruction and its encoding, register name or "unknown",
 * R/W, value (16 digits for the 64-bit forms, "-" for a read that did not happen), and the outcome: ok,
 * UNDEFINED or HYP_TRAP). The filter's {@code dev=} matches register names, {@code addr=} the guest PC.
 */
public final class Cp15Trace {
    private final PrintStream out;
    private final TraceFilter filter;

    public Cp15Trace(PrintStream out, TraceFilter filter) {
        this.out = out;
        this.filter = filter;
    }

    /**
     * One access. {@code reg} is null for an encoding the registry does not know ({@code key} says which);
     * {@code value} is the value read or written (ignored for a read that was not allowed).
     */
    public void access(int cpu, long pc, CpuMode mode, boolean secure, int key, CpReg reg, boolean write, long value, CpAccess outcome) {
        String name = reg == null ? "unknown" : reg.name();
        if (!filter.accepts(name, pc)) return;
        out.println(format(cpu, pc, mode, secure, key, reg, write, value, outcome));
    }

    public static String format(int cpu, long pc, CpuMode mode, boolean secure, int key, CpReg reg, boolean write, long value, CpAccess outcome) {
        CpEncoding e = reg == null ? CpEncoding.ofKey(key) : reg.encoding();
        String val;
        if (!write && (reg == null || outcome != CpAccess.OK)) val = "-";
        else val = e.wide() ? String.format("0x%016x", value) : String.format("0x%08x", value & 0xffff_ffffL);
        return String.format("cp15 cpu%d pc=0x%08x %s %s %s %s %s %s %s", cpu, pc, mode.name().toLowerCase(Locale.ROOT),
                secure ? "S" : "NS", e.instruction(write), reg == null ? "unknown" : reg.name(), write ? "W" : "R", val,
                outcome == CpAccess.OK ? "ok" : outcome.name());
    }
}
