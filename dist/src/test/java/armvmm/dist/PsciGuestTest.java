package armvmm.dist;

import static org.junit.jupiter.api.Assertions.*;

import armvmm.kvm.nested.NestedKvmHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * guests/psci on two CPUs, started by a qemu-system-arm command line through the front end ({@code vmm
 * qemu}): PSCI through HVC with its return codes, CPU 1 brought up, powered off and brought up again, and
 * SYSTEM_OFF ending the VMM with exit status 0. Where qemu-system-arm is installed the same image runs on
 * QEMU's virt with the same command line, and every line but the version (QEMU 7.2 implements PSCI 1.1)
 * must be the same.
 */
class PsciGuestTest {
    @TempDir Path tmp;

    static final List<String> EXPECTED = List.of(
            "psci guest: PSCI through HVC on the virt board",
            "PSCI_VERSION 0x00010000",
            "PSCI_FEATURES(CPU_ON) 0x00000000",
            "PSCI_FEATURES(MIGRATE) 0xffffffff",   // NOT_SUPPORTED
            "MIGRATE_INFO_TYPE 0x00000002",        // no Trusted OS
            "AFFINITY_INFO(1) 0x00000001",         // OFF
            "CPU_ON(1) 0x00000000",
            "cpu1 ran with context ID 0x00001234",
            "CPU_ON(5) 0xfffffffe",                // INVALID_PARAMETERS
            "AFFINITY_INFO(1) OFF after its CPU_OFF",
            "CPU_ON(1) again 0x00000000",
            "cpu1 ran with context ID 0x00005678",
            "SYSTEM_OFF");

    static Path guest() { return NestedKvmHost.repoRoot().resolve("guests/psci/psci.bin"); }

    static List<String> qemuLine(Path serial) {
        return List.of("-M", "virt", "-cpu", "cortex-a15", "-smp", "2", "-m", "128", "-kernel", guest().toString(), "-nodefaults",
                "-display", "none", "-serial", "file:" + serial, "-no-reboot");
    }

    @Test
    void pscisReturnCodesOnTwoCpusThroughTheQemuFrontEnd() throws Exception {
        Path serial = tmp.resolve("serial.txt");
        assertEquals(EXPECTED, SerialFileGuest.onVmm(qemuLine(serial), serial));
    }

    @Test
    void qemuSystemArmPrintsTheSameButItsVersion() throws Exception {
        Path serial = tmp.resolve("qemu-serial.txt");
        List<String> qemu = SerialFileGuest.onQemu(qemuLine(serial), serial);
        assertEquals(EXPECTED.size(), qemu.size(), String.join("\n", qemu));
        for (int i = 0; i < EXPECTED.size(); i++)
            if (!EXPECTED.get(i).startsWith("PSCI_VERSION")) assertEquals(EXPECTED.get(i), qemu.get(i));
        assertTrue(qemu.get(1).startsWith("PSCI_VERSION 0x0001"), "PSCI 1.x on QEMU: " + qemu.get(1));
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":"))
            if (Files.isExecutable(Path.of(dir, tool))) return true;
        return false;
    }
}
