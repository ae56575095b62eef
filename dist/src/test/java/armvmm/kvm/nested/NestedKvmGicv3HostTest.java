package armvmm.kvm.nested;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The KVM accelerator on an arm64 host whose GIC is a GICv3 with no GICv2 compatibility (qemu-system-aarch64
 * virt,gic-version=3, as most arm64 servers): {@code vmm accels} says KVM makes a vGICv3 and no vGICv2;
 * Debian's armmp kernel boots on virt,gic-version=3 with two vCPUs through the in-kernel vGICv3 (both
 * redistributors found, IPIs and the timer on both CPUs); vexpress-a15, whose GIC is a GICv2, is refused
 * with one line. Skipped, saying why, where qemu-system-aarch64 or the arm64 cross compiler is missing.
 */
class NestedKvmGicv3HostTest {
    private static NestedKvmHost.Result host;

    @BeforeAll
    static void bootTheHostOnce() throws Exception {
        Optional<String> why = NestedKvmHost.unavailableReason();
        assumeTrue(why.isEmpty(), () -> why.get());
        String script = NestedKvmHost.section("accels", "vmm accels")
                + NestedKvmHost.section("vexpress", "vmm run --accel kvm --board vexpress-a15 --kernel /opt/armvmm/guest/zImage"
                        + " --serial none --timeout 30 2>&1; echo \"VMM-EXIT $?\"")
                + NestedKvmHost.section("virt", NestedKvmHostTest.virtSession("virt,gic-version=3"));
        host = NestedKvmHost.run(script, List.of(), Duration.ofMinutes(8), 3);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/nested-kvm-gicv3-host.log"), host.console());
        assertTrue(host.commandFinished(), "the nested host did not run the commands to their end (status "
                + host.exitCode() + "):\n" + host.console());
    }

    @Test
    void accelsSaysKvmMakesAVgicv3AndNoVgicv2() {
        String accels = host.section("accels");
        assertTrue(accels.contains("[ok] in-kernel vGICv3"), accels);
        assertTrue(accels.contains("[no] in-kernel vGICv2"), accels);
        assertTrue(accels.contains("kvm   usable"), "KVM stays usable with a vGICv3 only:\n" + accels);
    }

    @Test
    void vexpressWhoseGicIsAGicv2IsRefusedWithOneLine() {
        String out = host.section("vexpress");
        assertTrue(out.contains("cannot create an in-kernel GICv2"), out);
        assertTrue(!out.contains("Exception") && !out.contains("\tat "), "one line, no stack trace:\n" + out);
        assertTrue(out.contains("VMM-EXIT 5"), "exit status 5, what this host cannot do:\n" + out);
    }

    @Test
    void debianBootsOnVirtWithTheInKernelGicv3AndTwoCpus() {
        String virt = host.section("virt");
        NestedKvmHostTest.assertVirtBooted(virt);
        assertTrue(virt.contains("GICv3: CPU1: found redistributor 1 region 0:0x00000000080c0000")
                || virt.contains("GICv3: CPU1: found redistributor 1 region 0:0x080c0000"), "CPU 1's redistributor, 128 KiB above CPU 0's:\n" + virt);
    }
}
