package armvmm.cli;

import armvmm.launch.Plugins;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code vmm qemu ...} (and {@code bin/vmm-qemu}): a qemu-system-arm command line, translated by
 * {@link QemuCommandLine} into {@code vmm run} options and run by {@link RunCommand} itself, so that the
 * two never build machines differently. Its exit status is vmm run's.
 */
@Command(name = "qemu", sortOptions = false,
        description = {"Run a guest from a qemu-system-arm command line (the subset scripts use; see -machine help, -device help),",
                "e.g. vmm qemu -M virt -m 512 -smp 2 -kernel zImage -initrd initrd.gz -append console=ttyAMA0 -nographic -no-reboot"})
public final class QemuCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Unmatched
    List<String> qemuArgs = new ArrayList<>();

    /**
     * As QEMU, which logs a guest's unimplemented and erroneous accesses only when asked ({@code -d
     * unimp,guest_errors}), the VMM's warnings stay quiet unless {@code -d} is given: scripts written for QEMU
     * take any stderr line for a failure (kvm-unit-tests' runner does). Errors are still printed. It takes
     * effect only before the first logger is made, which reads the configuration ({@link Main#main} calls it
     * first thing).
     */
    static void qemuLogging(String[] qemuArgs) {
        if (!java.util.Arrays.asList(qemuArgs).contains("-d")) System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
    }

    @Override
    public Integer call() throws Exception {
        QemuCommandLine.Translation t = QemuCommandLine.translate(qemuArgs, Plugins.boards());
        if (t.listing() != null) {
            spec.commandLine().getOut().print(t.listing());
            spec.commandLine().getOut().flush();
            return 0;
        }
        CommandLine run = new CommandLine(new RunCommand());
        try {
            run.parseArgs(t.runArgs().toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw QemuCommandLine.unsupported(e.getMessage());
        }
        RunCommand command = run.getCommand();
        run.setOut(spec.commandLine().getOut());
        run.setErr(spec.commandLine().getErr());
        return command.call();
    }
}
