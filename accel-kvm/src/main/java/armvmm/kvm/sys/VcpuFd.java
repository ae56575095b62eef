package armvmm.kvm.sys;

import static armvmm.kvm.sys.KvmAbi.OneReg;
import static armvmm.kvm.sys.KvmAbi.RegList;
import static armvmm.kvm.sys.KvmAbi.VcpuInit;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;

/**
 * A vCPU fd and its mapped kvm_run. Every ioctl but the kick's signal comes from the thread that owns the
 * vCPU (or from any thread while the vCPU is not running), so the argument buffer is not locked.
 */
public final class VcpuFd extends KvmFd {
    private final int id;
    private final int mmapSize;
    private final Pointer runArea;
    private final KvmRun run;
    private final ArgBuffer arg = new ArgBuffer(KvmAbi.SIZEOF_KVM_SREGS_X86);
    private final ArgBuffer value = new ArgBuffer(16);

    VcpuFd(int fd, int id, int mmapSize) {
        super(fd);
        this.id = id;
        this.mmapSize = mmapSize;
        Pointer p;
        try {
            p = Libc.mmap(null, mmapSize, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED, fd, 0);
        } catch (LastErrorException e) {
            Libc.close(fd);
            throw new KvmException("mmap of kvm_run for vCPU " + id, e.getErrorCode());
        }
        runArea = p;
        run = new KvmRun(p, mmapSize);
    }

    public int id() { return id; }

    public KvmRun kvmRun() { return run; }

    /**
     * KVM_RUN. Returns true when the vCPU exited with an exit reason to handle, false when a signal or
     * immediate_exit interrupted it (EINTR) or KVM asks to retry (EAGAIN). Any other failure throws.
     */
    public boolean run() {
        try {
            Libc.ioctl(fd, KvmAbi.KVM_RUN, 0);
            return true;
        } catch (LastErrorException e) {
            int errno = e.getErrorCode();
            if (errno == Libc.EINTR || errno == Libc.EAGAIN) return false;
            throw new KvmException("KVM_RUN on vCPU " + id, errno);
        }
    }

    /** KVM_GET_REGS into {@code out} (x86 struct kvm_regs; used by the x86 probe). */
    public void getRegs(ArgBuffer out) { ioctl(KvmAbi.KVM_GET_REGS, out.address(), "KVM_GET_REGS"); }

    public void setRegs(ArgBuffer in) { ioctl(KvmAbi.KVM_SET_REGS, in.address(), "KVM_SET_REGS"); }

    public void getSregs(ArgBuffer out) { ioctl(KvmAbi.KVM_GET_SREGS, out.address(), "KVM_GET_SREGS"); }

    public void setSregs(ArgBuffer in) { ioctl(KvmAbi.KVM_SET_SREGS, in.address(), "KVM_SET_SREGS"); }

    /** KVM_GET_ONE_REG of a register of up to 64 bits ({@code id} encodes the size). */
    public long getOneReg(long regId) {
        value.putLong(0, 0);
        arg.clear().putLong(OneReg.ID, regId).putLong(OneReg.ADDR, value.address());
        ioctl(KvmAbi.KVM_GET_ONE_REG, arg.address(), "KVM_GET_ONE_REG(0x" + Long.toHexString(regId) + ")");
        return value.getLong(0);
    }

    public void setOneReg(long regId, long v) {
        value.putLong(0, v);
        arg.clear().putLong(OneReg.ID, regId).putLong(OneReg.ADDR, value.address());
        ioctl(KvmAbi.KVM_SET_ONE_REG, arg.address(), "KVM_SET_ONE_REG(0x" + Long.toHexString(regId) + ")");
    }

    /** KVM_GET_REG_LIST: every register id KVM_GET/SET_ONE_REG accepts on this vCPU. */
    public long[] regList() {
        ArgBuffer probe = new ArgBuffer(KvmAbi.SIZEOF_KVM_REG_LIST);
        try {
            Libc.ioctl(fd, KvmAbi.KVM_GET_REG_LIST, probe.address());
        } catch (LastErrorException e) {
            // E2BIG is the answer to n = 0: n now holds the count
            if (e.getErrorCode() != Libc.E2BIG) throw new KvmException("KVM_GET_REG_LIST", e.getErrorCode());
        }
        int n = Math.toIntExact(probe.getLong(RegList.N));
        ArgBuffer list = new ArgBuffer(RegList.REG + 8 * Math.max(n, 1));
        list.putLong(RegList.N, n);
        ioctl(KvmAbi.KVM_GET_REG_LIST, list.address(), "KVM_GET_REG_LIST");
        long[] ids = new long[Math.toIntExact(list.getLong(RegList.N))];
        for (int i = 0; i < ids.length; i++) ids[i] = list.getLong(RegList.REG + 8 * i);
        return ids;
    }

    /** KVM_ARM_VCPU_INIT with a target from KVM_ARM_PREFERRED_TARGET and feature bit numbers (KVM_ARM_VCPU_*). */
    public void armVcpuInit(int target, int... featureBits) {
        arg.clear().putInt(VcpuInit.TARGET, target);
        for (int bit : featureBits) {
            if (bit < 0 || bit >= 32 * VcpuInit.FEATURE_WORDS) throw new IllegalArgumentException("feature bit " + bit);
            int off = VcpuInit.FEATURES + 4 * (bit / 32);
            arg.putInt(off, arg.getInt(off) | 1 << (bit % 32));
        }
        ioctl(KvmAbi.KVM_ARM_VCPU_INIT, arg.address(), "KVM_ARM_VCPU_INIT(target " + target + ")");
    }

    private boolean unmapped;

    @Override
    public synchronized void close() {
        if (!unmapped) {
            unmapped = true;
            Libc.munmap(runArea, mmapSize);
        }
        super.close();
    }
}
