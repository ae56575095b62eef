package armvmm.kvm.sys;

import static armvmm.kvm.sys.Ioctl.io;
import static armvmm.kvm.sys.Ioctl.ior;
import static armvmm.kvm.sys.Ioctl.iow;
import static armvmm.kvm.sys.Ioctl.iowr;

/**
 * The slice of the KVM userspace API (Documentation/virt/kvm/api.rst, {@code <linux/kvm.h>}) this VMM uses:
 * ioctl requests, capabilities, exit reasons and the byte offsets of every struct it reads or writes.
 *
 * <p>Structs are never mapped with JNA {@code Structure} reflection: callers read and write these offsets on
 * a native buffer or on the mmap'd {@code kvm_run}. {@code KvmAbiLayoutTest} compiles a C program against the
 * host's {@code <linux/kvm.h>} and checks every constant here against it.
 */
public final class KvmAbi {
    private KvmAbi() {}

    public static final int KVMIO = 0xAE;
    /** The only API version there has ever been (KVM_GET_API_VERSION). */
    public static final int KVM_API_VERSION = 12;

    // ---- struct sizes (those the ioctl numbers encode) ----
    public static final int SIZEOF_KVM_USERSPACE_MEMORY_REGION = 32;
    public static final int SIZEOF_KVM_ONE_REG = 16;
    public static final int SIZEOF_KVM_REG_LIST = 8;
    public static final int SIZEOF_KVM_VCPU_INIT = 32;
    public static final int SIZEOF_KVM_IRQ_LEVEL = 8;
    public static final int SIZEOF_KVM_ENABLE_CAP = 104;
    public static final int SIZEOF_KVM_CREATE_DEVICE = 12;
    public static final int SIZEOF_KVM_DEVICE_ATTR = 24;
    public static final int SIZEOF_KVM_REGS_X86 = 144;
    public static final int SIZEOF_KVM_SREGS_X86 = 312;

    // ---- ioctls on /dev/kvm ----
    public static final long KVM_GET_API_VERSION = io(KVMIO, 0x00);
    public static final long KVM_CREATE_VM = io(KVMIO, 0x01);
    public static final long KVM_CHECK_EXTENSION = io(KVMIO, 0x03);
    public static final long KVM_GET_VCPU_MMAP_SIZE = io(KVMIO, 0x04);
    // ---- ioctls on a VM fd ----
    public static final long KVM_CREATE_VCPU = io(KVMIO, 0x41);
    public static final long KVM_SET_USER_MEMORY_REGION = iow(KVMIO, 0x46, SIZEOF_KVM_USERSPACE_MEMORY_REGION);
    public static final long KVM_IRQ_LINE = iow(KVMIO, 0x61, SIZEOF_KVM_IRQ_LEVEL);
    public static final long KVM_ENABLE_CAP = iow(KVMIO, 0xa3, SIZEOF_KVM_ENABLE_CAP);
    public static final long KVM_ARM_PREFERRED_TARGET = ior(KVMIO, 0xaf, SIZEOF_KVM_VCPU_INIT);
    public static final long KVM_CREATE_DEVICE = iowr(KVMIO, 0xe0, SIZEOF_KVM_CREATE_DEVICE);
    // ---- ioctls on a device fd ----
    public static final long KVM_SET_DEVICE_ATTR = iow(KVMIO, 0xe1, SIZEOF_KVM_DEVICE_ATTR);
    public static final long KVM_GET_DEVICE_ATTR = iow(KVMIO, 0xe2, SIZEOF_KVM_DEVICE_ATTR);
    public static final long KVM_HAS_DEVICE_ATTR = iow(KVMIO, 0xe3, SIZEOF_KVM_DEVICE_ATTR);
    // ---- ioctls on a vCPU fd ----
    public static final long KVM_RUN = io(KVMIO, 0x80);
    public static final long KVM_GET_REGS = ior(KVMIO, 0x81, SIZEOF_KVM_REGS_X86);
    public static final long KVM_SET_REGS = iow(KVMIO, 0x82, SIZEOF_KVM_REGS_X86);
    public static final long KVM_GET_SREGS = ior(KVMIO, 0x83, SIZEOF_KVM_SREGS_X86);
    public static final long KVM_SET_SREGS = iow(KVMIO, 0x84, SIZEOF_KVM_SREGS_X86);
    public static final long KVM_GET_ONE_REG = iow(KVMIO, 0xab, SIZEOF_KVM_ONE_REG);
    public static final long KVM_SET_ONE_REG = iow(KVMIO, 0xac, SIZEOF_KVM_ONE_REG);
    public static final long KVM_ARM_VCPU_INIT = iow(KVMIO, 0xae, SIZEOF_KVM_VCPU_INIT);
    public static final long KVM_GET_REG_LIST = iowr(KVMIO, 0xb0, SIZEOF_KVM_REG_LIST);

