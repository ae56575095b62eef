package armvmm.accel;

import armvmm.cp15.Cp15Trace;
import armvmm.cp15.CpReg;
import armvmm.cpu.FirmwareCalls;
import java.util.List;

/**
 * What the CPU model of every vCPU is built with: the coprocessor registers the board adds to the core's set
 * (vexpress: CBAR, which holds the board's private peripheral base), the {@code --trace cp15} sink, or
 * null when that trace is off, and the firmware the board puts behind HVC/SMC (virt: PSCI), or null when
 * those instructions behave as the CPU model alone defines them.
 */
public record CpuOptions(List<CpReg> boardSystemRegisters, Cp15Trace cp15Trace, FirmwareCalls firmware) {
    public static final CpuOptions NONE = new CpuOptions(List.of(), null, null);

    public CpuOptions {
        boardSystemRegisters = List.copyOf(boardSystemRegisters);
    }

    /** Without board firmware. */
    public CpuOptions(List<CpReg> boardSystemRegisters, Cp15Trace cp15Trace) { this(boardSystemRegisters, cp15Trace, null); }
}
