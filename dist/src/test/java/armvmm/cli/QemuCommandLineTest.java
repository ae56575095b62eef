package armvmm.cli;

import armvmm.launch.Plugins;
import static org.junit.jupiter.api.Assertions.*;

import armvmm.error.VmmException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** qemu-system-arm command lines and the vmm run options they become. */
class QemuCommandLineTest {
    /** Kernel files the command lines name (the front end checks -kernel exists, as QEMU does). */
    @org.junit.jupiter.api.BeforeAll
    static void kernels() throws java.io.IOException {
        for (String k : new String[] {"k", "zImage", "arm/selftest.flat"}) {
            java.nio.file.Path p = java.nio.file.Path.of("target", "qemu-cl-test", k);
            java.nio.file.Files.createDirectories(p.getParent());
            java.nio.file.Files.write(p, new byte[4]);
        }
    }

    /** {@code name} as a kernel file that exists. */
    static String k(String name) { return java.nio.file.Path.of("target", "qemu-cl-test", name).toString(); }

    static List<String> run(String... qemu) {
        QemuCommandLine.Translation t = QemuCommandLine.translate(List.of(qemu), Plugins.boards());
        assertNull(t.listing());
        return t.runArgs();
    }

    static String error(String... qemu) {
        VmmException e = assertThrows(VmmException.class, () -> QemuCommandLine.translate(List.of(qemu), Plugins.boards()));
        assertEquals(1, e.exitCode(), "QEMU's exit status for a bad option");
        return e.getMessage();
    }

    @Test
    void aLinuxBootLine() {
        assertEquals(List.of("--board", "virt", "--accel", "tcg", "--cpus", "2", "--memory", "512M", "--kernel", k("zImage"),
                        "--initrd", "initrd.gz", "--append", "console=ttyAMA0 quiet", "--serial", "stdio", "--no-reboot"),
                run("-M", "virt", "-m", "512", "-smp", "2", "-kernel", k("zImage"), "-initrd", "initrd.gz", "-append", "console=ttyAMA0 quiet",
                        "-nographic", "-no-reboot"));
    }

    /** The shape of kvm-unit-tests' arm runner line (scripts/arch-run.bash and arm/run), with a disk and a NIC added. */
    @Test
    void machinePropertiesAccelCpuAndDevices() {
        assertEquals(List.of("--board", "virt", "--accel", "kvm", "--cpus", "1", "--memory", "256M", "--kernel", k("arm/selftest.flat"),
                        "--append", "smp=1", "--serial", "stdio", "--drive", "file=disk.img,format=raw,readonly=on,legacy=on",
                        "--netdev", "socket,listen=127.0.0.1:1234,mac=52:54:00:12:34:56,legacy=on", "--device", "virtio-rng,legacy=on"),
                run("-nodefaults", "-machine", "virt,accel=kvm,gic-version=2", "-cpu", "host", "-smp", "1", "--m", "256M",
                        "-display", "none", "-serial", "stdio", "-monitor", "none", "-kernel", k("arm/selftest.flat"), "-append", "smp=1",
                        "-drive", "file=disk.img,if=none,id=d0,format=raw,readonly=on", "-device", "virtio-blk-device,drive=d0",
                        "-netdev", "socket,id=n0,listen=:1234", "-device", "virtio-net-device,netdev=n0,mac=52:54:00:12:34:56",
                        "-device", "virtio-rng-device"));
        assertTrue(run("-M", "virt", "-accel", "tcg,thread=multi", "-kernel", k("k")).containsAll(List.of("--accel", "tcg")));
        assertTrue(run("-M", "virt", "-accel", "tcg,tb-size=64", "-kernel", k("k")).containsAll(List.of("--accel", "tcg,tb-size=64")));
        assertEquals(List.of("--board", "virt", "--accel", "tcg", "--kernel", k("k"), "--serial", "stdio"),
                run("-machine", "virt,highmem=off", "-machine", "gic-version=2", "-kernel", k("k")), "repeated -machine options merge");
        assertTrue(run("-M", "virt", "-enable-kvm", "-kernel", k("k")).containsAll(List.of("--accel", "kvm")));
        assertTrue(run("-M", "virt", "-smp", "cpus=4,sockets=1", "-kernel", k("k")).containsAll(List.of("--cpus", "4")));
        assertTrue(run("-M", "virt", "-drive", "file=a.img,if=virtio", "-kernel", k("k")).containsAll(List.of("--drive", "file=a.img,format=raw,legacy=on")));
    }

