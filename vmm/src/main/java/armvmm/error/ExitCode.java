package armvmm.error;

/** Process exit codes of {@code vmm}, documented in the README. */
public final class ExitCode {
    private ExitCode() {}

    /** The guest powered the machine off (or reset it under --no-reboot). */
    public static final int POWER_OFF = 0;
    /** An error inside the VMM. */
    public static final int INTERNAL_ERROR = 1;
    /** A user mistake: bad option, missing or unreadable file, unknown board, unusable accelerator. */
    public static final int USER_ERROR = 2;
    /** The guest left the machine in a state it cannot continue from (a crash event, a fatal vCPU state). */
    public static final int GUEST_FAILURE = 3;
    /** A {@code --timeout} expired before the guest powered off. */
    public static final int TIMEOUT = 4;
    /** Not yet possible (a feature that does not exist yet). */
    public static final int UNSUPPORTED = 5;
}
