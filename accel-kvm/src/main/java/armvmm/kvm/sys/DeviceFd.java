package armvmm.kvm.sys;

import static armvmm.kvm.sys.KvmAbi.DeviceAttr;

/** An in-kernel device created with KVM_CREATE_DEVICE, configured through its attributes. */
public final class DeviceFd extends KvmFd {
    private final ArgBuffer arg = new ArgBuffer(KvmAbi.SIZEOF_KVM_DEVICE_ATTR);
    private final ArgBuffer value = new ArgBuffer(8);

    DeviceFd(int fd) { super(fd); }

    /**
     * KVM_SET_DEVICE_ATTR with the value in a 64-bit buffer (addresses, counts, control commands). An
     * attribute of 32 bits reads the buffer's first four bytes: the value's low half on a little-endian host.
     */
    public synchronized void setAttr(int group, long attr, long v) {
        value.putLong(0, v);
        attr(KvmAbi.KVM_SET_DEVICE_ATTR, "KVM_SET_DEVICE_ATTR", group, attr);
    }

    /** KVM_GET_DEVICE_ATTR of a 64-bit value. */
    public synchronized long getAttr(int group, long attr) {
        value.putLong(0, 0);
        attr(KvmAbi.KVM_GET_DEVICE_ATTR, "KVM_GET_DEVICE_ATTR", group, attr);
        return value.getLong(0);
    }

    /** KVM_HAS_DEVICE_ATTR: whether the device knows this attribute. */
    public synchronized boolean hasAttr(int group, long attr) {
        arg.clear().putInt(DeviceAttr.GROUP, group).putLong(DeviceAttr.ATTR, attr);
        try {
            Libc.ioctl(fd, KvmAbi.KVM_HAS_DEVICE_ATTR, arg.address());
            return true;
        } catch (com.sun.jna.LastErrorException e) {
            if (e.getErrorCode() == Libc.ENXIO) return false;
            throw new KvmException("KVM_HAS_DEVICE_ATTR(group " + group + ", attr 0x" + Long.toHexString(attr) + ")", e.getErrorCode());
        }
    }

    private void attr(long request, String name, int group, long attr) {
        arg.clear().putInt(DeviceAttr.GROUP, group).putLong(DeviceAttr.ATTR, attr).putLong(DeviceAttr.ADDR, value.address());
        ioctl(request, arg.address(), name + "(group " + group + ", attr 0x" + Long.toHexString(attr) + ")");
    }
}
