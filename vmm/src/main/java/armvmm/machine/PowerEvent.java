package armvmm.machine;

import armvmm.error.ExitCode;

/**
 * Why the machine stops running: what ends {@link Machine#run()}. {@code status} is the exit status a
 * TEST_EXIT asks for (a test device's), 0 for the other kinds.
 */
public record PowerEvent(Kind kind, String detail, int status) {
    /** TEST_EXIT: a test device ended the run with its own exit status (QEMU's chr-testdev protocol). */
    public enum Kind { POWER_OFF, RESET, GUEST_FAILURE, TIMEOUT, VMM_ERROR, TEST_EXIT }

    public PowerEvent(Kind kind, String detail) { this(kind, detail, 0); }

    public int exitCode() {
        return switch (kind) {
            case POWER_OFF, RESET -> ExitCode.POWER_OFF;
            case GUEST_FAILURE -> ExitCode.GUEST_FAILURE;
            case TIMEOUT -> ExitCode.TIMEOUT;
            case VMM_ERROR -> ExitCode.INTERNAL_ERROR;
            case TEST_EXIT -> status;
        };
    }
}
