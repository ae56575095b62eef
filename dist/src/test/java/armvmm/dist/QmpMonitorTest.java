package armvmm.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import armvmm.cpu.cortexa15.CortexA15;
import armvmm.kvm.nested.NestedKvmHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.anarres.qemu.qapi.api.ContCommand;
import org.anarres.qemu.qapi.api.CpuInfo;
import org.anarres.qemu.qapi.api.QueryCpusCommand;
import org.anarres.qemu.qapi.api.HumanMonitorCommandCommand;
import org.anarres.qemu.qapi.api.QueryStatusCommand;
import org.anarres.qemu.qapi.api.RunState;
import org.anarres.qemu.qapi.api.StatusInfo;
import org.anarres.qemu.qapi.api.StopCommand;
import org.anarres.qemu.qapi.api.SystemPowerdownCommand;
import org.anarres.qemu.qapi.common.QApiConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The QMP monitor spoken to by a client we did not write: org.anarres.qemu's qemu-qapi (Java bindings of
 * QEMU's QAPI schema, from Maven Central), which reads the greeting and negotiates capabilities itself.
 * Against guests/qmp on the virt board: stop and query-status (paused), {@code info cp15} and
 * {@code info registers} through human-monitor-command, cont and query-status (running, and the guest's
 * counter moved), then system_powerdown: the PL061 power button, which the guest polls, and the guest's
 * PSCI SYSTEM_OFF ends the VMM with exit status 0.
 */
class QmpMonitorTest {
    @TempDir Path tmp;

    @Test
    void aQmpClientStopsContinuesInspectsAndPowersTheGuestDown() throws Exception {
        DemoGuestTest.assumeTcg();
        Path serial = tmp.resolve("serial.txt");
        int port = InProcessVmm.freePort();
        InProcessVmm vmm = new InProcessVmm("run", "--board", "virt", "--accel", "tcg", "--kernel",
                NestedKvmHost.repoRoot().resolve("guests/qmp/powerbutton.bin").toString(), "--serial", "file:" + serial,
                "--qmp", "tcp:127.0.0.1:" + port, "--timeout", "60");
        vmm.await(() -> GdbStubTest.serialText(serial).contains("waiting"), 20);
        assertTrue(vmm.stderr().contains("QMP monitor listening on 127.0.0.1:" + port), "stderr: " + vmm.stderr());

        try (QApiConnection qmp = new QApiConnection("127.0.0.1", port)) {
            assertEquals(7, qmp.getQEmuVersion().qemu.major, "the greeting's version");
            qmp.call(new StopCommand());
            StatusInfo stopped = qmp.call(new QueryStatusCommand());
            assertFalse(stopped.running);
            assertEquals(RunState.paused, stopped.status);
            String before = qmp.call(new HumanMonitorCommandCommand("info registers", null));
            String again = qmp.call(new HumanMonitorCommandCommand("info registers", null));
            assertEquals(before, again, "a stopped guest does not move");
            String cp15 = qmp.call(new HumanMonitorCommandCommand("info cp15", null));
            assertTrue(cp15.lines().anyMatch(l -> l.matches("  SCTLR +\\S.* = 0x0*" + Long.toHexString(CortexA15.SCTLR.resetValue()))), cp15);
            assertTrue(cp15.lines().anyMatch(l -> l.matches("  MIDR +\\S.* = 0x412fc0f2")), cp15);

            // the vCPU's thread as the host knows it: the test's own process runs the VMM
            List<CpuInfo> cpus = qmp.call(new QueryCpusCommand());
            assertEquals(1, cpus.size());
            Path comm = Path.of("/proc/self/task/" + cpus.get(0).threadId + "/comm");
            assertTrue(Files.exists(comm), "thread_id " + cpus.get(0).threadId + " is a thread of this process");
            assertEquals("vcpu0", Files.readString(comm).trim());

            qmp.call(new ContCommand());
            StatusInfo running = qmp.call(new QueryStatusCommand());
            assertTrue(running.running);
            assertEquals(RunState.running, running.status);
            Thread.sleep(100);
            String after = qmp.call(new HumanMonitorCommandCommand("info registers", null));
            assertFalse(after.equals(before), "the guest's counter (r5) moves once continued:\n" + before + "\n" + after);

            qmp.call(new SystemPowerdownCommand());
            assertEquals(0, vmm.exitCode(30), "stderr: " + vmm.stderr());
        }
        assertTrue(Files.readString(serial).contains("powerbutton: pressed, powering off"), Files.readString(serial));
    }
}
