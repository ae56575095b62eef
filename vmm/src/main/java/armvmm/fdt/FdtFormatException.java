package armvmm.fdt;

import armvmm.error.VmmException;

/** A blob that is not a well-formed flattened device tree: the message says what and at which offset. */
public final class FdtFormatException extends VmmException {
    public FdtFormatException(String message) { super(message); }
}
