package armvmm.kvm.sys;

import armvmm.error.ExitCode;
import armvmm.error.VmmException;
import com.sun.jna.LastErrorException;

/** /dev/kvm: the system-wide ioctls. */
public final class Kvm extends KvmFd {
    public static final String DEVICE = "/dev/kvm";

    private Kvm(int fd) { super(fd); }

    /**
     * Opens /dev/kvm read-write; a {@link KvmException} says why not (absent, no permission), a plain
     * {@link VmmException} when libc itself cannot be bound.
     */
    public static Kvm open() {
        if (!Libc.LOADED) throw new VmmException(Libc.LOAD_ERROR, ExitCode.UNSUPPORTED);
        try {
            return new Kvm(Libc.open(DEVICE, Libc.O_RDWR | Libc.O_CLOEXEC));
        } catch (LastErrorException e) {
            throw new KvmException("open " + DEVICE, e.getErrorCode());
        }
    }

    public int apiVersion() { return ioctl(KvmAbi.KVM_GET_API_VERSION, 0, "KVM_GET_API_VERSION"); }

    /** The size of the kvm_run area (plus the pages that follow it) to mmap on each vCPU fd. */
    public int vcpuMmapSize() { return ioctl(KvmAbi.KVM_GET_VCPU_MMAP_SIZE, 0, "KVM_GET_VCPU_MMAP_SIZE"); }

    /** KVM_CREATE_VM; {@code type} is 0 or, on arm64, the IPA size (KVM_VM_TYPE_ARM_IPA_SIZE). */
    public VmFd createVm(long type) {
        return new VmFd(ioctl(KvmAbi.KVM_CREATE_VM, type, "KVM_CREATE_VM"), vcpuMmapSize());
    }
}
