package armvmm.tcg;

import armvmm.accel.AcceleratorInstance;
import armvmm.irq.InterruptController;
import armvmm.machine.GicSpec;
import armvmm.machine.Machine;
import armvmm.tcg.cpu.ArmCpu;
import armvmm.tcg.cpu.BasicSystemControl;
import armvmm.tcg.decode.Coprocessors;
import armvmm.tcg.decode.Decoders;
import armvmm.tcg.exec.Interpreter;
import armvmm.tcg.mem.CodePages;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The TCG accelerator bound to a machine: one {@link TcgVcpu} per configured CPU, sharing the decoders and
 * the code-page map. Interrupts come from the Java GIC model through each vCPU's IRQ/FIQ lines.
 */
public final class TcgInstance implements AcceleratorInstance {
    private final Machine machine;
    private final List<TcgVcpu> vcpus = new ArrayList<>();
    private final CodePages codePages = new CodePages();
    private boolean started, stopped;

    TcgInstance(Machine machine) {
        this.machine = machine;
        Decoders decoders = Decoders.of(Decoders.loadExtensions(), Coprocessors.NONE);
        for (int i = 0; i < machine.config().cpus(); i++) {
            BasicSystemControl sys = new BasicSystemControl();
            ArmCpu cpu = new ArmCpu(null, sys);
            Interpreter interp = new Interpreter(cpu, decoders, codePages);
            TcgVcpu v = new TcgVcpu(i, machine, cpu, interp);
            cpu.mem = new FlatMemoryAccess(machine.bus(), codePages, v, sys);
            vcpus.add(v);
        }
        for (TcgVcpu v : vcpus) v.cpu.sendEvent = () -> vcpus.forEach(TcgVcpu::event);
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
    public void pause() { vcpus.forEach(TcgVcpu::pause); }

    @Override
    public void resume() { vcpus.forEach(TcgVcpu::resume); }

    @Override
    public synchronized void stop() {
        if (stopped) return;
        stopped = true;
        vcpus.forEach(TcgVcpu::stop);
    }
}
