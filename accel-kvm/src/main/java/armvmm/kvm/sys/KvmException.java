package armvmm.kvm.sys;

import armvmm.error.ExitCode;
import armvmm.error.VmmException;

/** A KVM ioctl (or the open of /dev/kvm) failed: the request's name and the errno, in one line. */
public final class KvmException extends VmmException {
    private final int errno;

    public KvmException(String operation, int errno) {
        super(operation + ": " + describe(errno), ExitCode.INTERNAL_ERROR);
        this.errno = errno;
    }

    public int errno() { return errno; }

    static String describe(int errno) {
        String text = null;
        if (Libc.LOADED) {
            try {
                text = Libc.strerror(errno);
            } catch (Throwable ignored) {
                // strerror only decorates the message
            }
        }
        return (text == null ? "error" : text) + " (errno " + errno + ")";
    }
}
