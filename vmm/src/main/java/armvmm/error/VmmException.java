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

    /**
     * Text from a file or a guest, fit for a one-line message: control characters (C0, DEL, C1) and the
     * Unicode line and paragraph separators become escapes (\xNN, \\uNNNN), so that the message stays one
     * line and cannot drive the user's terminal.
     */
    public static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c == 0x7f) b.append(String.format("\\x%02x", (int) c));
            else if (c >= 0x80 && c < 0xa0 || c == 0x2028 || c == 0x2029) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.toString();
    }
}
