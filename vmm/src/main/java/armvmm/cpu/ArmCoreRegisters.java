package armvmm.cpu;

import java.util.Arrays;

/**
 * A copy of a vCPU's core registers, as read or written through the accelerator interface while the vCPU
 * is paused. Values are indexed by {@link CoreReg}; PC is the address of the next instruction to execute.
 */
public record ArmCoreRegisters(int[] values) {
    public ArmCoreRegisters {
        if (values.length != CoreReg.values().length) throw new IllegalArgumentException("need " + CoreReg.values().length + " values");
        values = values.clone();
    }

    public static ArmCoreRegisters zero() { return new ArmCoreRegisters(new int[CoreReg.values().length]); }

    public int get(CoreReg r) { return values[r.ordinal()]; }

    public ArmCoreRegisters with(CoreReg r, int v) {
        int[] n = values.clone();
        n[r.ordinal()] = v;
        return new ArmCoreRegisters(n);
    }

    public CpuMode mode() { return CpuMode.fromBits(get(CoreReg.CPSR)); }

    /** {@code Rn} as the current mode sees it. */
    public int current(int n) { return get(CoreReg.banked(mode(), n)); }

    @Override
    public int[] values() { return values.clone(); }

    @Override
    public boolean equals(Object o) { return o instanceof ArmCoreRegisters a && Arrays.equals(values, a.values); }

    @Override
    public int hashCode() { return Arrays.hashCode(values); }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        CpuMode m = mode();
        for (int i = 0; i < 16; i++) {
            sb.append(String.format("r%-2d=%08x%s", i, current(i), i % 4 == 3 ? "\n" : "  "));
        }
        sb.append(String.format("cpsr=%08x (%s)", get(CoreReg.CPSR), m == null ? "reserved mode" : m.name().toLowerCase()));
        return sb.toString();
    }
}
