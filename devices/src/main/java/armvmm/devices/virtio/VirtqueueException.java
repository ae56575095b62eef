package armvmm.devices.virtio;

/** A broken virtqueue: carries the typed reason and where it was seen. Stackless, it is guest behaviour. */
public final class VirtqueueException extends Exception {
    private final VirtqError error;

    public VirtqueueException(VirtqError error, String detail) {
        super(error + ": " + detail, null, false, false);
        this.error = error;
    }

    public VirtqError error() { return error; }
}