    /** kvm-unit-tests' gicv3 tests add "-machine gic-version=3"; QEMU's max is 3 under TCG, its host the host's GIC under KVM. */
    @Test
    void incomingMigration() {
        assertTrue(run("-M", "virt", "-kernel", k("k"), "-incoming", "tcp:127.0.0.1:4444").containsAll(List.of("--incoming", "tcp:127.0.0.1:4444")));
        assertEquals("-incoming exec:cat: only tcp:[HOST]:PORT is understood", error("-M", "virt", "-kernel", k("k"), "-incoming", "exec:cat"));
    }

    @Test
    void gicVersion3AndMax() {
        assertEquals(List.of("--board", "virt,gic-version=3", "--accel", "tcg", "--cpus", "8", "--kernel", k("k"), "--serial", "stdio"),
                run("-machine", "virt,highmem=off", "-machine", "gic-version=3", "-smp", "8", "-kernel", k("k")));
        assertTrue(run("-M", "virt,gic-version=max", "-kernel", k("k")).contains("virt,gic-version=3"));
        assertTrue(run("-M", "virt,gic-version=max,accel=kvm", "-kernel", k("k")).containsAll(List.of("--board", "virt")), "without KVM here, no in-kernel vGICv3 to give: 2");
        assertTrue(run("-M", "virt,gic-version=host", "-enable-kvm", "-kernel", k("k")).containsAll(List.of("--board", "virt")));
        assertTrue(run("-M", "virt,gic-version=2", "-smp", "8", "-kernel", k("k")).containsAll(List.of("--board", "virt")));
        assertEquals("Invalid SMP CPUs 17. The max CPUs supported by machine 'virt' is 16", error("-M", "virt,gic-version=3", "-smp", "17", "-kernel", k("k")));
        assertEquals("Invalid SMP CPUs 9. The max CPUs supported by machine 'virt' is 8", error("-M", "virt", "-smp", "9", "-kernel", k("k")));
    }

    /** kvm-unit-tests' arm/run adds -device pci-testdev when -device help lists it: a PCI function, not a legacy virtio transport. */
    @Test
    void pciTestdevIsListedAndPassedOn() {
        assertTrue(QemuCommandLine.translate(List.of("-machine", "virt,highmem=off", "-device", "?"), Plugins.boards()).listing().contains("pci-testdev"));
        assertEquals(List.of("--board", "virt", "--accel", "tcg", "--kernel", k("arm/selftest.flat"), "--serial", "stdio",
                        "--device", "virtio-console,chardev=testdev,legacy=on", "--device", "pci-testdev"),
                run("-nodefaults", "-machine", "virt,highmem=off", "-accel", "tcg", "-device", "virtio-serial-device",
                        "-device", "virtconsole,chardev=ctd", "-chardev", "testdev,id=ctd", "-device", "pci-testdev", "-display", "none",
                        "-serial", "stdio", "-kernel", k("arm/selftest.flat")));
    }

    /** kvm-unit-tests' arm/run line, as it builds it for TCG (the chardev after the console that names it). */
    @Test
    void kvmUnitTestsChrTestdev() {
        assertEquals(List.of("--board", "virt", "--accel", "tcg", "--cpus", "1", "--kernel", k("arm/selftest.flat"), "--initrd", "/tmp/env",
                        "--append", "setup smp=1 mem=256", "--serial", "stdio", "--device", "virtio-console,chardev=testdev,legacy=on"),
                run("-nodefaults", "-machine", "virt,highmem=off", "-accel", "tcg", "-cpu", "cortex-a15", "-device", "virtio-serial-device",
                        "-device", "virtconsole,chardev=ctd", "-chardev", "testdev,id=ctd", "-display", "none", "-serial", "stdio",
                        "-kernel", k("arm/selftest.flat"), "-smp", "1", "-append", "setup smp=1 mem=256", "-initrd", "/tmp/env"));
        assertTrue(error("-M", "virt", "-device", "virtio-serial-device", "-device", "virtconsole,chardev=c0", "-chardev", "stdio,id=c0")
                .startsWith("-chardev stdio: the only chardev is testdev"));
        assertEquals("-device virtconsole,chardev=c1: no -chardev testdev,id=c1",
                error("-M", "virt", "-device", "virtio-serial-device", "-device", "virtconsole,chardev=c1", "-kernel", k("k")));
        assertEquals("-device virtio-serial-device: no -device virtconsole on it", error("-M", "virt", "-device", "virtio-serial-device", "-kernel", k("k")));
        assertTrue(error("-M", "virt,highmem=on").startsWith("-M highmem=on: only highmem=off"));
        assertTrue(QemuCommandLine.translate(List.of("-machine", "virt,highmem=off", "-chardev", "?"), Plugins.boards()).listing().contains("testdev"));
        assertTrue(QemuCommandLine.translate(List.of("-machine", "virt", "-device", "?"), Plugins.boards()).listing().contains("virtconsole"));
        assertTrue(QemuCommandLine.translate(List.of("-machine", "?"), Plugins.boards()).listing().contains("ARM Virtual Machine"));
    }

