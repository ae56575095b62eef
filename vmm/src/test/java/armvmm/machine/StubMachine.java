package armvmm.machine;

import armvmm.accel.AcceleratorInstance;
import armvmm.accel.Vcpu;
import armvmm.accel.VcpuDebug;
import armvmm.accel.VcpuState;
import armvmm.cp15.CpReg;
import armvmm.cpu.ArmCoreRegisters;
import armvmm.cpu.cortexa15.CortexA15;
import armvmm.irq.GicSpec;
import armvmm.irq.InterruptController;
import armvmm.irq.IrqLine;
import armvmm.memory.RamBlock;
import armvmm.time.VirtualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A machine whose vCPUs execute nothing, for tests of what looks at a machine from outside (the gdb stub,
 * the QMP monitor): their registers, VFP and cp15 state are plain storage, translation is flat, and 64 KiB
 * of RAM sit at physical address 0. It is PAUSED from the start.
 */
public final class StubMachine {
    public static final int RAM_SIZE = 64 * 1024;

    private StubMachine() {}

    public static Machine create(int cpus) {
        Machine m = new Machine(MachineConfig.minimal("stub", cpus, RAM_SIZE), new VirtualClock(0));
        List<StubVcpu> vcpus = new ArrayList<>();
        for (int i = 0; i < cpus; i++) vcpus.add(new StubVcpu(i));
        m.attach(new AcceleratorInstance() {
            @Override public List<? extends Vcpu> vcpus() { return vcpus; }
            @Override public Optional<InterruptController> inKernelInterruptController(GicSpec spec) { return Optional.empty(); }
            @Override public void start() { }
            @Override public void pause() { }
            @Override public void resume() { }
            @Override public void stop() { }
        });
        m.setInterruptController(new InterruptController() {
            @Override public IrqLine spi(int intid) { return level -> { }; }
            @Override public IrqLine ppi(int cpu, int intid) { return level -> { }; }
            @Override public int lines() { return 64; }
        });
        m.bus().mapRam("ram", 0, new RamBlock("ram", RAM_SIZE));
        m.pause(); // as a debugger or monitor finds a machine it has stopped
        return m;
    }

    static final class StubVcpu implements Vcpu, VcpuDebug {
        private static final List<CpReg> SYSTEM = CortexA15.registry(List.of()).registers().stream()
                .filter(r -> r.kind() != CpReg.Kind.OPERATION && r.lowHalfOf() == null).toList();
        private final int index;
        private ArmCoreRegisters regs = ArmCoreRegisters.zero().with(armvmm.cpu.CoreReg.CPSR, 0x1d3); // SVC, A, I and F masked
        private final long[] d = new long[32];
        private int fpscr;

        StubVcpu(int index) { this.index = index; }

        @Override public int index() { return index; }
        @Override public VcpuState state() { return VcpuState.PAUSED; }
        @Override public void pause() { }
        @Override public void resume() { }
        @Override public IrqLine irqInput() { return level -> { }; }
        @Override public IrqLine fiqInput() { return level -> { }; }
        @Override public ArmCoreRegisters readRegisters() { return regs; }
        @Override public void writeRegisters(ArmCoreRegisters r) { regs = r; }
        @Override public void kick() { }
        @Override public Optional<VcpuDebug> debug() { return Optional.of(this); }
        @Override public long readD(int n) { return d[n]; }
        @Override public void writeD(int n, long value) { d[n] = value; }
        @Override public int readFpscr() { return fpscr; }
        @Override public void writeFpscr(int value) { fpscr = value; }
        @Override public int readFpexc() { return 0; }
        @Override public void writeFpexc(int value) { }
        @Override public long readSystemRegisterBank(CpReg r, boolean secureBank) { return r.resetValue(); }
        @Override public void writeSystemRegisterBank(CpReg r, boolean secureBank, long value) { }
        @Override public void systemRegistersWritten() { }
        @Override public PowerState powerState() { return PowerState.ON; }
        @Override public void setPowerState(PowerState s) { }
        @Override public boolean eventRegister() { return false; }
        @Override public void setEventRegister(boolean set) { }
        @Override public List<CpReg> systemRegisters() { return SYSTEM; }
        @Override public long readSystemRegister(CpReg r) { return r.resetValue(); }
        @Override public void writeSystemRegister(CpReg r, long value) { }
        @Override public OptionalLong translate(int va) { return OptionalLong.of(va & 0xffffffffL); }
        @Override public void insertBreakpoint(int va) { }
        @Override public void removeBreakpoint(int va) { }
        @Override public void insertWatchpoint(Watchpoint w) { }
        @Override public void removeWatchpoint(Watchpoint w) { }
        @Override public void clearDebug() { }
        @Override public void requestStep() { }
        @Override public void setStopListener(StopListener listener) { }
    }
}
