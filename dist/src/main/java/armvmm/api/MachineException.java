package armvmm.api;

/**
 * A mistake in what the program asked for, or something this host cannot do: an unknown board, a CPU
 * count the board does not take, a kernel that cannot be read or does not fit in RAM, an accelerator
 * that cannot run here. The message is one line, naming the setting and what is wrong with it.
 */
public class MachineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A mistake described by {@code message}.
     *
     * @param message one line naming the setting and the problem
     */
    public MachineException(String message) { super(message); }

    /**
     * A mistake described by {@code message}, found through {@code cause}.
     *
     * @param message one line naming the setting and the problem
     * @param cause the failure it was found by
     */
    public MachineException(String message, Throwable cause) { super(message, cause); }
}
