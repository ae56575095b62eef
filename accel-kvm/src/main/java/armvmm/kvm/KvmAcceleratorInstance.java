package armvmm.kvm;

import armvmm.accel.AcceleratorInstance;
import armvmm.accel.VcpuLifecycle;
import armvmm.irq.InterruptController;
import armvmm.irq.GicSpec;
import armvmm.accel.VmContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A machine's KVM VM and its vCPUs, each on its own thread once started. */
public final class KvmAcceleratorInstance implements AcceleratorInstance {
    private final VmContext machine;
    private final KvmArch arch;
    private final KvmVm vm;
    private final List<KvmVcpu> vcpus;
    private boolean started, closed;

    private KvmAcceleratorInstance(VmContext machine, KvmArch arch, KvmVm vm, List<KvmVcpu> vcpus) {
        this.machine = machine;
        this.arch = arch;
        this.vm = vm;
        this.vcpus = List.copyOf(vcpus);
    }

    /** Creates the VM and {@code machine.cpuCount()} vCPUs, initialised by {@code arch} but not running. */
    public static KvmAcceleratorInstance create(VmContext machine, KvmArch arch) {
        KvmVm vm = KvmVm.create(arch);
        List<KvmVcpu> vcpus = new ArrayList<>();
        try {
            for (int i = 0; i < machine.cpuCount(); i++) {
                KvmVcpu v = new KvmVcpu(i, vm.fd().createVcpu(i), arch, machine);
                vcpus.add(v);
                arch.initVcpu(v);
            }
        } catch (RuntimeException e) {
            vcpus.forEach(KvmVcpu::close);
            vm.close();
            throw e;
        }
        return new KvmAcceleratorInstance(machine, arch, vm, vcpus);
    }

    public KvmVm vm() { return vm; }

    @Override
    public List<KvmVcpu> vcpus() { return vcpus; }

    @Override
    public Optional<InterruptController> inKernelInterruptController(GicSpec spec) {
        return arch.inKernelInterruptController(vm, spec);
    }

    @Override
    public synchronized void start() {
        if (started) return;
        started = true;
        vm.mapMemory(machine.bus());
        vcpus.forEach(KvmVcpu::start);
    }

    @Override
    public void pause() { VcpuLifecycle.pauseAll(lifecycles()); }

    @Override
    public void resume() { VcpuLifecycle.resumeAll(lifecycles()); }

    @Override
    public void stop() { VcpuLifecycle.stopAll(lifecycles()); }

    private List<VcpuLifecycle> lifecycles() { return vcpus.stream().map(KvmVcpu::lifecycle).toList(); }

    /** Stops the vCPUs and releases the vCPU and VM file descriptors. */
    @Override
    public synchronized void close() {
        stop();
        if (closed) return;
        closed = true;
        vcpus.forEach(KvmVcpu::close);
        vm.close();
    }
}
