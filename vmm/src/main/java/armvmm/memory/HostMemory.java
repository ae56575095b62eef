package armvmm.memory;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.lang.reflect.Field;
import java.nio.ByteOrder;
import sun.misc.Unsafe;

/**
 * Raw access to host native memory, the one place that holds {@link Unsafe}.
 *
 * <p>Guest RAM lives outside the Java heap so that KVM, the TCG memory path and device models share the
 * same bytes. Every caller has already checked its offset against the block it owns; nothing here checks
 * again, which is why this class is package-private apart from the read/write primitives that
 * {@link RamBlock} and the TCG software TLB use on host addresses they obtained from a {@link RamBlock}.
 */
public final class HostMemory {
    private HostMemory() {}

    static final Unsafe UNSAFE;
    /** ARM guests are little-endian; a big-endian host must swap. Constant-folded by the JIT. */
    static final boolean SWAP = ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN;
    public static final long PAGE_SIZE;

    static {
        try {
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            UNSAFE = (Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        PAGE_SIZE = UNSAFE.pageSize();
    }

    /** libc through JNA direct mapping: anonymous mappings are page-aligned and zero-filled lazily. */
    private static final class LibC {
        static final boolean OK;
        static {
            boolean ok;
            try {
                Native.register(LibC.class, "c");
                ok = true;
            } catch (Throwable t) {
                ok = false;
            }
            OK = ok;
        }
        static native Pointer mmap(Pointer addr, long length, int prot, int flags, int fd, long offset);
        static native int munmap(Pointer addr, long length);
        static native int madvise(Pointer addr, long length, int advice);
    }

    private static final int PROT_READ = 1, PROT_WRITE = 2;
    private static final int MAP_PRIVATE = 0x02, MAP_ANONYMOUS = 0x20, MAP_NORESERVE = 0x4000;
    private static final int MADV_DONTNEED = 4;

    /** Allocates {@code size} bytes of zeroed, page-aligned host memory. */
    static long allocate(long size) {
        if (LibC.OK) {
            Pointer p = LibC.mmap(null, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
            long addr = Pointer.nativeValue(p);
            if (addr != -1L && addr != 0) return addr;
            throw new OutOfMemoryError("mmap of " + size + " bytes for guest memory failed (errno " + Native.getLastError() + ")");
        }
        // Without libc (not Linux), fall back to malloc plus explicit alignment and zeroing.
        long raw = UNSAFE.allocateMemory(size + PAGE_SIZE);
        long aligned = (raw + PAGE_SIZE - 1) & -PAGE_SIZE;
        UNSAFE.setMemory(aligned, size, (byte) 0);
        return aligned;
    }

    static void free(long addr, long size) {
        if (LibC.OK) LibC.munmap(new Pointer(addr), size);
        // malloc fallback: leaked on purpose, guest RAM lives as long as the process.
    }

    /** Gives the pages back to the host and makes them read as zero again (a machine reset). */
    static void zero(long addr, long size) {
        if (LibC.OK && LibC.madvise(new Pointer(addr), size, MADV_DONTNEED) == 0) return;
        UNSAFE.setMemory(addr, size, (byte) 0);
    }

    public static int read8(long hostAddr) {
        return UNSAFE.getByte(hostAddr) & 0xff;
    }

    public static int read16(long hostAddr) {
        short v = UNSAFE.getShort(hostAddr);
        return (SWAP ? Short.reverseBytes(v) : v) & 0xffff;
    }

    public static int read32(long hostAddr) {
        int v = UNSAFE.getInt(hostAddr);
        return SWAP ? Integer.reverseBytes(v) : v;
    }

    public static long read64(long hostAddr) {
        long v = UNSAFE.getLong(hostAddr);
        return SWAP ? Long.reverseBytes(v) : v;
    }

    public static void write8(long hostAddr, int v) {
        UNSAFE.putByte(hostAddr, (byte) v);
    }

    public static void write16(long hostAddr, int v) {
        short s = (short) v;
        UNSAFE.putShort(hostAddr, SWAP ? Short.reverseBytes(s) : s);
    }

    public static void write32(long hostAddr, int v) {
        UNSAFE.putInt(hostAddr, SWAP ? Integer.reverseBytes(v) : v);
    }

    public static void write64(long hostAddr, long v) {
        UNSAFE.putLong(hostAddr, SWAP ? Long.reverseBytes(v) : v);
    }

    /**
     * Atomically replaces the 32-bit guest value at {@code hostAddr} (naturally aligned) if it still equals
     * {@code expect}: the exclusive stores of vCPUs running on several host threads.
     */
    public static boolean compareAndSet32(long hostAddr, int expect, int update) {
        return UNSAFE.compareAndSwapInt(null, hostAddr, SWAP ? Integer.reverseBytes(expect) : expect,
                SWAP ? Integer.reverseBytes(update) : update);
    }

    /** The 64-bit form of {@link #compareAndSet32} (8-byte aligned). */
    public static boolean compareAndSet64(long hostAddr, long expect, long update) {
        return UNSAFE.compareAndSwapLong(null, hostAddr, SWAP ? Long.reverseBytes(expect) : expect,
                SWAP ? Long.reverseBytes(update) : update);
    }

    static void copyToArray(long hostAddr, byte[] dst, int dstOff, int len) {
        UNSAFE.copyMemory(null, hostAddr, dst, Unsafe.ARRAY_BYTE_BASE_OFFSET + (long) dstOff, len);
    }

    static void copyFromArray(byte[] src, int srcOff, long hostAddr, int len) {
        UNSAFE.copyMemory(src, Unsafe.ARRAY_BYTE_BASE_OFFSET + (long) srcOff, null, hostAddr, len);
    }

    static void copy(long srcAddr, long dstAddr, long len) {
        UNSAFE.copyMemory(srcAddr, dstAddr, len);
    }
}
