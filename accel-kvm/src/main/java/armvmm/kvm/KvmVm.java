package armvmm.kvm;

import armvmm.bus.AddressSpace;
import armvmm.bus.Region;
import armvmm.kvm.sys.Kvm;
import armvmm.kvm.sys.KvmAbi;
import armvmm.kvm.sys.Shim;
import armvmm.kvm.sys.VmFd;
import armvmm.error.ExitCode;
import armvmm.error.VmmException;
import armvmm.memory.HostMemory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A KVM virtual machine: /dev/kvm opened and checked, the VM created, and the machine's RAM and ROM
 * registered as memory slots. The slots point at the very RamBlock memory the devices and TCG use.
 */
public final class KvmVm implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KvmVm.class);

    private final Kvm kvm;
    private final VmFd vm;
    private int nextSlot;

    private KvmVm(Kvm kvm, VmFd vm) {
        this.kvm = kvm;
        this.vm = vm;
    }

    /** Opens /dev/kvm, checks it and creates a VM for {@code arch}; a {@link VmmException} says why not. */
    public static KvmVm create(KvmArch arch) {
        Shim.unusableReason().ifPresent(r -> { throw new VmmException(r, ExitCode.UNSUPPORTED); });
        Kvm kvm = Kvm.open();
        try {
            int api = kvm.apiVersion();
            if (api != KvmAbi.KVM_API_VERSION)
                throw new VmmException("/dev/kvm speaks KVM API version " + api + ", not " + KvmAbi.KVM_API_VERSION, ExitCode.UNSUPPORTED);
            require(kvm, KvmAbi.KVM_CAP_USER_MEMORY, "KVM_CAP_USER_MEMORY");
            require(kvm, KvmAbi.KVM_CAP_IMMEDIATE_EXIT, "KVM_CAP_IMMEDIATE_EXIT");
            arch.checkHost(kvm);
            KvmVm v = new KvmVm(kvm, kvm.createVm(arch.vmType(kvm)));
            try {
                arch.configureVm(v);
            } catch (RuntimeException e) {
                v.close();
                throw e;
            }
            return v;
        } catch (RuntimeException e) {
            kvm.close();
            throw e;
        }
    }

    private static void require(Kvm kvm, int cap, String name) {
        if (kvm.checkExtension(cap) <= 0) throw new VmmException("this host's KVM lacks " + name, ExitCode.UNSUPPORTED);
    }

    public Kvm kvm() { return kvm; }

    public VmFd fd() { return vm; }

    /**
     * Registers every RAM and ROM region of {@code bus} as a memory slot (ROM read-only where KVM can do
     * that, so a guest write to it becomes an MMIO exit the bus refuses, as under TCG).
     */
    public void mapMemory(AddressSpace bus) {
        boolean readonly = vm.checkExtension(KvmAbi.KVM_CAP_READONLY_MEM) > 0;
        int maxSlots = kvm.checkExtension(KvmAbi.KVM_CAP_NR_MEMSLOTS);
        for (Region r : bus.regions()) {
            if (!r.isMemory()) continue;
            long hva = r.ram().hostAddress() + r.offsetInBlock();
            long page = HostMemory.PAGE_SIZE;
            if (((r.base() | r.size() | hva) & (page - 1)) != 0)
                throw new VmmException(String.format("%s [0x%x, +0x%x) is not page-aligned: KVM maps whole %d-byte pages",
                        r.name(), r.base(), r.size(), page), ExitCode.UNSUPPORTED);
            if (maxSlots > 0 && nextSlot >= maxSlots)
                throw new VmmException("the machine has more memory regions than this host's KVM has slots (" + maxSlots + ")", ExitCode.UNSUPPORTED);
            int flags = 0;
            if (r.kind() == Region.Kind.ROM) {
                if (readonly) flags |= KvmAbi.KVM_MEM_READONLY;
                else log.warn("{}: this host's KVM has no read-only memory slots; the guest can write this ROM", r.name());
            }
            vm.setUserMemoryRegion(nextSlot++, flags, r.base(), r.size(), hva);
        }
    }

    @Override
    public void close() {
        vm.close();
        kvm.close();
    }
}
