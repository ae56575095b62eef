package armvmm.kvm.x86probe;

import armvmm.bus.MmioDevice;
import armvmm.kvm.KvmAcceleratorInstance;
import armvmm.kvm.KvmVcpu;
import armvmm.machine.Machine;
import armvmm.machine.MachineConfig;
import armvmm.machine.PowerEvent;
import armvmm.memory.RamBlock;
import armvmm.time.VirtualClock;

/**
 * An x86 real-mode machine on this host's /dev/kvm, built from the same parts as an ARM machine
 * (Machine, AddressSpace, RamBlock, MmioDevice) to exercise the KVM accelerator's neutral core where no ARM
 * KVM exists. Memory map: RAM at [0, {@link #RAM_SIZE}), code loaded at {@link #CODE}, one MMIO device at
 * [{@link #MMIO_BASE}, +{@link #MMIO_SIZE}); everything within reach of 16-bit addresses with DS = 0.
 */
public final class X86ProbeMachine implements AutoCloseable {
    public static final long RAM_SIZE = 0x8000;
    public static final long CODE = 0x1000;
    public static final long MMIO_BASE = 0x8000;
    public static final long MMIO_SIZE = 0x1000;

    /** {@code mov [0x8000], al; jmp back}: an MMIO store exit on every iteration, for ever. */
    public static final byte[] MMIO_STORE_LOOP = {
        (byte) 0xA2, 0x00, (byte) 0x80, // mov [0x8000], al
        (byte) 0xEB, (byte) 0xFB,       // jmp -5
    };

    private final Machine machine;
    private final RamBlock ram;
    private final X86ProbeArch arch;
    private final KvmAcceleratorInstance instance;

    public X86ProbeMachine(byte[] code, MmioDevice device) { this(code, device, 1); }

    /** {@code cpus} vCPUs, all starting at {@link #CODE}. */
    public X86ProbeMachine(byte[] code, MmioDevice device, int cpus) {
        if (code.length > RAM_SIZE - CODE) throw new IllegalArgumentException("probe code of " + code.length + " bytes does not fit");
        machine = new Machine(MachineConfig.minimal("x86-probe", cpus, RAM_SIZE), new VirtualClock());
        ram = new RamBlock("x86-probe-ram", RAM_SIZE);
        ram.write(CODE, code, 0, code.length);
        machine.bus().mapRam("ram", 0, ram);
        machine.bus().mapMmio(MMIO_BASE, MMIO_SIZE, device);
        arch = new X86ProbeArch(machine, CODE);
        try {
            instance = KvmAcceleratorInstance.create(machine, arch);
        } catch (RuntimeException e) {
            ram.close();
            throw e;
        }
        machine.attach(instance);
    }

    public Machine machine() { return machine; }
    public RamBlock ram() { return ram; }
    public X86ProbeArch arch() { return arch; }
    public KvmAcceleratorInstance instance() { return instance; }
    /** vCPU 0. */
    public KvmVcpu vcpu() { return instance.vcpus().get(0); }

    /** Runs until the guest halts (POWER_OFF), fails, or the timeout. */
    public PowerEvent run(long timeoutMillis) throws InterruptedException { return machine.run(timeoutMillis); }

    @Override
    public void close() {
        instance.close();
        ram.close();
    }
}
