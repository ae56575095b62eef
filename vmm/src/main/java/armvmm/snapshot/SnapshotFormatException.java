package armvmm.snapshot;

import java.io.IOException;

/**
 * A snapshot file that cannot be restored on this machine; the message is one line for the user. Names in it
 * come from the file, so their control characters and line separators are shown escaped.
 */
public final class SnapshotFormatException extends IOException {
    public SnapshotFormatException(String message) { super(armvmm.error.VmmException.printable(message)); }

    /** The check every loader applies to a number from the file: one clear message naming what was wrong. */
    public static int check(String what, int value, int min, int max) throws SnapshotFormatException {
        if (value < min || value > max)
            throw new SnapshotFormatException(what + " " + value + " is outside " + min + ".." + max);
        return value;
    }
}
