package armvmm.kvm.sys;

import static armvmm.kvm.sys.KvmAbi.Run;

import com.sun.jna.Pointer;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A vCPU's mmap'd {@code struct kvm_run}, read at the offsets of {@link KvmAbi.Run}. The kernel fills it
 * while KVM_RUN is in progress; the vCPU thread reads it after KVM_RUN returns and writes MMIO read data
 * back before re-entering. Only {@link #address()} (for the kick) is used from other threads.
 */
public final class KvmRun {
    private final Pointer base;
    private final ByteBuffer run;
    /** Keeps a replay buffer's memory alive as long as this view. */
    private final ArgBuffer owner;

    KvmRun(Pointer base, int size) { this(base, size, null); }

    private KvmRun(Pointer base, int size, ArgBuffer owner) {
        this.base = base;
        this.run = base.getByteBuffer(0, size).order(ByteOrder.nativeOrder());
        this.owner = owner;
    }

    /** A kvm_run over an ordinary buffer, to replay an exit through the handlers (tests, tools). */
    public static KvmRun over(ArgBuffer buffer) {
        return new KvmRun(new Pointer(buffer.address()), buffer.size(), buffer);
    }

    public long address() { return Pointer.nativeValue(base); }

    public int exitReason() { return run.getInt(Run.EXIT_REASON); }

    /**
     * Clears immediate_exit after a kick made KVM_RUN return, then fences so that the requests read next
     * cannot be read before the clear is visible: a kick that sets the flag after this point is either
     * seen in those requests or makes the next KVM_RUN return at once.
     */
    public void clearImmediateExit() {
        run.put(Run.IMMEDIATE_EXIT, (byte) 0);
        VarHandle.fullFence();
    }

    public boolean immediateExit() { return run.get(Run.IMMEDIATE_EXIT) != 0; }

    /**
     * Overwrites exit_reason before the vCPU re-enters. KVM_RUN completes a pending MMIO (loads the data,
     * retires the instruction) only when exit_reason still says KVM_EXIT_MMIO: an exit whose access the VMM
     * turned into a guest abort must not be completed.
     */
    public void setExitReason(int reason) { run.putInt(Run.EXIT_REASON, reason); }

    // ---- KVM_EXIT_MMIO ----
    public long mmioPhysAddr() { return run.getLong(Run.MMIO_PHYS_ADDR); }
    public int mmioLen() { return run.getInt(Run.MMIO_LEN); }
    public boolean mmioIsWrite() { return run.get(Run.MMIO_IS_WRITE) != 0; }

    /** The first {@code len} bytes of mmio.data as a little-endian value (the guest's byte order, as ARM guests are). */
    public long mmioData(int len) {
        long v = 0;
        for (int i = len - 1; i >= 0; i--) v = (v << 8) | (run.get(Run.MMIO_DATA + i) & 0xff);
        return v;
    }

    /** Writes the result of an MMIO read into mmio.data, where KVM takes it from when the vCPU re-enters. */
    public void setMmioData(int len, long value) {
        for (int i = 0; i < 8; i++) run.put(Run.MMIO_DATA + i, i < len ? (byte) (value >>> (8 * i)) : 0);
    }

    // ---- KVM_EXIT_IO (x86) ----
    public int ioDirection() { return run.get(Run.IO_DIRECTION) & 0xff; }
    public int ioSize() { return run.get(Run.IO_SIZE) & 0xff; }
    public int ioPort() { return run.getShort(Run.IO_PORT) & 0xffff; }
    public int ioCount() { return run.getInt(Run.IO_COUNT); }
    public long ioDataOffset() { return run.getLong(Run.IO_DATA_OFFSET); }

    // ---- KVM_EXIT_SYSTEM_EVENT ----
    public int systemEventType() { return run.getInt(Run.SYSTEM_EVENT_TYPE); }
    public int systemEventNdata() { return run.getInt(Run.SYSTEM_EVENT_NDATA); }
    public long systemEventData(int i) { return run.getLong(Run.SYSTEM_EVENT_DATA + 8 * i); }

    // ---- KVM_EXIT_INTERNAL_ERROR ----
    public int internalSuberror() { return run.getInt(Run.INTERNAL_SUBERROR); }
    public int internalNdata() { return run.getInt(Run.INTERNAL_NDATA); }
    public long internalData(int i) { return run.getLong(Run.INTERNAL_DATA + 8 * i); }

    // ---- KVM_EXIT_FAIL_ENTRY / KVM_EXIT_UNKNOWN ----
    public long failEntryReason() { return run.getLong(Run.FAIL_ENTRY_HARDWARE_ENTRY_FAILURE_REASON); }
    public int failEntryCpu() { return run.getInt(Run.FAIL_ENTRY_CPU); }
    public long hardwareExitReason() { return run.getLong(Run.HW_HARDWARE_EXIT_REASON); }

    // ---- KVM_EXIT_ARM_NISV ----
    public long armNisvEsrIss() { return run.getLong(Run.ARM_NISV_ESR_ISS); }
    public long armNisvFaultIpa() { return run.getLong(Run.ARM_NISV_FAULT_IPA); }

    /** The union's first {@code words} 64-bit words in hex, for the dump of an exit nobody handles. */
    public String rawExit(int words) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) sb.append(i == 0 ? "" : " ").append(String.format("%016x", run.getLong(Run.EXIT_UNION + 8 * i)));
        return sb.toString();
    }
}
