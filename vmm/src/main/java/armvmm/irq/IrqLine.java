package armvmm.irq;

/**
 * An interrupt wire from a device to an interrupt controller input (or from the GIC to a CPU's IRQ/FIQ
 * input). Level-sensitive devices hold the line with {@link #set}; edge-triggered sources {@link #pulse}.
 */
public interface IrqLine {
    void set(boolean level);

    default void raise() { set(true); }

    default void lower() { set(false); }

    /** An edge: the controller latches it as pending even though the line returns low at once. */
    default void pulse() {
        set(true);
        set(false);
    }

    /** A line connected to nothing (a board slot left empty). */
    IrqLine NONE = level -> {};
}