    // ---- capabilities (KVM_CHECK_EXTENSION) ----
    public static final int KVM_CAP_IRQCHIP = 0;
    public static final int KVM_CAP_USER_MEMORY = 3;
    public static final int KVM_CAP_NR_VCPUS = 9;
    public static final int KVM_CAP_NR_MEMSLOTS = 10;
    public static final int KVM_CAP_MAX_VCPUS = 66;
    public static final int KVM_CAP_ONE_REG = 70;
    public static final int KVM_CAP_READONLY_MEM = 81;
    public static final int KVM_CAP_DEVICE_CTRL = 89;
    public static final int KVM_CAP_ARM_EL1_32BIT = 93;
    public static final int KVM_CAP_ARM_PSCI_0_2 = 102;
    public static final int KVM_CAP_IMMEDIATE_EXIT = 136;
    public static final int KVM_CAP_ARM_VM_IPA_SIZE = 165;
    public static final int KVM_CAP_ARM_NISV_TO_USER = 177;

    /** kvm_create_device.type (enum kvm_device_type) and .flags */
    public static final int KVM_DEV_TYPE_VFIO = 4, KVM_DEV_TYPE_ARM_VGIC_V2 = 5, KVM_DEV_TYPE_ARM_VGIC_V3 = 7;
    public static final int KVM_CREATE_DEVICE_TEST = 1;

    /** kvm_userspace_memory_region.flags */
    public static final int KVM_MEM_READONLY = 1 << 1;

    // ---- exit reasons (kvm_run.exit_reason) ----
    public static final int KVM_EXIT_UNKNOWN = 0;
    public static final int KVM_EXIT_EXCEPTION = 1;
    public static final int KVM_EXIT_IO = 2;
    public static final int KVM_EXIT_HYPERCALL = 3;
    public static final int KVM_EXIT_DEBUG = 4;
    public static final int KVM_EXIT_HLT = 5;
    public static final int KVM_EXIT_MMIO = 6;
    public static final int KVM_EXIT_IRQ_WINDOW_OPEN = 7;
    public static final int KVM_EXIT_SHUTDOWN = 8;
    public static final int KVM_EXIT_FAIL_ENTRY = 9;
    public static final int KVM_EXIT_INTR = 10;
    public static final int KVM_EXIT_INTERNAL_ERROR = 17;
    public static final int KVM_EXIT_SYSTEM_EVENT = 24;
    public static final int KVM_EXIT_ARM_NISV = 28;

    public static final int KVM_EXIT_IO_IN = 0, KVM_EXIT_IO_OUT = 1;

    /** kvm_run.system_event.type */
    public static final int KVM_SYSTEM_EVENT_SHUTDOWN = 1, KVM_SYSTEM_EVENT_RESET = 2, KVM_SYSTEM_EVENT_CRASH = 3;

    /** kvm_run.internal.suberror */
    public static final int KVM_INTERNAL_ERROR_EMULATION = 1, KVM_INTERNAL_ERROR_SIMUL_EX = 2,
            KVM_INTERNAL_ERROR_DELIVERY_EV = 3, KVM_INTERNAL_ERROR_UNEXPECTED_EXIT_REASON = 4;