    @Test
    void serialForms() {
        assertTrue(run("-M", "virt", "-kernel", k("k"), "-nodefaults").containsAll(List.of("--serial", "none")), "-nodefaults: no serial port");
        assertTrue(run("-M", "virt", "-kernel", k("k"), "-serial", "tcp:127.0.0.1:4444,server,nowait".replace(",nowait", ",wait"))
                .containsAll(List.of("--serial", "tcp:127.0.0.1:4444,server")));
        assertTrue(run("-M", "virt", "-kernel", k("k"), "-serial", "file:/tmp/x").containsAll(List.of("--serial", "file:/tmp/x")));
        assertTrue(error("-M", "virt", "-serial", "pty").startsWith("-serial pty: use stdio"));
    }

    @Test
    void gdbAndQmpOptions() {
        assertTrue(run("-M", "virt", "-kernel", k("k"), "-s", "-S").containsAll(List.of("--gdb", "tcp::1234", "--wait-gdb")));
        assertTrue(run("-M", "virt", "-kernel", k("k"), "-gdb", "tcp:0.0.0.0:2000").containsAll(List.of("--gdb", "tcp:0.0.0.0:2000")));
        assertTrue(run("-M", "virt", "-kernel", k("k"), "-qmp", "unix:/tmp/q.sock,server,wait=off").containsAll(List.of("--qmp", "unix:/tmp/q.sock")));
    }

    @Test
    void whatItDoesNotDoIsOneLineNamingTheOption() {
        assertEquals("-monitor stdio: there is no monitor yet; use -monitor none", error("-M", "virt", "-monitor", "stdio"));
        assertEquals("-M gic-version=4: use 2, 3, max or host (GICv2 and GICv3 are modelled)", error("-M", "virt,gic-version=4"));
        assertEquals("gic-version=host requires KVM", error("-M", "virt,gic-version=host", "-kernel", k("k")), "QEMU's words");
        assertEquals("-machine vexpress-a15,gic-version=3: only virt has a gic-version", error("-M", "vexpress-a15,gic-version=3", "-kernel", k("k")));
        assertEquals("-cpu cortex-a7: the only CPU is cortex-a15 (or host under KVM)", error("-M", "virt", "-cpu", "cortex-a7"));
        assertEquals("-device virtio-gpu-device: device not supported (see -device help)", error("-M", "virt", "-device", "virtio-gpu-device"));
        assertEquals("-bios: option not supported by this front end (vmm run --help lists what the VMM can do)", error("-M", "virt", "-bios", "x"));
        assertTrue(error("-kernel", k("k")).startsWith("-machine: no machine given"));
        assertTrue(error("-M", "virt", "-drive", "file=a,if=none,id=d0").startsWith("-drive id=d0: no -device virtio-blk-device uses it"));
        assertTrue(error("-M", "virt", "-device", "virtio-blk-device,drive=nope").contains("drive= must name an earlier -drive"));
        assertTrue(error("-M", "virt", "-smp", "2,threads=2").contains("single-threaded"));
        assertEquals("-d in_asm: only unimp and guest_errors (the VMM's warnings)", error("-M", "virt", "-d", "unimp,in_asm"));
        assertTrue(run("-M", "virt", "-d", "guest_errors,unimp", "-kernel", k("k")).contains("virt"));
        assertTrue(error("-M", "virt", "-kernel").startsWith("-kernel: needs an argument"));
        assertTrue(error("-M", "vexpress-a15").startsWith("-kernel: needed"));
        assertTrue(error("disk.img").startsWith("disk.img: not an option"));
        assertEquals("could not load kernel '_NO_FILE_4Uhere_': no such file or not readable", error("-M", "virt", "-kernel", "_NO_FILE_4Uhere_"));
        assertEquals("Invalid SMP CPUs 64. The max CPUs supported by machine 'virt' is 8", error("-M", "virt", "-smp", "64", "-kernel", k("k")));
        assertTrue(error("-M", "raspi2b", "-kernel", k("k")).startsWith("-machine raspi2b: unsupported machine type"));
    }

    @Test
    void listingsInQemusWording() {
        String machines = QemuCommandLine.translate(List.of("-machine", "help"), Plugins.boards()).listing();
        assertTrue(machines.startsWith("Supported machines are:\n"), machines);
        assertTrue(machines.contains("\nvirt "), machines);
        assertTrue(machines.contains("\nvexpress-a15 "), machines);
        assertTrue(QemuCommandLine.translate(List.of("-device", "?"), Plugins.boards()).listing().contains("name \"virtio-blk-device\""));
        assertTrue(QemuCommandLine.translate(List.of("-version"), Plugins.boards()).listing().startsWith("QEMU emulator version "));
    }
}
