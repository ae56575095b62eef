package armvmm.debug.gdb;

import armvmm.cp15.CpReg;
import java.util.List;

/**
 * The target description gdb reads with {@code qXfer:features:read:target.xml} (GDB manual, "Target
 * Descriptions"), and the register numbers it implies: the core registers (org.gnu.gdb.arm.core), VFP/NEON
 * (org.gnu.gdb.arm.vfp: d0-d31 and fpscr), then one system register per cp15 registry entry under the
 * registry's own name, in group "system" (so {@code p $SCTLR} and {@code info registers system} work). The
 * numbers follow the order of the document: gdb numbers registers without a regnum attribute in sequence.
 */
final class TargetDescription {
    /** r0-r12, sp, lr, pc: 0-15. */
    static final int CPSR = 16;
    static final int D0 = 17;
    static final int FPSCR = D0 + 32;
    static final int FIRST_SYSTEM = FPSCR + 1;

    private final List<CpReg> systemRegisters;
    private final String xml;

    TargetDescription(List<CpReg> systemRegisters) {
        this.systemRegisters = List.copyOf(systemRegisters);
        this.xml = build();
    }

    String xml() { return xml; }

    int registerCount() { return FIRST_SYSTEM + systemRegisters.size(); }

    /** The system register with gdb number {@code n}, or null when {@code n} is not one. */
    CpReg systemRegister(int n) {
        int i = n - FIRST_SYSTEM;
        return i >= 0 && i < systemRegisters.size() ? systemRegisters.get(i) : null;
    }

    /** Bytes of register {@code n} in a p/P packet, or 0 when there is no such register. */
    int size(int n) {
        if (n >= 0 && n <= CPSR || n == FPSCR) return 4;
        if (n >= D0 && n < FPSCR) return 8;
        CpReg r = systemRegister(n);
        return r == null ? 0 : r.width() / 8;
    }

    private String build() {
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n");
        sb.append("  <architecture>arm</architecture>\n");
        sb.append("  <feature name=\"org.gnu.gdb.arm.core\">\n");
        for (int i = 0; i <= 12; i++) reg(sb, "r" + i, 32, "uint32", null);
        reg(sb, "sp", 32, "data_ptr", null);
        reg(sb, "lr", 32, "int", null);
        reg(sb, "pc", 32, "code_ptr", null);
        reg(sb, "cpsr", 32, "int", null);
        sb.append("  </feature>\n  <feature name=\"org.gnu.gdb.arm.vfp\">\n");
        for (int i = 0; i < 32; i++) reg(sb, "d" + i, 64, "ieee_double", null);
        reg(sb, "fpscr", 32, "int", "float");
        sb.append("  </feature>\n  <feature name=\"armvmm.cp15\">\n");
        for (CpReg r : systemRegisters) reg(sb, gdbName(r), r.width(), r.width() == 64 ? "uint64" : "uint32", "system");
        sb.append("  </feature>\n</target>\n");
        return sb.toString();
    }

    /**
     * The registry's name as a gdb register name: the few registry names that give two names for one
     * encoding ("PRRR/MAIR0") have '_' for the '/', since gdb reads {@code $PRRR/MAIR0} as a division.
     */
    static String gdbName(CpReg r) { return r.name().replaceAll("[^A-Za-z0-9_]", "_"); }

    private static void reg(StringBuilder sb, String name, int bits, String type, String group) {
        sb.append("    <reg name=\"").append(name).append("\" bitsize=\"").append(bits).append("\" type=\"").append(type).append('"');
        if (group != null) sb.append(" group=\"").append(group).append('"');
        sb.append("/>\n");
    }
}
