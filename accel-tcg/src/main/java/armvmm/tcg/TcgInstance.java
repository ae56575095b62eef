package armvmm.tcg;

import armvmm.accel.AcceleratorInstance;
import armvmm.accel.VcpuLifecycle;
import armvmm.irq.InterruptController;
import armvmm.irq.GicSpec;
import armvmm.accel.CpuOptions;
import armvmm.accel.VmContext;
import armvmm.cpu.cortexa15.CortexA15;
import armvmm.cp15.CpRegistry;
import armvmm.isa.cpu.GlobalMonitor;
import armvmm.isa.decode.CpDecoder;
import armvmm.isa.decode.Decoders;
import armvmm.isa.mem.CodePages;
import java.util.ArrayList;
import java.util.List;
import armvmm.tcg.exec.JitMode;
import java.util.Optional;

/**
 * The TCG accelerator bound to a machine: one {@link TcgVcpu} per configured CPU, sharing the decoders and
 * the code-page map. Interrupts come from the Java GIC model through each vCPU's IRQ/FIQ lines.
 */
public final class TcgInstance implements AcceleratorInstance {
    private final VmContext machine;
    private final List<TcgVcpu> vcpus = new ArrayList<>();
    private final CodePages codePages = new CodePages();
    private boolean started;

    TcgInstance(VmContext machine, CpuOptions cpu, JitMode jit, long codeCacheBytes) {
        this.machine = machine;
        // The Cortex-A15 set plus what the board adds (vexpress: CBAR), one registry for every vCPU.
        CpRegistry registry = CortexA15.registry(cpu.boardSystemRegisters());
        Decoders decoders = Decoders.of(Decoders.loadExtensions(), new CpDecoder(registry));
        for (int i = 0; i < machine.cpuCount(); i++) vcpus.add(new TcgVcpu(i, machine, registry, decoders, codePages, cpu.cp15Trace()));
        List<TcgVcpu> all = List.copyOf(vcpus);
        GlobalMonitor monitor = new GlobalMonitor(machine.bus());
        for (TcgVcpu v : vcpus) {
            v.interpreter.setJit(jit);
            v.interpreter.codeCacheLimit = codeCacheBytes;
            v.cpu.globalMonitor = monitor;
            v.peers = all;
            v.cpu.sendEvent = () -> all.forEach(TcgVcpu::event);
            v.cpu.firmware = cpu.firmware();
        }
        // Registered before the board's handlers, which set the boot registers after this reset.
        machine.onReset(() -> vcpus.forEach(TcgVcpu::resetState));
        // DMA and image loading bypass the CPUs' stores: their writes must drop decoded code too.
        machine.bus().addRamWriteListener(codePages::written);
    }

    public CodePages codePages() { return codePages; }

    @Override
    public List<TcgVcpu> vcpus() { return List.copyOf(vcpus); }

    @Override
    public Optional<InterruptController> inKernelInterruptController(GicSpec spec) { return Optional.empty(); }

    @Override
    public synchronized void start() {
        if (started) return;
        started = true;
        vcpus.forEach(TcgVcpu::start);
    }

    @Override
    public void pause() { VcpuLifecycle.pauseAll(lifecycles()); }

    @Override
    public void resume() { VcpuLifecycle.resumeAll(lifecycles()); }

    @Override
    public void stop() { VcpuLifecycle.stopAll(lifecycles()); }

    private List<VcpuLifecycle> lifecycles() { return vcpus.stream().map(TcgVcpu::lifecycle).toList(); }
}
