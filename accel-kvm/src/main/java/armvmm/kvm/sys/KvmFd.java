package armvmm.kvm.sys;

import com.sun.jna.LastErrorException;

/** A file descriptor of the KVM API (/dev/kvm, a VM, a vCPU or a device), closed once. */
public abstract class KvmFd implements AutoCloseable {
    protected final int fd;
    private boolean closed;

    protected KvmFd(int fd) { this.fd = fd; }

    public int fd() { return fd; }

    /** An ioctl whose failure is a {@link KvmException} naming {@code what}. */
    protected final int ioctl(long request, long arg, String what) {
        try {
            return Libc.ioctl(fd, request, arg);
        } catch (LastErrorException e) {
            throw new KvmException(what, e.getErrorCode());
        }
    }

    /** KVM_CHECK_EXTENSION: 0 when absent, else a capability-specific positive value. */
    public int checkExtension(int cap) {
        return ioctl(KvmAbi.KVM_CHECK_EXTENSION, cap, "KVM_CHECK_EXTENSION(" + cap + ")");
    }

    /** KVM_ENABLE_CAP on this VM or vCPU (rare: a buffer per call). */
    public void enableCap(int cap, long... args) {
        if (args.length > 4) throw new IllegalArgumentException("kvm_enable_cap takes at most 4 arguments");
        ArgBuffer arg = new ArgBuffer(KvmAbi.SIZEOF_KVM_ENABLE_CAP).putInt(KvmAbi.EnableCap.CAP, cap);
        for (int i = 0; i < args.length; i++) arg.putLong(KvmAbi.EnableCap.ARGS + 8 * i, args[i]);
        ioctl(KvmAbi.KVM_ENABLE_CAP, arg.address(), "KVM_ENABLE_CAP(" + cap + ")");
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Libc.close(fd);
        }
    }
}
