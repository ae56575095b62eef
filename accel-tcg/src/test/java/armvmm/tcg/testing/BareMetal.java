package armvmm.tcg.testing;

import armvmm.cpu.ArmCoreRegisters;
import armvmm.cpu.CoreReg;
import armvmm.machine.Machine;
import armvmm.machine.MachineConfig;
import armvmm.machine.PowerEvent;
import armvmm.memory.RamBlock;
import armvmm.tcg.TcgAccelerator;
import armvmm.tcg.TcgInstance;
import armvmm.tcg.TcgVcpu;
import armvmm.time.HostClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a bare-metal test program (a flat binary from guests/) on a minimal machine: 16 MiB of RAM at
 * 0x80000000 where the image is loaded and entered in SVC mode with interrupts masked, the
 * {@link TestDevice} at 0x10000000, and the TCG accelerator with one vCPU.
 */
public final class BareMetal {
    public static final long RAM_BASE = 0x8000_0000L, TESTDEV_BASE = 0x1000_0000L;
    public static final int RAM_SIZE = 16 << 20;

    public record Result(PowerEvent event, int exitCode, String output) {}

    private BareMetal() {}

    /** The guests/ folder of the repository, from the module directory tests run in. */
    public static Path guests() {
        Path p = Path.of("..", "guests").toAbsolutePath().normalize();
        if (!Files.isDirectory(p)) p = Path.of("guests").toAbsolutePath();
        return p;
    }

    public static Path cpuImage(String name) { return guests().resolve("cpu").resolve(name + ".bin"); }

    public static Result run(Path image, long timeoutMillis) throws IOException, InterruptedException {
        return run(image, timeoutMillis, -1);
    }

    /** The same with the interpreter compiling blocks after {@code compileThreshold} runs (-1: its default). */
    public static Result run(Path image, long timeoutMillis, int compileThreshold) throws IOException, InterruptedException {
        try (Session s = new Session(Files.readAllBytes(image), (int) RAM_BASE)) {
            if (compileThreshold >= 0) s.vcpu.interpreter().compileThreshold = compileThreshold;
            PowerEvent e = s.machine.run(timeoutMillis);
            return new Result(e, s.device.exitCode(), s.device.output());
        }
    }

    /** A machine with the image loaded and vCPU 0 about to start at {@code entry}. */
    public static final class Session implements AutoCloseable {
        public final Machine machine;
        public final TcgInstance accel;
        public final TcgVcpu vcpu;
        public final TestDevice device;
        private final HostClock clock = new HostClock();
        private final RamBlock ram = new RamBlock("ram", RAM_SIZE);

        public Session(byte[] image, int entry) { this(image, entry, 1); }

        /** {@code cpus} vCPUs, all entering the image at {@code entry} (programs tell them apart by MPIDR). */
        public Session(byte[] image, int entry, int cpus) { this(image, entry, cpus, new TcgAccelerator()); }

        /** With an accelerator configured by {@code --accel tcg,...} settings. */
        public Session(byte[] image, int entry, int cpus, armvmm.accel.Accelerator tcg) {
            machine = new Machine(MachineConfig.minimal("bare-metal", cpus, RAM_SIZE), clock);
            machine.bus().mapRam("ram", RAM_BASE, ram);
            device = new TestDevice(machine);
            machine.bus().mapMmio(TESTDEV_BASE, 0x1000, device);
            accel = (TcgInstance) tcg.create(machine);
            machine.attach(accel);
            vcpu = accel.vcpus().get(0);
            device.irq = vcpu.irqInput();
            device.fiq = vcpu.fiqInput();
            machine.bus().writeBytes(RAM_BASE, image, 0, image.length);
            for (TcgVcpu v : accel.vcpus()) v.writeRegisters(ArmCoreRegisters.zero().with(CoreReg.PC, entry).with(CoreReg.CPSR, 0x1d3));
        }

        /** Runs the machine on another thread until it stops or {@code timeoutMillis} pass. */
        public CompletableFuture<PowerEvent> runAsync(long timeoutMillis) {
            CompletableFuture<PowerEvent> f = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    f.complete(machine.run(timeoutMillis));
                } catch (Throwable e) {
                    f.completeExceptionally(e);
                }
            }, "machine");
            t.setDaemon(true);
            t.start();
            return f;
        }

        @Override
        public void close() {
            accel.stop();
            ram.close();
            clock.close();
        }
    }
}
