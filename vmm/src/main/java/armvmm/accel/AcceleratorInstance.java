package armvmm.accel;

import armvmm.irq.InterruptController;
import armvmm.irq.GicSpec;
import java.util.List;
import java.util.Optional;

/**
 * An accelerator bound to one machine. vCPUs run on their own threads; pause, resume and stop are requests
 * to those threads, answered at a safe point, and return once every vCPU has reached it.
 */
public interface AcceleratorInstance extends AutoCloseable {
    List<? extends Vcpu> vcpus();

    /**
     * An interrupt controller the accelerator provides itself (KVM's in-kernel vGIC), or empty when the
     * board should map the Java model on the bus.
     */
    Optional<InterruptController> inKernelInterruptController(GicSpec spec);

    /** Called once the board is built: RAM is mapped, images are loaded, boot registers are set. */
    void start();

    void pause();

    void resume();

    /** Stops every vCPU thread for good; idempotent. */
    void stop();

    @Override
    default void close() { stop(); }
}
