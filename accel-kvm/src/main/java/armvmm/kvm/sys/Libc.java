package armvmm.kvm.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The libc calls KVM needs, through JNA direct mapping.
 *
 * <p>Direct mapping, not a JNA interface proxy, chosen by {@code armvmm.bench.JnaIoctlBenchmark}: on the
 * 2-core x86_64 development VM (nested KVM, JDK 17, load 7-10) an ioctl(KVM_CHECK_EXTENSION) on /dev/kvm
 * took 0.9-1.4 us direct against 2.7 us through the proxy, and the bare call (labs) 74-261 ns against
 * 236-574 ns. KVM_RUN is issued once per exit, so this is on the hot path.
 *
 * <p>{@code ioctl} is variadic in C; passing the argument as a pointer-sized integer is what the
 * variadic ABI of x86_64 and aarch64 Linux expects for an integer or pointer argument.
 */
final class Libc {
    private Libc() {}

    static final boolean LOADED;
    static final String LOAD_ERROR;

    static {
        String err = null;
        try {
            Native.register(Libc.class, "c");
        } catch (Throwable t) {
            err = "libc could not be bound through JNA: " + t.getMessage();
        }
        LOADED = err == null;
        LOAD_ERROR = err;
    }

    static final int O_RDWR = 0x2, O_CLOEXEC = 0x80000;
    static final int PROT_READ = 1, PROT_WRITE = 2, MAP_SHARED = 1;
    static final int EINTR = 4, ENXIO = 6, E2BIG = 7, EAGAIN = 11;

    static native int open(String path, int flags) throws LastErrorException;

    static native int close(int fd);

    static native int ioctl(int fd, long request, long arg) throws LastErrorException;

    static native Pointer mmap(Pointer addr, long length, int prot, int flags, int fd, long offset) throws LastErrorException;

    static native int munmap(Pointer addr, long length);

    static native String strerror(int errno);
}
