package armvmm.cli;

import armvmm.error.ExitCode;
import armvmm.error.VmmException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vmm}: the command-line entry point. */
@Command(name = "vmm", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A split userspace VMM for 32-bit ARM guests (Cortex-A15): board models and devices in Java, vCPUs on TCG or KVM.",
        subcommands = {RunCommand.class, QemuCommand.class, BoardsCommand.class, AccelsCommand.class, Cp15Command.class, DtbCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        // before any class makes its logger, which reads the logging configuration once
        if (args.length > 0 && args[0].equals("qemu")) QemuCommand.qemuLogging(args);
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI and returns the exit code (tests call this). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("vmm: " + oneLine(ex.getMessage()) + " (see 'vmm " + commandPath(c) + "--help')");
            return ExitCode.USER_ERROR;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            if (ex instanceof VmmException ve) {
                c.getErr().println("vmm: " + oneLine(ve.getMessage()));
                return ve.exitCode();
            }
            c.getErr().println("vmm: internal error: " + oneLine(String.valueOf(ex)));
            if (Boolean.getBoolean("armvmm.debug")) ex.printStackTrace(c.getErr());
            else c.getErr().println("vmm: (run with VMM_DEBUG=1 for the stack trace)");
            return ExitCode.INTERNAL_ERROR;
        });
        return cl;
    }

    private static String commandPath(CommandLine c) {
        StringBuilder sb = new StringBuilder();
        for (CommandLine p = c; p.getParent() != null; p = p.getParent()) sb.insert(0, p.getCommandName() + " ");
        return sb.toString();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ').strip();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"vmm " + (v == null ? "0.1.0-SNAPSHOT" : v) + " (Java " + System.getProperty("java.version") + ")"};
        }
    }
}
