package armvmm.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import armvmm.bus.Region;
import armvmm.kvm.sys.DeviceFd;
import armvmm.kvm.sys.Kvm;
import armvmm.kvm.sys.KvmAbi;
import armvmm.kvm.sys.KvmException;
import armvmm.kvm.sys.VmFd;
import armvmm.kvm.x86probe.X86ProbeMachine;
import armvmm.error.VmmException;
import armvmm.memory.RamBlock;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** VM-level ioctls and memory slots on this host's /dev/kvm (x86_64). */
class KvmVmTest {
    @BeforeEach
    void onX86WithKvm() {
        assumeTrue(Files.exists(Path.of("/dev/kvm")), "no /dev/kvm on this host");
        assumeTrue(System.getProperty("os.arch").equals("amd64"), "the expected errors are those of x86 KVM");
    }

    @Test
    void anInKernelDeviceIsCreatedAndAnswersAboutItsAttributes() {
        try (Kvm kvm = Kvm.open(); VmFd vm = kvm.createVm(0); DeviceFd vfio = vm.createDevice(KvmAbi.KVM_DEV_TYPE_VFIO)) {
            assertTrue(vfio.fd() > 2);
            assertTrue(vfio.hasAttr(1, 1), "KVM_DEV_VFIO_GROUP / KVM_DEV_VFIO_GROUP_ADD");
            assertFalse(vfio.hasAttr(99, 0));
        }
    }

    @Test
    void ioctlsThisHostLacksFailWithOneLineNamingTheRequestAndErrno() {
        try (Kvm kvm = Kvm.open(); VmFd vm = kvm.createVm(0)) {
            KvmException e = assertThrows(KvmException.class, () -> vm.enableCap(KvmAbi.KVM_CAP_ARM_NISV_TO_USER));
            assertEquals("KVM_ENABLE_CAP(177): Invalid argument (errno 22)", e.getMessage());
            KvmException t = assertThrows(KvmException.class, vm::armPreferredTarget);
            assertTrue(t.getMessage().startsWith("KVM_ARM_PREFERRED_TARGET: "), t.getMessage());
            assertFalse(t.getMessage().contains("\n"));
        }
    }

    @Test
    void memoryThatIsNotPageAlignedIsRefusedAtStart() {
        try (X86ProbeMachine m = new X86ProbeMachine(new byte[] {(byte) 0xF4}, new armvmm.bus.MmioDevice() {
                    public String name() { return "none"; }
                    public long read(long offset, int size, int requester) { return 0; }
                    public void write(long offset, int size, long value, int requester) {}
                });
                RamBlock block = new RamBlock("odd", 0x2000)) {
            m.machine().bus().map(new Region("odd-alias", 0x10000, 0x1000, Region.Kind.RAM, block, 0x800, null));
            VmmException e = assertThrows(VmmException.class, () -> m.instance().start());
            assertEquals("odd-alias [0x10000, +0x1000) is not page-aligned: KVM maps whole 4096-byte pages", e.getMessage());
        }
    }
}
