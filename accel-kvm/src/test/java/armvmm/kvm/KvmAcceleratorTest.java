package armvmm.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import armvmm.accel.Availability;
import armvmm.machine.Machine;
import armvmm.machine.MachineConfig;
import armvmm.error.VmmException;
import armvmm.time.VirtualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The accelerator's checks on this host: an x86_64 machine whose /dev/kvm works but runs x86 guests only. */
class KvmAcceleratorTest {
    @BeforeEach
    void onX86WithKvm() {
        assumeTrue(System.getProperty("os.arch").equals("amd64"), "these checks describe an x86_64 host");
        assumeTrue(Files.exists(Path.of("/dev/kvm")), "no /dev/kvm on this host");
    }

    @Test
    void probeRunsTheRealChecksAndRefusesArmGuestsOnX86() {
        Availability av = new KvmAccelerator().probe();
        assertFalse(av.usable());
        assertEquals("this is an amd64 host: its KVM runs amd64 guests only, not 32-bit ARM", av.reason());
        assertTrue(av.checks().contains(new Availability.Check("native shim loaded", true, "")), av.checks().toString());
        assertTrue(av.checks().contains(new Availability.Check("/dev/kvm opens read-write", true, "")), av.checks().toString());
        assertTrue(av.checks().contains(new Availability.Check("KVM API version 12", true, "version 12")), av.checks().toString());
        assertTrue(av.checks().contains(new Availability.Check("host architecture runs ARM guests", false, "amd64")), av.checks().toString());
    }

    @Test
    void createFailsWithTheOneLineReason() {
        Machine m = new Machine(MachineConfig.minimal("vexpress-a15", 1, 1 << 20), new VirtualClock());
        VmmException e = assertThrows(VmmException.class, () -> new KvmAccelerator().create(m));
        assertEquals("--accel kvm: this is an amd64 host: its KVM runs amd64 guests only, not 32-bit ARM", e.getMessage());
        assertEquals(armvmm.error.ExitCode.UNSUPPORTED, e.exitCode());
    }
}
