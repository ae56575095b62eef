package armvmm.machine;

import armvmm.error.ExitCode;

/** Why the machine stops running: what ends {@link Machine#run()}. */
public record PowerEvent(Kind kind, String detail) {
    public enum Kind { POWER_OFF, RESET, GUEST_FAILURE, TIMEOUT, VMM_ERROR }

    public int exitCode() {
        return switch (kind) {
            case POWER_OFF, RESET -> ExitCode.POWER_OFF;
            case GUEST_FAILURE -> ExitCode.GUEST_FAILURE;
            case TIMEOUT -> ExitCode.TIMEOUT;
            case VMM_ERROR -> ExitCode.INTERNAL_ERROR;
        };
    }
}
