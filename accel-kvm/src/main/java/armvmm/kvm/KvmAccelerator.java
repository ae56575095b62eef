package armvmm.kvm;

import armvmm.accel.Accelerator;
import armvmm.accel.AcceleratorInstance;
import armvmm.accel.Availability;
import armvmm.accel.Availability.Check;
import armvmm.machine.Machine;
import armvmm.machine.VmmException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Hardware virtualization through /dev/kvm, for 32-bit ARM guests on ARM hosts. */
public final class KvmAccelerator implements Accelerator {
    @Override
    public String name() { return "kvm"; }

    @Override
    public String summary() { return "Linux KVM (/dev/kvm) on an ARM host"; }

    @Override
    public Availability probe() {
        List<Check> checks = new ArrayList<>();
        Path dev = Path.of("/dev/kvm");
        boolean exists = Files.exists(dev);
        checks.add(new Check("/dev/kvm exists", exists, ""));
        if (!exists) return Availability.no("no /dev/kvm on this host", checks);
        boolean rw = Files.isReadable(dev) && Files.isWritable(dev);
        checks.add(new Check("/dev/kvm readable and writable", rw, rw ? "" : "no permission"));
        if (!rw) return Availability.no("no permission to open /dev/kvm", checks);
        String arch = System.getProperty("os.arch");
        boolean arm = arch.equals("aarch64") || arch.equals("arm");
        checks.add(new Check("host architecture runs ARM guests", arm, arch));
        if (!arm) return Availability.no("this is an " + arch + " host: its KVM runs " + arch + " guests only, not 32-bit ARM", checks);
        return Availability.no("the ARM half of the KVM accelerator is not implemented yet", checks);
    }

    @Override
    public int autoPreference() { return 100; }

    @Override
    public AcceleratorInstance create(Machine machine) {
        throw new VmmException("--accel kvm: " + probe().reason());
    }
}
