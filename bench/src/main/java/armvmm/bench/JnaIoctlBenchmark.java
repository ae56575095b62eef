package armvmm.bench;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one ioctl on /dev/kvm (KVM_CHECK_EXTENSION(KVM_CAP_USER_MEMORY), the cheapest there is) through
 * a JNA interface proxy and through JNA direct mapping: the choice for armvmm.kvm.sys.Libc, whose KVM_RUN is
 * issued once per exit. {@code labs} (no system call) isolates the call overhead itself.
 *
 * <p>Measured on the 2-core x86_64 development VM (nested KVM, JDK 17, load average 7-10, so noisy):
 * ioctl 0.9-1.4 us direct, 2.7 us interface; no system call 74-261 ns direct, 236-574 ns interface. Direct
 * mapping is what Libc uses.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class JnaIoctlBenchmark {
    private static final long KVM_CHECK_EXTENSION = 0xAE03;
    private static final int KVM_CAP_USER_MEMORY = 3;

    public interface LibcInterface extends Library {
        int ioctl(int fd, long request, long arg) throws LastErrorException;

        long labs(long v);
    }

    public static final class LibcDirect {
        static {
            Native.register(LibcDirect.class, "c");
        }

        static native int ioctl(int fd, long request, long arg) throws LastErrorException;

        static native int open(String path, int flags) throws LastErrorException;

        static native int close(int fd);

        static native long labs(long v);
    }

    private final LibcInterface proxy = Native.load("c", LibcInterface.class);
    private int kvmFd;

    @Setup
    public void open() {
        kvmFd = LibcDirect.open("/dev/kvm", 2 /* O_RDWR */);
    }

    @TearDown
    public void close() {
        LibcDirect.close(kvmFd);
    }

    @Benchmark
    public int interfaceMapping() {
        return proxy.ioctl(kvmFd, KVM_CHECK_EXTENSION, KVM_CAP_USER_MEMORY);
    }

    @Benchmark
    public int directMapping() {
        return LibcDirect.ioctl(kvmFd, KVM_CHECK_EXTENSION, KVM_CAP_USER_MEMORY);
    }

    @Benchmark
    public long interfaceMappingNoSyscall() {
        return proxy.labs(-kvmFd);
    }

    @Benchmark
    public long directMappingNoSyscall() {
        return LibcDirect.labs(-kvmFd);
    }
}
