package armvmm.kvm.sys;

/**
 * The ioctl request encoding of {@code <asm-generic/ioctl.h>}, as x86, arm and arm64 use it:
 * direction in bits 31:30, argument size in 29:16, type in 15:8, number in 7:0.
 */
public final class Ioctl {
    private Ioctl() {}

    static final int IOC_NRBITS = 8, IOC_TYPEBITS = 8, IOC_SIZEBITS = 14;
    static final int IOC_NRSHIFT = 0;
    static final int IOC_TYPESHIFT = IOC_NRSHIFT + IOC_NRBITS;
    static final int IOC_SIZESHIFT = IOC_TYPESHIFT + IOC_TYPEBITS;
    static final int IOC_DIRSHIFT = IOC_SIZESHIFT + IOC_SIZEBITS;
    static final int IOC_NONE = 0, IOC_WRITE = 1, IOC_READ = 2;

    static long ioc(int dir, int type, int nr, int size) {
        if (size < 0 || size >= 1 << IOC_SIZEBITS) throw new IllegalArgumentException("ioctl argument size " + size);
        return ((long) dir << IOC_DIRSHIFT) | ((long) size << IOC_SIZESHIFT) | ((long) type << IOC_TYPESHIFT) | ((long) nr << IOC_NRSHIFT);
    }

    public static long io(int type, int nr) { return ioc(IOC_NONE, type, nr, 0); }

    public static long ior(int type, int nr, int size) { return ioc(IOC_READ, type, nr, size); }

    public static long iow(int type, int nr, int size) { return ioc(IOC_WRITE, type, nr, size); }

    public static long iowr(int type, int nr, int size) { return ioc(IOC_READ | IOC_WRITE, type, nr, size); }
}
