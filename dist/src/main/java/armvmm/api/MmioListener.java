package armvmm.api;

/**
 * Receives every access the guest (or a device's DMA) makes to a device register. It is called on the
 * accessing vCPU's thread, before the access completes, so a slow listener slows the guest; several vCPUs
 * may call it at once.
 */
@FunctionalInterface
public interface MmioListener {
    /**
     * One access.
     *
     * @param access what was accessed, by whom, with which value
     */
    void access(MmioAccess access);
}
