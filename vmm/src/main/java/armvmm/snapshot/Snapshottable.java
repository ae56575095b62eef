package armvmm.snapshot;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A piece of machine state that saves and loads itself as one snapshot section: a device, an interrupt
 * controller, a timer. The machine calls it with every vCPU paused, in a fixed order (see the package
 * documentation), and the bytes it writes are its own: only the same class reads them back. Numbers read
 * back come from a file, so {@link #loadState} checks each against what the device can hold and throws
 * {@link SnapshotFormatException} for one it cannot.
 */
public interface Snapshottable {
    /**
     * Waits until the device has no work in flight that would change guest memory or its own state after
     * the vCPUs stopped (virtio requests served on an I/O thread). Called before {@link #saveState}.
     */
    default void quiesce() {}

    /** After the save, written or failed, with the vCPUs running again: what {@link #quiesce} held back goes on. */
    default void resumeAfterSave() {}

    void saveState(DataOutput out) throws IOException;

    /**
     * Replaces the device's state with a saved one, on a machine built from the same configuration and not
     * yet started; the machine clock already reads the saved time. Interrupt outputs are driven to the
     * levels the loaded state implies and timers are re-armed.
     */
    void loadState(DataInput in) throws IOException;
}
