package armvmm.cli;

import armvmm.launch.Plugins;
import armvmm.cp15.Aarch64Alias;
import armvmm.cp15.CpReg;
import armvmm.cp15.CpRegistry;
import armvmm.cp15.CpState;
import armvmm.cp15.InertHost;
import armvmm.cpu.cortexa15.CortexA15;
import armvmm.board.Board;
import armvmm.error.VmmException;
import armvmm.time.VirtualClock;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vmm cp15 --cpu cortex-a15 [--board B]}: the coprocessor register table, one register a line. */
@Command(name = "cp15", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Print the coprocessor registers of a CPU model (and a board's additions): encoding, name, width, kind, banking, reset value, access rights, AArch64 register.")
public final class Cp15Command implements Callable<Integer> {
    /** The CPU models and their register sets. */
    private static final Map<String, Supplier<List<CpReg>>> CPUS = Map.of("cortex-a15", CortexA15::definitions);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--cpu", defaultValue = "cortex-a15", description = "CPU model. Default: ${DEFAULT-VALUE}.")
    String cpu;

    @Option(names = "--board", description = "Add this board's registers (e.g. CBAR of vexpress-a15).")
    String board;

    @Override
    public Integer call() {
        Supplier<List<CpReg>> set = CPUS.get(cpu);
        if (set == null) throw new VmmException("--cpu " + cpu + ": unknown CPU model (available: " + String.join(", ", CPUS.keySet()) + ")");
        List<CpReg> boardRegs = board == null ? List.of() : boardRegisters(Plugins.board(board));
        CpRegistry registry;
        try {
            registry = CpRegistry.builder().addAll(set.get()).addAll(boardRegs).build();
        } catch (IllegalArgumentException e) {
            throw new VmmException("--board " + board + ": " + e.getMessage());
        }
        print(registry, spec.commandLine().getOut());
        return 0;
    }

    private static List<CpReg> boardRegisters(Board b) { return b.systemRegisters(); }

    /** Per-vCPU reset values are shown for cpu0 of a one-CPU machine. */
    static void print(CpRegistry registry, PrintWriter out) {
        CpState cpu0 = registry.newState(new InertHost(new VirtualClock(0)));
        out.printf("%-16s %-17s %-3s %-13s %-6s %-18s %-28s %s%n", "ENCODING", "NAME", "W", "KIND", "BANK", "RESET", "RIGHTS", "AARCH64");
        for (CpReg r : registry.registers()) {
            String kind = r.lowHalfOf() != null ? "view[31:0]" : r.kind().name().toLowerCase(Locale.ROOT).replace("state_with_side_effects", "state+effects");
            String reset = r.kind() == CpReg.Kind.OPERATION ? "-" : String.format(r.width() == 64 ? "0x%016x" : "0x%08x", cpu0.peek(r))
                    + (r.resetFrom() != null ? "*" : "");
            Aarch64Alias a = r.aarch64() != null ? r.aarch64() : r.lowHalfOf() != null ? r.lowHalfOf().aarch64() : null;
            out.printf("%-16s %-17s %-3d %-13s %-6s %-18s %-28s %s%n", r.encoding(), r.name(), r.width(), kind, r.banked() ? "S/NS" : "-",
                    reset, r.rights(), a == null ? "-" : a.toString());
        }
        out.println("(* per vCPU: the value of cpu0 of a one-CPU machine)");
    }
}
