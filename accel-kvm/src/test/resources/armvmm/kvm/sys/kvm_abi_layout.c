/*
 * Prints the KVM ABI constants of the host's <linux/kvm.h> as "NAME VALUE" lines, NAME being the Java
 * constant in armvmm.kvm.sys.KvmAbi ("Nested.FIELD" for a nested class). KvmAbiLayoutTest compares them.
 */
#include <stddef.h>
#include <stdio.h>
#include <linux/kvm.h>

#define V(name, value) printf("%s %llu\n", name, (unsigned long long)(value))
#define C(name) V(#name, name)
#define OFF(jname, type, member) V(jname, offsetof(struct type, member))

int main(void)
{
    V("KVMIO", KVMIO);
    V("KVM_API_VERSION", KVM_API_VERSION);
    V("SIZEOF_KVM_USERSPACE_MEMORY_REGION", sizeof(struct kvm_userspace_memory_region));
    V("SIZEOF_KVM_ONE_REG", sizeof(struct kvm_one_reg));
    V("SIZEOF_KVM_REG_LIST", sizeof(struct kvm_reg_list));
    V("SIZEOF_KVM_IRQ_LEVEL", sizeof(struct kvm_irq_level));
    V("SIZEOF_KVM_ENABLE_CAP", sizeof(struct kvm_enable_cap));
    V("SIZEOF_KVM_CREATE_DEVICE", sizeof(struct kvm_create_device));
    V("SIZEOF_KVM_DEVICE_ATTR", sizeof(struct kvm_device_attr));

    C(KVM_GET_API_VERSION); C(KVM_CREATE_VM); C(KVM_CHECK_EXTENSION); C(KVM_GET_VCPU_MMAP_SIZE);
    C(KVM_CREATE_VCPU); C(KVM_SET_USER_MEMORY_REGION); C(KVM_IRQ_LINE); C(KVM_ENABLE_CAP); C(KVM_CREATE_DEVICE);
    C(KVM_SET_DEVICE_ATTR); C(KVM_GET_DEVICE_ATTR); C(KVM_HAS_DEVICE_ATTR);
    C(KVM_RUN); C(KVM_GET_ONE_REG); C(KVM_SET_ONE_REG); C(KVM_GET_REG_LIST);

    C(KVM_CAP_IRQCHIP); C(KVM_CAP_USER_MEMORY); C(KVM_CAP_NR_VCPUS); C(KVM_CAP_NR_MEMSLOTS); C(KVM_CAP_MAX_VCPUS);
    C(KVM_CAP_ONE_REG); C(KVM_CAP_READONLY_MEM); C(KVM_CAP_DEVICE_CTRL); C(KVM_CAP_ARM_EL1_32BIT);
    C(KVM_CAP_ARM_PSCI_0_2); C(KVM_CAP_IMMEDIATE_EXIT); C(KVM_CAP_ARM_VM_IPA_SIZE); C(KVM_CAP_ARM_NISV_TO_USER);
    C(KVM_MEM_READONLY);
    C(KVM_DEV_TYPE_VFIO); C(KVM_DEV_TYPE_ARM_VGIC_V2); C(KVM_DEV_TYPE_ARM_VGIC_V3); C(KVM_CREATE_DEVICE_TEST);

    C(KVM_EXIT_UNKNOWN); C(KVM_EXIT_EXCEPTION); C(KVM_EXIT_IO); C(KVM_EXIT_HYPERCALL); C(KVM_EXIT_DEBUG);
    C(KVM_EXIT_HLT); C(KVM_EXIT_MMIO); C(KVM_EXIT_IRQ_WINDOW_OPEN); C(KVM_EXIT_SHUTDOWN); C(KVM_EXIT_FAIL_ENTRY);
    C(KVM_EXIT_INTR); C(KVM_EXIT_INTERNAL_ERROR); C(KVM_EXIT_SYSTEM_EVENT); C(KVM_EXIT_ARM_NISV);
    C(KVM_EXIT_IO_IN); C(KVM_EXIT_IO_OUT);
    C(KVM_SYSTEM_EVENT_SHUTDOWN); C(KVM_SYSTEM_EVENT_RESET); C(KVM_SYSTEM_EVENT_CRASH);
    C(KVM_INTERNAL_ERROR_EMULATION); C(KVM_INTERNAL_ERROR_SIMUL_EX); C(KVM_INTERNAL_ERROR_DELIVERY_EV);
    C(KVM_INTERNAL_ERROR_UNEXPECTED_EXIT_REASON);

    OFF("Run.REQUEST_INTERRUPT_WINDOW", kvm_run, request_interrupt_window);
    OFF("Run.IMMEDIATE_EXIT", kvm_run, immediate_exit);
    OFF("Run.EXIT_REASON", kvm_run, exit_reason);
    OFF("Run.READY_FOR_INTERRUPT_INJECTION", kvm_run, ready_for_interrupt_injection);
    OFF("Run.IF_FLAG", kvm_run, if_flag);
    OFF("Run.FLAGS", kvm_run, flags);
    OFF("Run.EXIT_UNION", kvm_run, mmio);
    OFF("Run.MMIO_PHYS_ADDR", kvm_run, mmio.phys_addr);
    OFF("Run.MMIO_DATA", kvm_run, mmio.data);
    OFF("Run.MMIO_LEN", kvm_run, mmio.len);
    OFF("Run.MMIO_IS_WRITE", kvm_run, mmio.is_write);
    OFF("Run.IO_DIRECTION", kvm_run, io.direction);
    OFF("Run.IO_SIZE", kvm_run, io.size);
    OFF("Run.IO_PORT", kvm_run, io.port);
    OFF("Run.IO_COUNT", kvm_run, io.count);
    OFF("Run.IO_DATA_OFFSET", kvm_run, io.data_offset);
    OFF("Run.FAIL_ENTRY_HARDWARE_ENTRY_FAILURE_REASON", kvm_run, fail_entry.hardware_entry_failure_reason);
    OFF("Run.FAIL_ENTRY_CPU", kvm_run, fail_entry.cpu);
    OFF("Run.HW_HARDWARE_EXIT_REASON", kvm_run, hw.hardware_exit_reason);
    OFF("Run.INTERNAL_SUBERROR", kvm_run, internal.suberror);
    OFF("Run.INTERNAL_NDATA", kvm_run, internal.ndata);
    OFF("Run.INTERNAL_DATA", kvm_run, internal.data);
    OFF("Run.SYSTEM_EVENT_TYPE", kvm_run, system_event.type);
    OFF("Run.SYSTEM_EVENT_NDATA", kvm_run, system_event.ndata);
    OFF("Run.SYSTEM_EVENT_DATA", kvm_run, system_event.data);
    OFF("Run.ARM_NISV_ESR_ISS", kvm_run, arm_nisv.esr_iss);
    OFF("Run.ARM_NISV_FAULT_IPA", kvm_run, arm_nisv.fault_ipa);

    OFF("UserspaceMemoryRegion.SLOT", kvm_userspace_memory_region, slot);
    OFF("UserspaceMemoryRegion.FLAGS", kvm_userspace_memory_region, flags);
    OFF("UserspaceMemoryRegion.GUEST_PHYS_ADDR", kvm_userspace_memory_region, guest_phys_addr);
    OFF("UserspaceMemoryRegion.MEMORY_SIZE", kvm_userspace_memory_region, memory_size);
    OFF("UserspaceMemoryRegion.USERSPACE_ADDR", kvm_userspace_memory_region, userspace_addr);
    OFF("OneReg.ID", kvm_one_reg, id);
    OFF("OneReg.ADDR", kvm_one_reg, addr);
    OFF("RegList.N", kvm_reg_list, n);
    OFF("RegList.REG", kvm_reg_list, reg);
    OFF("IrqLevel.IRQ", kvm_irq_level, irq);
    OFF("IrqLevel.LEVEL", kvm_irq_level, level);
    OFF("EnableCap.CAP", kvm_enable_cap, cap);
    OFF("EnableCap.FLAGS", kvm_enable_cap, flags);
    OFF("EnableCap.ARGS", kvm_enable_cap, args);
    OFF("CreateDevice.TYPE", kvm_create_device, type);
    OFF("CreateDevice.FD", kvm_create_device, fd);
    OFF("CreateDevice.FLAGS", kvm_create_device, flags);
    OFF("DeviceAttr.FLAGS", kvm_device_attr, flags);
    OFF("DeviceAttr.GROUP", kvm_device_attr, group);
    OFF("DeviceAttr.ATTR", kvm_device_attr, attr);
    OFF("DeviceAttr.ADDR", kvm_device_attr, addr);

#if defined(__x86_64__) || defined(__i386__)
    V("SIZEOF_KVM_REGS_X86", sizeof(struct kvm_regs));
    V("SIZEOF_KVM_SREGS_X86", sizeof(struct kvm_sregs));
    C(KVM_GET_REGS); C(KVM_SET_REGS); C(KVM_GET_SREGS); C(KVM_SET_SREGS);
    OFF("X86Regs.RAX", kvm_regs, rax); OFF("X86Regs.RBX", kvm_regs, rbx); OFF("X86Regs.RCX", kvm_regs, rcx);
    OFF("X86Regs.RDX", kvm_regs, rdx); OFF("X86Regs.RSI", kvm_regs, rsi); OFF("X86Regs.RDI", kvm_regs, rdi);
    OFF("X86Regs.RSP", kvm_regs, rsp); OFF("X86Regs.RBP", kvm_regs, rbp); OFF("X86Regs.R8", kvm_regs, r8);
    OFF("X86Regs.R15", kvm_regs, r15); OFF("X86Regs.RIP", kvm_regs, rip); OFF("X86Regs.RFLAGS", kvm_regs, rflags);
    OFF("X86Sregs.CS", kvm_sregs, cs); OFF("X86Sregs.DS", kvm_sregs, ds); OFF("X86Sregs.ES", kvm_sregs, es);
    OFF("X86Sregs.FS", kvm_sregs, fs); OFF("X86Sregs.GS", kvm_sregs, gs); OFF("X86Sregs.SS", kvm_sregs, ss);
    OFF("X86Sregs.TR", kvm_sregs, tr); OFF("X86Sregs.LDT", kvm_sregs, ldt); OFF("X86Sregs.GDT", kvm_sregs, gdt);
    OFF("X86Sregs.IDT", kvm_sregs, idt); OFF("X86Sregs.CR0", kvm_sregs, cr0); OFF("X86Sregs.CR2", kvm_sregs, cr2);
    OFF("X86Sregs.CR3", kvm_sregs, cr3); OFF("X86Sregs.CR4", kvm_sregs, cr4); OFF("X86Sregs.CR8", kvm_sregs, cr8);
    OFF("X86Sregs.EFER", kvm_sregs, efer); OFF("X86Sregs.APIC_BASE", kvm_sregs, apic_base);
    OFF("X86Sregs.INTERRUPT_BITMAP", kvm_sregs, interrupt_bitmap);
    OFF("X86Sregs.SEG_BASE", kvm_segment, base); OFF("X86Sregs.SEG_LIMIT", kvm_segment, limit);
    OFF("X86Sregs.SEG_SELECTOR", kvm_segment, selector); OFF("X86Sregs.SEG_TYPE", kvm_segment, type);
    OFF("X86Sregs.SEG_PRESENT", kvm_segment, present);
    V("X86Sregs.SIZEOF_KVM_SEGMENT", sizeof(struct kvm_segment));
#endif
#if defined(__aarch64__) || defined(__arm__)
    V("SIZEOF_KVM_VCPU_INIT", sizeof(struct kvm_vcpu_init));
    C(KVM_ARM_VCPU_INIT); C(KVM_ARM_PREFERRED_TARGET);
    OFF("VcpuInit.TARGET", kvm_vcpu_init, target);
    OFF("VcpuInit.FEATURES", kvm_vcpu_init, features);
    V("VcpuInit.FEATURE_WORDS", sizeof(((struct kvm_vcpu_init *)0)->features) / 4);
#endif
    return 0;
}
