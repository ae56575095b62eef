package armvmm.fdt;

import armvmm.error.VmmException;

/**
 * A blob that is not a well-formed flattened device tree: the message says what and at which offset. Node
 * names in it come from the blob, so control characters are shown as \xNN: the message stays one line
 * and cannot drive the user's terminal.
 */
public final class FdtFormatException extends VmmException {
    public FdtFormatException(String message) { super(printable(message)); }
}
