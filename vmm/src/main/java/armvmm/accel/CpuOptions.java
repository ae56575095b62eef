package armvmm.accel;

import armvmm.cp15.Cp15Trace;
import armvmm.cp15.CpReg;
import java.util.List;

/**
 * What the CPU model of every vCPU is built with: the coprocessor registers the board adds to the core's set
 * (vexpress: CBAR, which holds the board's private peripheral base) and the {@code --trace cp15} sink, or
 * null when that trace is off.
 */
public record CpuOptions(List<CpReg> boardSystemRegisters, Cp15Trace cp15Trace) {
    public static final CpuOptions NONE = new CpuOptions(List.of(), null);

    public CpuOptions {
        boardSystemRegisters = List.copyOf(boardSystemRegisters);
    }
}
