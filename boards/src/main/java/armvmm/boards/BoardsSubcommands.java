package armvmm.boards;

import armvmm.cli.SubcommandProvider;

/** Adds {@code vmm dtb} to the CLI. */
public final class BoardsSubcommands implements SubcommandProvider {
    @Override
    public Object command() { return new DtbCommand(); }
}
