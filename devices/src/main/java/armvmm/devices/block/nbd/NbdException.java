package armvmm.devices.block.nbd;

import java.io.IOException;

/**
 * A failure of the NBD session: the server refused an option or a command (the connection stays usable
 * after a refused command, {@link #fatal()} false), or broke the protocol or the connection (it does not).
 */
public final class NbdException extends IOException {
    private final boolean fatal;

    NbdException(String message, boolean fatal) {
        super(message);
        this.fatal = fatal;
    }

    NbdException(String message, Throwable cause) {
        super(message, cause);
        this.fatal = true;
    }

    /** Whether the session is over. */
    public boolean fatal() { return fatal; }
}
