package armvmm.cli;

import armvmm.launch.Plugins;
import armvmm.board.Board;
import armvmm.fdt.Fdt;
import armvmm.machine.MachineConfig;
import armvmm.error.VmmException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vmm dtb}: the device tree a guest would receive. It takes the options of {@code vmm run}
 * (parsed by {@link RunCommand} itself, so the two never disagree) and builds the tree exactly as the
 * board does for that run.
 */
@Command(name = "dtb", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write the device tree the guest receives for the given 'vmm run' options",
                "(--board, --cpus, --memory, --kernel, --dtb, --initrd, --append, --drive, --netdev, --device, --console),",
                "as a .dtb (-o FILE) or as source (--dts)."})
public final class DtbCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-o", "--output"}, description = "Write here (a .dtb, or source with --dts).")
    Path output;

    @Option(names = "--dts", description = "Device tree source instead of a blob (to stdout without -o).")
    boolean dts;

    @CommandLine.Unmatched
    List<String> runOptions = new ArrayList<>();

    @Override
    public Integer call() {
        if (output == null && !dts) throw new VmmException("say where the tree goes: -o FILE, or --dts to print source");
        RunCommand run = new RunCommand();
        try {
            new CommandLine(run).parseArgs(runOptions.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new VmmException(e.getMessage());
        }
        MachineConfig cfg = run.machineConfig();
        Board b = Plugins.board(cfg.board());
        byte[] dtb = b.deviceTree(cfg).orElseThrow(() -> new VmmException("--board " + cfg.board() + ": this board has no device tree to dump"));
        byte[] out = dts ? Fdt.parse(dtb).toDts().getBytes(StandardCharsets.UTF_8) : dtb;
        if (output == null) {
            spec.commandLine().getOut().print(new String(out, StandardCharsets.UTF_8));
            spec.commandLine().getOut().flush();
            return 0;
        }
        try {
            Files.write(output, out);
        } catch (IOException e) {
            throw new VmmException("-o " + output + ": cannot write (" + e.getMessage() + ")");
        }
        return 0;
    }
}
