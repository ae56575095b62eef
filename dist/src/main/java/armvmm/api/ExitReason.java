package armvmm.api;

import java.util.Objects;

/**
 * Why a machine's run ended.
 *
 * @param kind what ended it
 * @param detail a one-line explanation, as {@code vmm run} would print it (for example which device the
 *     guest powered off through)
 * @param exitStatus the exit status {@code vmm run} would end with for the same ending: 0 for a power-off
 *     or a reset, 1 for a VMM error, 3 for a guest failure, 4 for a timeout, the test device's own status
 *     for {@link Kind#TEST_EXIT}; 0 for {@link Kind#STOPPED}
 */
public record ExitReason(Kind kind, String detail, int exitStatus) {
    /** The ways a run ends. */
    public enum Kind {
        /** The guest powered the machine off. */
        POWER_OFF,
        /** The guest reset the machine, and the builder asked not to reboot on reset. */
        RESET,
        /** The guest did something the machine cannot go on from (an exception with no handler, for example). */
        GUEST_FAILURE,
        /** The builder's timeout expired before the guest stopped. */
        TIMEOUT,
        /** The VMM itself failed while the guest ran. */
        VMM_ERROR,
        /** A test device (QEMU's chr-testdev protocol) ended the run with the guest's own status. */
        TEST_EXIT,
        /** {@link VirtualMachine#stop()} ended the run. */
        STOPPED
    }

    /**
     * Checks the components.
     *
     * @param kind what ended the run; not null
     * @param detail the explanation; not null
     * @param exitStatus the matching exit status
     */
    public ExitReason {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }
}
