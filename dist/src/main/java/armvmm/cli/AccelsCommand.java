package armvmm.cli;

import armvmm.launch.Plugins;
import armvmm.accel.Accelerator;
import armvmm.accel.Availability;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "accels", description = "List the accelerators, whether each can run guests on this host, and why.", mixinStandardHelpOptions = true)
final class AccelsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var accels = Plugins.accelerators();
        if (accels.isEmpty()) out.println("no accelerators on the class path");
        for (Accelerator a : accels) {
            Availability av = a.probe();
            out.printf("%-5s %-8s %s: %s%n", a.name(), av.usable() ? "usable" : "unusable", a.summary(), av.reason());
            for (Availability.Check c : av.checks())
                out.printf("        [%s] %s%s%n", c.passed() ? "ok" : "no", c.what(), c.detail() == null || c.detail().isEmpty() ? "" : ": " + c.detail());
            new java.util.TreeMap<>(a.settings()).forEach((key, what) -> out.printf("        --accel %s,%s=: %s%n", a.name(), key, what));
        }
        return 0;
    }
}
