package armvmm.error;

/**
 * A failure the user can act on (a missing file, a bad size, an accelerator this host cannot run): the CLI
 * prints the message as one line and exits with {@link #exitCode()}, never a stack trace.
 */
public class VmmException extends RuntimeException {
    private final int exitCode;

    public VmmException(String message) { this(message, ExitCode.USER_ERROR); }

    public VmmException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public VmmException(String message, Throwable cause) {
        super(message, cause);
        this.exitCode = ExitCode.USER_ERROR;
    }

    public int exitCode() { return exitCode; }
}
