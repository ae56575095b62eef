package armvmm.kvm.sys;

import static armvmm.kvm.sys.KvmAbi.CreateDevice;
import static armvmm.kvm.sys.KvmAbi.IrqLevel;
import static armvmm.kvm.sys.KvmAbi.UserspaceMemoryRegion;
import static armvmm.kvm.sys.KvmAbi.VcpuInit;

/** A VM fd: memory slots, vCPUs, interrupt lines and in-kernel devices. Not for concurrent setup calls. */
public final class VmFd extends KvmFd {
    private final int vcpuMmapSize;
    private final ArgBuffer arg = new ArgBuffer(KvmAbi.SIZEOF_KVM_USERSPACE_MEMORY_REGION);
    /** KVM_IRQ_LINE comes from device threads at any time: its own buffer, under its own lock. */
    private final ArgBuffer irqArg = new ArgBuffer(KvmAbi.SIZEOF_KVM_IRQ_LEVEL);

    VmFd(int fd, int vcpuMmapSize) {
        super(fd);
        this.vcpuMmapSize = vcpuMmapSize;
    }

    /** KVM_SET_USER_MEMORY_REGION: guest-physical [gpa, gpa+size) is backed by host [hva, hva+size). */
    public synchronized void setUserMemoryRegion(int slot, int flags, long gpa, long size, long hva) {
        arg.clear()
                .putInt(UserspaceMemoryRegion.SLOT, slot)
                .putInt(UserspaceMemoryRegion.FLAGS, flags)
                .putLong(UserspaceMemoryRegion.GUEST_PHYS_ADDR, gpa)
                .putLong(UserspaceMemoryRegion.MEMORY_SIZE, size)
                .putLong(UserspaceMemoryRegion.USERSPACE_ADDR, hva);
        ioctl(KvmAbi.KVM_SET_USER_MEMORY_REGION, arg.address(),
                String.format("KVM_SET_USER_MEMORY_REGION(slot %d, gpa 0x%x, size 0x%x)", slot, gpa, size));
    }

    /** KVM_CREATE_VCPU and the mmap of its kvm_run. */
    public VcpuFd createVcpu(int id) {
        int vcpuFd = ioctl(KvmAbi.KVM_CREATE_VCPU, id, "KVM_CREATE_VCPU(" + id + ")");
        return new VcpuFd(vcpuFd, id, vcpuMmapSize);
    }

    /** KVM_IRQ_LINE; {@code irq} is in the encoding the architecture defines (arm: type, vcpu, number). */
    public void irqLine(int irq, boolean level) {
        synchronized (irqArg) {
            irqArg.putInt(IrqLevel.IRQ, irq).putInt(IrqLevel.LEVEL, level ? 1 : 0);
            ioctl(KvmAbi.KVM_IRQ_LINE, irqArg.address(), "KVM_IRQ_LINE(0x" + Integer.toHexString(irq) + ")");
        }
    }

    /** KVM_ARM_PREFERRED_TARGET: the vCPU target the host prefers, for KVM_ARM_VCPU_INIT. */
    public synchronized int armPreferredTarget() {
        arg.clear();
        ioctl(KvmAbi.KVM_ARM_PREFERRED_TARGET, arg.address(), "KVM_ARM_PREFERRED_TARGET");
        return arg.getInt(VcpuInit.TARGET);
    }

    /** KVM_CREATE_DEVICE with KVM_CREATE_DEVICE_TEST: whether this VM could create a device of {@code type}. */
    public synchronized boolean canCreateDevice(int type) {
        arg.clear().putInt(CreateDevice.TYPE, type).putInt(CreateDevice.FLAGS, KvmAbi.KVM_CREATE_DEVICE_TEST);
        try {
            Libc.ioctl(fd, KvmAbi.KVM_CREATE_DEVICE, arg.address());
            return true;
        } catch (com.sun.jna.LastErrorException e) {
            return false;
        }
    }

    /** KVM_CREATE_DEVICE (e.g. an in-kernel vGIC); returns the device fd. */
    public synchronized DeviceFd createDevice(int type) {
        arg.clear().putInt(CreateDevice.TYPE, type);
        ioctl(KvmAbi.KVM_CREATE_DEVICE, arg.address(), "KVM_CREATE_DEVICE(type " + type + ")");
        return new DeviceFd(arg.getInt(CreateDevice.FD));
    }
}