    /** struct kvm_run: the fixed head, then the exit union at {@link #EXIT_UNION}. */
    public static final class Run {
        private Run() {}
        public static final int REQUEST_INTERRUPT_WINDOW = 0;
        public static final int IMMEDIATE_EXIT = 1;
        public static final int EXIT_REASON = 8;
        public static final int READY_FOR_INTERRUPT_INJECTION = 12;
        public static final int IF_FLAG = 13;
        public static final int FLAGS = 14;
        public static final int EXIT_UNION = 32;
        // KVM_EXIT_MMIO
        public static final int MMIO_PHYS_ADDR = 32;
        public static final int MMIO_DATA = 40;
        public static final int MMIO_LEN = 48;
        public static final int MMIO_IS_WRITE = 52;
        // KVM_EXIT_IO (x86 port I/O; data lives at kvm_run + data_offset)
        public static final int IO_DIRECTION = 32;
        public static final int IO_SIZE = 33;
        public static final int IO_PORT = 34;
        public static final int IO_COUNT = 36;
        public static final int IO_DATA_OFFSET = 40;
        // KVM_EXIT_FAIL_ENTRY
        public static final int FAIL_ENTRY_HARDWARE_ENTRY_FAILURE_REASON = 32;
        public static final int FAIL_ENTRY_CPU = 40;
        // KVM_EXIT_UNKNOWN
        public static final int HW_HARDWARE_EXIT_REASON = 32;
        // KVM_EXIT_INTERNAL_ERROR
        public static final int INTERNAL_SUBERROR = 32;
        public static final int INTERNAL_NDATA = 36;
        public static final int INTERNAL_DATA = 40;
        // KVM_EXIT_SYSTEM_EVENT
        public static final int SYSTEM_EVENT_TYPE = 32;
        public static final int SYSTEM_EVENT_NDATA = 36;
        public static final int SYSTEM_EVENT_DATA = 40;
        // KVM_EXIT_ARM_NISV
        public static final int ARM_NISV_ESR_ISS = 32;
        public static final int ARM_NISV_FAULT_IPA = 40;
    }

    /** struct kvm_userspace_memory_region */
    public static final class UserspaceMemoryRegion {
        private UserspaceMemoryRegion() {}
        public static final int SLOT = 0, FLAGS = 4, GUEST_PHYS_ADDR = 8, MEMORY_SIZE = 16, USERSPACE_ADDR = 24;
    }

    /** struct kvm_one_reg */
    public static final class OneReg {
        private OneReg() {}
        public static final int ID = 0, ADDR = 8;
    }

    /** struct kvm_reg_list: n, then n register ids of 8 bytes. */
    public static final class RegList {
        private RegList() {}
        public static final int N = 0, REG = 8;
    }

    /** struct kvm_vcpu_init (arm, arm64): target, then 7 words of feature bits. */
    public static final class VcpuInit {
        private VcpuInit() {}
        public static final int TARGET = 0, FEATURES = 4, FEATURE_WORDS = 7;
    }

    /** struct kvm_irq_level */
    public static final class IrqLevel {
        private IrqLevel() {}
        public static final int IRQ = 0, LEVEL = 4;
    }

    /** struct kvm_enable_cap: cap, flags, args[4], pad[64]. */
    public static final class EnableCap {
        private EnableCap() {}
        public static final int CAP = 0, FLAGS = 4, ARGS = 8;
    }

    /** struct kvm_create_device */
    public static final class CreateDevice {
        private CreateDevice() {}
        public static final int TYPE = 0, FD = 4, FLAGS = 8;
    }

    /** struct kvm_device_attr */
    public static final class DeviceAttr {
        private DeviceAttr() {}
        public static final int FLAGS = 0, GROUP = 4, ATTR = 8, ADDR = 16;
    }

    /** x86 struct kvm_regs: sixteen general registers in this order, then rip and rflags, 8 bytes each. */
    public static final class X86Regs {
        private X86Regs() {}
        public static final int RAX = 0, RBX = 8, RCX = 16, RDX = 24, RSI = 32, RDI = 40, RSP = 48, RBP = 56;
        public static final int R8 = 64, R15 = 120, RIP = 128, RFLAGS = 136;
    }

    /** x86 struct kvm_sregs: eight struct kvm_segment, two struct kvm_dtable, control registers. */
    public static final class X86Sregs {
        private X86Sregs() {}
        public static final int CS = 0, DS = 24, ES = 48, FS = 72, GS = 96, SS = 120, TR = 144, LDT = 168;
        public static final int GDT = 192, IDT = 208;
        public static final int CR0 = 224, CR2 = 232, CR3 = 240, CR4 = 248, CR8 = 256, EFER = 264, APIC_BASE = 272;
        public static final int INTERRUPT_BITMAP = 280;
        /** struct kvm_segment, relative to the segment's offset */
        public static final int SEG_BASE = 0, SEG_LIMIT = 8, SEG_SELECTOR = 12, SEG_TYPE = 14, SEG_PRESENT = 15;
        public static final int SIZEOF_KVM_SEGMENT = 24;
    }
}
