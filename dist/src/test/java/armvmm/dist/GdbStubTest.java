package armvmm.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import armvmm.cpu.cortexa15.CortexA15;
import armvmm.kvm.nested.NestedKvmHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gdb stub under TCG with the real gdb-multiarch in batch mode against guests/gdb (built with symbols)
 * on two vCPUs of the virt board, started stopped (--wait-gdb): a breakpoint at a function, continue, a
 * source-line step, info registers, cp15 registers by their registry names, a write watchpoint that stops
 * right after the store, memory read and write, an interrupt of the running guest (gdb sends 0x03 on
 * SIGINT), both vCPUs as threads, and a detach after which the guest runs on to its own power-off (exit
 * status 0), printing what gdb wrote. Skipped, saying why, without gdb-multiarch.
 */
class GdbStubTest {
    @TempDir Path tmp;

    @Test
    void gdbMultiarchDebugsATwoCpuGuest() throws Exception {
        DemoGuestTest.assumeTcg();
        boolean gdb = PsciGuestTest.onPath("gdb-multiarch");
        if (!gdb) System.out.println("GdbStubTest skipped: gdb-multiarch is not installed (scripts/install-test-deps installs it)");
        Assumptions.assumeTrue(gdb, "gdb-multiarch is not installed");

        Path guests = NestedKvmHost.repoRoot().resolve("guests/gdb");
        Path serial = tmp.resolve("serial.txt");
        int port = InProcessVmm.freePort();
        InProcessVmm vmm = new InProcessVmm("run", "--board", "virt", "--accel", "tcg", "--cpus", "2", "--kernel",
                guests.resolve("gdbtarget.bin").toString(), "--serial", "file:" + serial, "--gdb", "tcp::" + port, "--wait-gdb", "--timeout", "60");
        assertTrue(vmm.await(() -> vmm.stderr().contains("gdb stub listening"), 20) && vmm.stderr().contains("gdb stub listening on localhost:" + port),
                "the VMM did not listen: " + vmm.stderr());

        Path script = tmp.resolve("session.gdb");
        Files.writeString(script, String.join("\n",
                "set pagination off",
                "set confirm off",
                "directory " + guests,
                "file " + guests.resolve("gdbtarget.elf"),
                "target remote 127.0.0.1:" + port,
                "info threads",
                "break add",
                "continue",
                "info registers",
                "p/x $SCTLR",
                "p/x $MIDR",
                "p/x $CNTFRQ",
                "next",
                "watch watched",
                "continue",
                "x/i $pc - 4",
                "delete",
                "x/4wx pattern",
                "set var pattern[0] = 0xcafef00d",
                "x/1wx pattern",
                "echo ==running==\\n",
                "continue",
                "info threads",
                "p cpu1_spins != 0",
                "set var go = 0x600d",
                "detach",
                ""));
        Process g = new ProcessBuilder("gdb-multiarch", "-nx", "-batch", "-x", script.toString()).redirectErrorStream(true).start();
        CompletableFuture<String> gdbOutput = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(g.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        // the guest's last loop waits for gdb's write of go: interrupt it there, as Ctrl-C at gdb's prompt would
        vmm.await(() -> g.isAlive() ? serialText(serial).contains("waiting for gdb") : true, 30);
        Thread.sleep(300); // gdb has sent its continue by now
        new ProcessBuilder("kill", "-INT", Long.toString(g.pid())).start().waitFor();
        assertTrue(g.waitFor(30, TimeUnit.SECONDS), "gdb did not finish: " + (g.isAlive() ? "" : gdbOutput.get()));
        String session = gdbOutput.get(5, TimeUnit.SECONDS);
        int status = vmm.exitCode(60);
        String printed = Files.readString(serial);
        String all = "gdb:\n" + session + "\nvmm stderr:\n" + vmm.stderr() + "\nserial:\n" + printed;

        // two vCPUs, two threads
        assertTrue(session.contains("Thread 1 (vcpu0") && session.contains("Thread 2 (vcpu1"), all);
        assertTrue(session.contains("Thread 1 hit Breakpoint 1, add (a=2, b=3) at gdbtarget.c:38"), all);
        assertTrue(session.lines().anyMatch(l -> l.matches("pc +0x4001[0-9a-f]{4} +0x4001[0-9a-f]{4} <add\\+\\d+>")), all);
        assertTrue(session.lines().anyMatch(l -> l.matches("r0 +0x2 +2")), all);
        assertTrue(session.contains(String.format("= 0x%x", CortexA15.SCTLR.resetValue())), "SCTLR by name: " + all);
        assertTrue(session.contains("= 0x412fc0f2"), "MIDR by name: " + all);
        // next: the line after the breakpoint's
        assertTrue(session.contains("39\t    return sum;"), all);
        // the watchpoint: old and new value, stopped after the store (gdb steps over the access it was told of)
        assertTrue(session.contains("Hardware watchpoint 2: watched\n\nOld value = 0\nNew value = 1"), all);
        assertTrue(session.contains("bump () at gdbtarget.c:46"), all);
        assertTrue(session.lines().anyMatch(l -> l.matches(".*<bump\\+\\d+>:\\s+str\\s+r2, \\[r3\\]")), "the store before the stop: " + all);
        assertTrue(session.contains("0x11223344\t0x55667788\t0x99aabbcc\t0xddeeff00"), all);
        assertTrue(session.contains(":\t0xcafef00d"), all);
        assertTrue(session.contains("received signal SIGINT"), "interrupted: " + all);
        assertTrue(session.contains("$4 = 1"), "vCPU 1 ran while the guest ran: " + all);
        assertTrue(session.contains("[Inferior 1 (Remote target) detached]"), all);
        // after the detach the guest ran on with what gdb wrote, to its own power-off
        assertEquals(0, status, all);
        assertTrue(printed.contains("gdbtarget: sum 0x00000005 watched 0x00000001 pattern[0] 0xcafef00d\ngdbtarget: done"), all);
    }

    static String serialText(Path serial) {
        try {
            return Files.exists(serial) ? Files.readString(serial) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
