package armvmm.kvm;

import armvmm.accel.Accelerator;
import armvmm.accel.AcceleratorInstance;
import armvmm.accel.Availability;
import armvmm.accel.Availability.Check;
import armvmm.kvm.sys.Kvm;
import armvmm.kvm.sys.KvmAbi;
import armvmm.kvm.sys.KvmException;
import armvmm.kvm.sys.Shim;
import armvmm.kvm.sys.VmFd;
import armvmm.kvm.arm.KvmArmArch;
import armvmm.error.ExitCode;
import armvmm.accel.CpuOptions;
import armvmm.accel.VmContext;
import armvmm.error.VmmException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Hardware virtualization through /dev/kvm, for 32-bit ARM guests on ARM hosts. */
public final class KvmAccelerator implements Accelerator {
    @Override
    public String name() { return "kvm"; }

    @Override
    public String summary() { return "Linux KVM (/dev/kvm) on an ARM host"; }

    /** Every check that can be made is made and shown; the reason is the first that failed. */
    @Override
    public Availability probe() {
        List<Check> checks = new ArrayList<>();
        String reason = null;
        String gics = "";

        Optional<String> shim = Shim.unusableReason();
        checks.add(new Check("native shim loaded", shim.isEmpty(), shim.orElse("")));
        if (shim.isPresent()) reason = shim.get();

        boolean exists = Files.exists(Path.of(Kvm.DEVICE));
        checks.add(new Check(Kvm.DEVICE + " exists", exists, ""));
        if (!exists) return Availability.no(first(reason, "no " + Kvm.DEVICE + " on this host (no KVM in the kernel, or not exposed here)"), checks);

        try (Kvm kvm = Kvm.open()) {
            checks.add(new Check(Kvm.DEVICE + " opens read-write", true, ""));
            int api = kvm.apiVersion();
            boolean apiOk = api == KvmAbi.KVM_API_VERSION;
            checks.add(new Check("KVM API version " + KvmAbi.KVM_API_VERSION, apiOk, "version " + api));
            if (!apiOk) reason = first(reason, Kvm.DEVICE + " speaks KVM API version " + api + ", not " + KvmAbi.KVM_API_VERSION);
            boolean immediateExit = kvm.checkExtension(KvmAbi.KVM_CAP_IMMEDIATE_EXIT) > 0;
            checks.add(new Check("KVM_CAP_IMMEDIATE_EXIT", immediateExit, ""));
            if (!immediateExit) reason = first(reason, "this host's KVM lacks KVM_CAP_IMMEDIATE_EXIT (Linux 4.11 or newer needed)");
            String arch = System.getProperty("os.arch");
            boolean arm = arch.equals("aarch64") || arch.equals("arm");
            checks.add(new Check("host architecture runs ARM guests", arm, arch));
            if (!arm) {
                reason = first(reason, "this is an " + arch + " host: its KVM runs " + arch + " guests only, not 32-bit ARM");
            } else if (arch.equals("aarch64")) {
                boolean el1aarch32 = kvm.checkExtension(KvmAbi.KVM_CAP_ARM_EL1_32BIT) > 0;
                checks.add(new Check("KVM_CAP_ARM_EL1_32BIT (32-bit guests at EL1)", el1aarch32, ""));
                if (!el1aarch32) reason = first(reason, "this arm64 host's CPUs run AArch32 at EL0 only: KVM cannot run a 32-bit guest kernel");
                boolean v2 = canCreateDevice(kvm, KvmAbi.KVM_DEV_TYPE_ARM_VGIC_V2), v3 = canCreateDevice(kvm, KvmAbi.KVM_DEV_TYPE_ARM_VGIC_V3);
                // either runs virt (gic-version=2 or 3); only a GICv2 runs vexpress-a15
                checks.add(new Check("in-kernel vGICv2 (KVM_DEV_TYPE_ARM_VGIC_V2: vexpress-a15, virt)", v2, ""));
                checks.add(new Check("in-kernel vGICv3 (KVM_DEV_TYPE_ARM_VGIC_V3: virt,gic-version=3)", v3, ""));
                if (!v2 && !v3) reason = first(reason, "this host's KVM can create neither an in-kernel GICv2 nor a GICv3");
                else gics = v2 && v3 ? "an in-kernel vGICv2 or vGICv3" : v2 ? "an in-kernel vGICv2 (no vGICv3: virt takes gic-version=2)"
                        : "an in-kernel vGICv3 only (virt,gic-version=3; no GICv2 for vexpress-a15 or gic-version=2)";
            } else {
                reason = first(reason, "KVM on a 32-bit ARM host is not supported (an arm64 host is needed)");
            }
            if (reason != null) return Availability.no(reason, checks);
            return Availability.yes("KVM on this arm64 host runs 32-bit guests at EL1 with " + gics, checks);
        } catch (KvmException e) {
            checks.add(new Check(Kvm.DEVICE + " opens read-write", false, e.getMessage()));
            return Availability.no(first(reason, "cannot use " + Kvm.DEVICE + ": " + e.getMessage()), checks);
        }
    }

    /** Those a throw-away VM could create; none where /dev/kvm cannot be opened. */
    @Override
    public Set<Integer> inKernelGicVersions() {
        if (!Files.exists(Path.of(Kvm.DEVICE)) || Shim.unusableReason().isPresent()) return Set.of();
        try (Kvm kvm = Kvm.open()) {
            Set<Integer> out = new TreeSet<>();
            if (canCreateDevice(kvm, KvmAbi.KVM_DEV_TYPE_ARM_VGIC_V2)) out.add(2);
            if (canCreateDevice(kvm, KvmAbi.KVM_DEV_TYPE_ARM_VGIC_V3)) out.add(3);
            return out;
        } catch (KvmException e) {
            return Set.of();
        }
    }

    /** A throw-away VM asked whether it could create a device of {@code type} (KVM_CREATE_DEVICE_TEST). */
    private static boolean canCreateDevice(Kvm kvm, int type) {
        try (VmFd vm = kvm.createVm(0)) {
            return vm.canCreateDevice(type);
        } catch (KvmException e) {
            return false;
        }
    }

    private static String first(String already, String next) { return already != null ? already : next; }

    @Override
    public int autoPreference() { return 100; }

    @Override
    public Optional<String> cp15AccessesUnseen() {
        return Optional.of("KVM handles the guest's cp15 accesses in the kernel, with no exit to the VMM");
    }

    @Override
    public AcceleratorInstance create(VmContext machine, CpuOptions cpu) {
        // cp15 lives in the kernel: the board's additions (CBAR) are KVM's to present, and nothing is traced
        Availability a = probe();
        if (!a.usable()) throw new VmmException("--accel kvm: " + a.reason(), ExitCode.UNSUPPORTED);
        return KvmAcceleratorInstance.create(machine, new KvmArmArch(machine));
    }
}
