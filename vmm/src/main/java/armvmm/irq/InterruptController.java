package armvmm.irq;

/**
 * The machine's interrupt controller as the board wires it: inputs numbered by GIC interrupt ID
 * (SPIs from 32; PPIs 16-31 are per CPU). Under TCG it is the Java GICv2 model; under KVM the in-kernel
 * vGIC, whose inputs become KVM_IRQ_LINE calls. Devices cannot tell which.
 */
public interface InterruptController {
    /** The shared peripheral interrupt with ID {@code intid} (32..1019). */
    IrqLine spi(int intid);

    /** The private peripheral interrupt {@code intid} (16..31) of CPU {@code cpu}. */
    IrqLine ppi(int cpu, int intid);

    /** Number of interrupt IDs implemented, SGIs and PPIs included. */
    int lines();

    /**
     * One line per interrupt ID that is not idle (enabled, pending, active or its input high), for a
     * monitor's {@code info irq}; empty when the controller cannot tell (an in-kernel one).
     */
    default java.util.List<String> describeLines() { return java.util.List.of(); }
}
