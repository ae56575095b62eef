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

    public static Result run(Path image, long timeoutMillis) throws IOException, InterruptedException {
        byte[] bytes = Files.readAllBytes(image);
        try (HostClock clock = new HostClock(); RamBlock ram = new RamBlock("ram", RAM_SIZE)) {
            Machine m = new Machine(MachineConfig.minimal("bare-metal", 1, RAM_SIZE), clock);
            m.bus().mapRam("ram", RAM_BASE, ram);
            TestDevice dev = new TestDevice(m);
            m.bus().mapMmio(TESTDEV_BASE, 0x1000, dev);
            TcgInstance accel = (TcgInstance) new TcgAccelerator().create(m);
            m.attach(accel);
            TcgVcpu cpu0 = accel.vcpus().get(0);
            dev.irq = cpu0.irqInput();
            dev.fiq = cpu0.fiqInput();
            m.bus().writeBytes(RAM_BASE, bytes, 0, bytes.length);
            cpu0.writeRegisters(ArmCoreRegisters.zero().with(CoreReg.PC, (int) RAM_BASE).with(CoreReg.CPSR, 0x1d3));
            PowerEvent e = m.run(timeoutMillis);
            return new Result(e, dev.exitCode(), dev.output());
        }
    }
}
