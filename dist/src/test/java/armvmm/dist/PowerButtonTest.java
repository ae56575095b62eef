package armvmm.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import armvmm.kvm.nested.NestedKvmHost;
import java.nio.file.Files;
import java.nio.file.Path;
import org.anarres.qemu.qapi.api.QuitCommand;
import org.anarres.qemu.qapi.api.SystemPowerdownCommand;
import org.anarres.qemu.qapi.common.QApiConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QMP system_powerdown against a guest that waits for the power button as Linux's gpio-keys does, by
 * interrupt (guests/qmp/powerirq: the PL061's GPIO 3 rising edge through the GIC as SPI 7, GPIOMIS and
 * GPIODATA bit 3 read in the handler; where qemu-system-arm is installed, the same guest and command on
 * QEMU's virt must print the same lines),
 * against Debian's kernel, whose gpio-keys driver must count both edges of the press on its interrupt (one
 * Linux boot), and against vexpress-a15, which has no power button: as QEMU 7.2 does there, the command
 * succeeds and nothing happens (the log says why).
 */
class PowerButtonTest {
    static final String EXPECTED = "powerirq: waiting in WFI for the power button's interrupt\n"
            + "powerirq: interrupt 39 (PL061 SPI 7), GPIOMIS bit 3 set, GPIODATA bit 3 high: powering off\n";

    @TempDir Path tmp;

    static Path guest() { return NestedKvmHost.repoRoot().resolve("guests/qmp/powerirq.bin"); }

    @Test
    void thePressReachesTheGuestAsTheGpioInterruptWithTheBitHigh() throws Exception {
        DemoGuestTest.assumeTcg();
        Path serial = tmp.resolve("serial.txt");
        int port = InProcessVmm.freePort();
        InProcessVmm vmm = new InProcessVmm("run", "--board", "virt", "--accel", "tcg", "--kernel", guest().toString(), "--serial", "file:" + serial,
                "--qmp", "tcp:127.0.0.1:" + port, "--timeout", "60");
        assertTrue(vmm.await(() -> GdbStubTest.serialText(serial).contains("waiting"), 20), "stderr: " + vmm.stderr());
        try (QApiConnection qmp = new QApiConnection("127.0.0.1", port)) {
            qmp.call(new SystemPowerdownCommand());
            assertEquals(0, vmm.exitCode(30), "stderr: " + vmm.stderr());
        }
        assertEquals(EXPECTED, Files.readString(serial));
    }

    @Test
    void qemuSystemArmPrintsTheSameLines() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(PsciGuestTest.onPath("qemu-system-arm"), "qemu-system-arm is not installed");
        Path serial = tmp.resolve("qemu-serial.txt");
        int port = InProcessVmm.freePort();
        Process p = new ProcessBuilder("qemu-system-arm", "-M", "virt", "-cpu", "cortex-a15", "-m", "128", "-nodefaults", "-display", "none",
                "-serial", "file:" + serial, "-qmp", "tcp:127.0.0.1:" + port + ",server=on,wait=off", "-kernel", guest().toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("qemu.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!GdbStubTest.serialText(serial).contains("waiting") && System.nanoTime() < deadline) Thread.sleep(20);
            try (QApiConnection qmp = new QApiConnection("127.0.0.1", port)) {
                qmp.call(new SystemPowerdownCommand());
                assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), Files.readString(tmp.resolve("qemu.log")));
            }
            assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("qemu.log")));
            assertEquals(EXPECTED, Files.readString(serial));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void linuxsGpioKeysDriverTakesBothEdgesOfThePress() throws Exception {
        String flavour = "armmp-lpae";
        org.junit.jupiter.api.Assumptions.assumeTrue(armvmm.boards.GuestCache.has(flavour), armvmm.boards.GuestCache.missing(flavour));
        DemoGuestTest.assumeTcg();
        int port = InProcessVmm.freePort();
        java.util.concurrent.ExecutorService vmm = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (SerialConsole console = new SerialConsole()) {
            java.io.StringWriter err = new java.io.StringWriter();
            var exit = LinuxBootTest.startVmm(vmm, console, "virt", flavour, 1, err, "--qmp", "tcp:127.0.0.1:" + port);
            long before = gpioKeyInterrupts(LinuxBootTest.command(console, "grep 'GPIO Key Poweroff' /proc/interrupts"));
            try (QApiConnection qmp = new QApiConnection("127.0.0.1", port)) {
                qmp.call(new SystemPowerdownCommand());
            }
            Thread.sleep(3 * 200); // the press is held 200 ms (Pl061Model), then released
            long after = gpioKeyInterrupts(LinuxBootTest.command(console, "grep 'GPIO Key Poweroff' /proc/interrupts"));
            assertEquals(before + 2, after, "gpio-keys interrupts on both edges: the press and the release");
            console.send("poweroff -f");
            assertEquals(0, exit.get(2, java.util.concurrent.TimeUnit.MINUTES), "stderr:\n" + err);
        } finally {
            vmm.shutdownNow();
        }
    }

    /** The count of the "GPIO Key Poweroff" line of /proc/interrupts ("NN:  COUNT  pl061 3 Edge  GPIO Key Poweroff"). */
    private static long gpioKeyInterrupts(String procInterrupts) {
        var m = java.util.regex.Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s.*GPIO Key Poweroff").matcher(procInterrupts);
        assertTrue(m.find(), procInterrupts);
        return Long.parseLong(m.group(1));
    }

    @Test
    void withoutAPowerButtonTheCommandSucceedsAndNothingHappens() throws Exception {
        DemoGuestTest.assumeTcg();
        int port = InProcessVmm.freePort();
        // vCPUs held until a debugger continues them: the guest can neither finish nor react meanwhile
        InProcessVmm vmm = new InProcessVmm("run", "--board", "vexpress-a15", "--accel", "tcg", "--serial", "none",
                "--gdb", "tcp:127.0.0.1:" + InProcessVmm.freePort(), "--wait-gdb", "--qmp", "tcp:127.0.0.1:" + port, "--timeout", "60");
        assertTrue(vmm.await(() -> vmm.stderr().contains("QMP monitor listening"), 20), "stderr: " + vmm.stderr());
        try (QApiConnection qmp = new QApiConnection("127.0.0.1", port)) {
            qmp.call(new SystemPowerdownCommand()); // an error answer would throw here
            Thread.sleep(300);
            assertFalse(vmm.ended(), "the machine goes on");
            qmp.call(new QuitCommand());
        }
        assertEquals(0, vmm.exitCode(30), "stderr: " + vmm.stderr());
    }
}
