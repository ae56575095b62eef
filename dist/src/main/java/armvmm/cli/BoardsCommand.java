package armvmm.cli;

import armvmm.launch.Plugins;
import armvmm.board.Board;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "boards", description = "List the boards this VMM can build.", mixinStandardHelpOptions = true)
final class BoardsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<Board> boards = Plugins.boards();
        var out = spec.commandLine().getOut();
        if (boards.isEmpty()) out.println("no boards on the class path");
        for (Board b : boards)
            out.printf("%-16s %s (default memory %dM, up to %d CPUs)%n", b.name(), b.description(), b.defaultMemoryBytes() >> 20, b.maxCpus());
        return 0;
    }
}
