package armvmm.cli;

/**
 * Lets a module outside the core add a {@code vmm} subcommand (e.g. the boards module's {@code dtb}).
 * The returned object is a picocli {@code @Command}.
 */
public interface SubcommandProvider {
    Object command();
}
