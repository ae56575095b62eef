package armvmm.boards;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import armvmm.boards.common.DefaultGuest;
import armvmm.boards.common.DeviceModel;
import armvmm.boards.common.PcieHostModel;
import armvmm.boards.common.UnimplementedModel;
import armvmm.boards.psci.Psci;
import armvmm.boards.virt.VirtBoard;
import armvmm.boards.virt.VirtMap;
import armvmm.bus.BusMaster;
import armvmm.bus.Region;
import armvmm.cpu.ArmCoreRegisters;
import armvmm.cpu.CoreReg;
import armvmm.devices.gic.Gicv2;
import armvmm.devices.gic.Gicv3;
import armvmm.devices.gic.IccRegisters;
import armvmm.devices.gpio.Pl061;
import armvmm.error.VmmException;
import armvmm.fdt.Fdt;
import armvmm.fdt.FdtNode;
import armvmm.fdt.FdtProperty;
import armvmm.irq.GicSpec;
import armvmm.machine.Machine;
import armvmm.machine.MachineConfig;
import armvmm.time.VirtualClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The virt board is its table ({@link VirtMap}): every window is in the generated tree with its reg and
 * interrupts, mapped and wired; and the table is QEMU's: the tree qemu-system-arm -M virt dumps puts every
 * device modelled here at the same address with the same interrupt.
 */
class VirtTableTest {
    static final long MIB = 1 << 20;
    /**
     * The windows the tree leaves out: not modelled, code rather than a device, or the PCIe host's address
     * windows (its node's ranges give them; {@link #thePcieHostIsQemusWithHighmemOff}).
     */
    static final Set<DeviceModel> NO_NODE = Set.of(UnimplementedModel.INSTANCE, VirtMap.FIRMWARE.model, PcieHostModel.MEMORY, PcieHostModel.IO);
    static final Set<DeviceModel> UNWIRED = Set.of(UnimplementedModel.INSTANCE);

    @TempDir Path tmp;

    /** No fetched guest: the tests name their kernel. */
    static VirtBoard board() { return new VirtBoard(new DefaultGuest(Path.of("/nonexistent"))); }

    private Path kernel() throws IOException { return Files.write(tmp.resolve("kernel.bin"), new byte[] {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xea}); }

    private MachineConfig config(int cpus, int virtioDevices) throws IOException {
        Path initrd = Files.write(tmp.resolve("initrd"), new byte[8192]);
        return new MachineConfig("virt", cpus, 256 * MIB, kernel(), null, initrd, "console=ttyAMA0", "none", true, List.of(), List.of(),
                Collections.nCopies(virtioDevices, Map.of("type", "virtio-rng")), "serial");
    }

    static Fdt tree(MachineConfig cfg) { return Fdt.parse(board().deviceTree(cfg).orElseThrow()); }

    @Test
    void everyWindowIsInTheTreeWithItsRegAndInterrupts() throws Exception {
        for (int cpus : new int[] {1, 2}) {
            Fdt fdt = tree(config(cpus, 32));
            assertEquals(List.of(), BoardTableChecks.treeProblems(fdt, VirtMap.windows(2), NO_NODE), cpus + " CPU(s)");
        }
    }

    @Test
    void everyWindowIsMappedAndItsInterruptsWired() throws Exception {
        MachineConfig cfg = config(2, 32);
        RecordingInterruptController ic = new RecordingInterruptController(VirtMap.GIC_LINES);
        FakeAccelerator accel = new FakeAccelerator(cfg.cpus(), ic);
        Machine m = new Machine(cfg, new VirtualClock());
        m.attach(accel);
        try {
            board().build(m);
            assertEquals(GicSpec.v2(VirtMap.GIC_DIST.base, VirtMap.GIC_CPU.base, VirtMap.GIC_LINES), accel.gicSpec);
            assertEquals(List.of(), BoardTableChecks.wiringProblems(m, ic.spisTaken, VirtMap.windows(2),
                    Set.of(VirtMap.GIC_DIST, VirtMap.GIC_CPU), UNWIRED));
        } finally {
            m.shutdown();
        }
    }

    @Test
    void theFirstCpuBootsLinuxAndTheOthersPowerThemselvesOff() throws Exception {
        MachineConfig cfg = config(2, 0);
        Machine m = new Machine(cfg, new VirtualClock());
        m.attach(new FakeAccelerator(cfg.cpus()));
        try {
            board().build(m);
            assertInstanceOf(Gicv2.class, m.interruptController());
            assertEquals(Region.Kind.ROM, m.bus().find(0).kind());
            assertInstanceOf(Pl061.class, m.bus().find(VirtMap.GPIO.base).device());
            ArmCoreRegisters cpu0 = m.vcpus().get(0).readRegisters();
            assertEquals(0x40010000, cpu0.get(CoreReg.PC), "where QEMU's virt loads a -kernel");
            assertEquals(0xffffffff, cpu0.get(CoreReg.R1));
            long dtb = cpu0.get(CoreReg.R2) & 0xffffffffL;
            int size = Integer.reverseBytes((int) m.bus().read(dtb + 4, 4, BusMaster.DMA_MASTER));
            byte[] blob = new byte[size];
            m.bus().readBytes(dtb, blob, 0, size);
            assertArrayEquals(board().deviceTree(cfg).orElseThrow(), blob, "vmm dtb shows the tree the guest gets");

            ArmCoreRegisters cpu1 = m.vcpus().get(1).readRegisters();
            assertEquals(0, cpu1.get(CoreReg.PC), "the firmware stub at the base of flash");
            assertEquals(Psci.FN_CPU_OFF, cpu1.get(CoreReg.R0));
            assertEquals(0xe1400070, (int) m.bus().read(0, 4, BusMaster.DMA_MASTER), "hvc #0");
        } finally {
            m.shutdown();
        }
    }

    @Test
    void theTreeHasPsciCpusChosenAndTheInitrd() throws Exception {
        Fdt fdt = tree(config(2, 1));
        FdtNode psci = fdt.node("/psci").orElseThrow();
        assertEquals(List.of("arm,psci-1.0", "arm,psci-0.2", "arm,psci"), psci.property("compatible").orElseThrow().asStrings());
        assertEquals("hvc", psci.string("method").orElseThrow());
        for (int i = 0; i < 2; i++) assertEquals("psci", fdt.node("/cpus/cpu@" + i).orElseThrow().string("enable-method").orElseThrow());
        FdtNode chosen = fdt.node("/chosen").orElseThrow();
        assertEquals("console=ttyAMA0", chosen.string("bootargs").orElseThrow());
        assertTrue(chosen.string("stdout-path").orElseThrow().startsWith("serial0"));
        assertEquals(8192, chosen.property("linux,initrd-end").orElseThrow().asU32() - chosen.property("linux,initrd-start").orElseThrow().asU32());
        assertEquals("/serial@9000000", fdt.node("/aliases").orElseThrow().string("serial0").orElseThrow());
        assertTrue(fdt.node("/virtio_mmio@a000000").isPresent());
        assertArrayEquals(new int[] {0, 0x40000000, 0, 256 << 20}, fdt.node("/memory@40000000").orElseThrow().property("reg").orElseThrow().asCells());
        FdtNode key = fdt.node("/gpio-keys/poweroff").orElseThrow();
        int gpio = fdt.node("/gpio@9030000").orElseThrow().phandle().orElseThrow();
        assertArrayEquals(new int[] {gpio, 3, 0}, key.property("gpios").orElseThrow().asCells());
        assertEquals(116, key.property("linux,code").orElseThrow().asU32());
    }

    @Test
    void withoutAKernelItSaysWhatToGive() {
        VmmException e = assertThrows(VmmException.class, () -> board().deviceTree(MachineConfig.minimal("virt", 1, 256 * MIB)));
        assertTrue(e.getMessage().contains("--kernel"), e.getMessage());
        VmmException big = assertThrows(VmmException.class, () -> board().deviceTree(
                new MachineConfig("virt", 1, 4096 * MIB, kernel(), null, null, null, "none", true, List.of(), List.of(), List.of(), "serial")));
        assertTrue(big.getMessage().startsWith("--memory 4096 MiB: the virt board takes"), big.getMessage());
    }

    static VirtBoard gicv3Board() { return board().withOptions(Map.of("gic-version", "3")); }

    @Test
    void gicVersion3PutsTheRedistributorsInTheTreeAndTheMachine() throws Exception {
        VirtBoard v3 = gicv3Board();
        assertEquals("virt,gic-version=3", v3.spec());
        assertEquals("virt", board().spec(), "GICv2 is the default");
        assertEquals(16, v3.maxCpus(), "room for 123 redistributors, but SGI target lists reach Aff0 0-15 of the one cluster");
        assertEquals(8, board().maxCpus());
        for (int cpus : new int[] {1, 2}) {
            Fdt fdt = Fdt.parse(v3.deviceTree(config(cpus, 32)).orElseThrow());
            assertEquals(List.of(), BoardTableChecks.treeProblems(fdt, VirtMap.windows(3), NO_NODE), cpus + " CPU(s)");
            FdtNode gic = only(fdt, "arm,gic-v3");
            assertEquals(List.of(0, 0x08000000, 0, 0x10000, 0, 0x080a0000, 0, 0xf60000), cells(gic, "reg"));
            assertEquals(List.of(1), cells(gic, "#redistributor-regions"));
            assertEquals(List.of(3), cells(gic, "#interrupt-cells"));
            assertEquals(List.of(1, 13, 4, 1, 14, 4, 1, 11, 4, 1, 10, 4), cells(only(fdt, "arm,armv7-timer"), "interrupts"),
                    "GICv3 PPI specifiers carry no CPU mask");
        }
        MachineConfig cfg = config(2, 1);
        Machine m = new Machine(cfg, new VirtualClock());
        m.attach(new FakeAccelerator(cfg.cpus()));
        try {
            v3.build(m);
            assertInstanceOf(Gicv3.class, m.interruptController());
            assertEquals("gicv3-distributor", m.bus().find(VirtMap.GIC_DIST.base).device().name());
            Region redist = m.bus().find(VirtMap.GIC_REDIST.base + Gicv3.REDISTRIBUTOR_STRIDE);
            assertEquals("gicv3-redistributor", redist.device().name(), "CPU 1's redistributor");
            assertNull(m.bus().find(VirtMap.GIC_REDIST.base + 2 * Gicv3.REDISTRIBUTOR_STRIDE), "none for a third CPU");
            assertNull(m.bus().find(VirtMap.GIC_CPU.base), "no memory-mapped CPU interface");
            assertTrue(v3.systemRegisters().contains(IccRegisters.ICC_IAR1));
            assertEquals(List.of(), board().systemRegisters());
        } finally {
            m.shutdown();
        }
    }

    /** An accelerator with an in-kernel GIC (KVM) is asked for a GICv3 at the board's windows, and the Java model is not mapped. */
    @Test
    void gicVersion3AsksTheAcceleratorForItsInKernelGicv3() throws Exception {
        MachineConfig cfg = config(1, 0);
        Machine m = new Machine(cfg, new VirtualClock());
        RecordingInterruptController inKernel = new RecordingInterruptController(VirtMap.GIC_LINES);
        FakeAccelerator accel = new FakeAccelerator(1, inKernel);
        m.attach(accel);
        try {
            gicv3Board().build(m);
            assertEquals(GicSpec.v3(VirtMap.GIC_DIST.base, VirtMap.GIC_REDIST.base, VirtMap.GIC_LINES), accel.gicSpec);
            assertSame(inKernel, m.interruptController());
            assertNull(m.bus().find(VirtMap.GIC_REDIST.base), "no Java redistributors mapped over the in-kernel GIC's");
            assertNull(m.bus().find(VirtMap.GIC_DIST.base), "nor a Java distributor");
        } finally {
            m.shutdown();
        }
    }

    @Test
    void gicVersionTakesTwoOrThree() {
        VmmException bad = assertThrows(VmmException.class, () -> board().withOptions(Map.of("gic-version", "4")));
        assertEquals("--board virt,gic-version=4: use gic-version=2 or 3", bad.getMessage());
        VmmException unknown = assertThrows(VmmException.class, () -> board().withOptions(Map.of("its", "on")));
        assertTrue(unknown.getMessage().startsWith("--board virt,its=on: unknown option"), unknown.getMessage());
        assertEquals(2, board().withOptions(Map.of("gic-version", "2")).gicVersion());
    }

    /** dtc compiles the source of the tree back without a warning. */
    @Test
    void dtcAcceptsTheTreeWithoutWarnings() throws Exception {
        dtcAccepts(tree(config(2, 4)));
        dtcAccepts(Fdt.parse(gicv3Board().deviceTree(config(2, 4)).orElseThrow()));
    }

    private void dtcAccepts(Fdt fdt) throws Exception {
        assumeTrue(onPath("dtc"), "dtc (device-tree-compiler) is not installed");
        Path dts = Files.writeString(tmp.resolve("virt.dts"), fdt.toDts());
        Process p = new ProcessBuilder("dtc", "-I", "dts", "-O", "dtb", "-o", tmp.resolve("virt.dtb").toString(), dts.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertEquals("", out.strip(), "dtc's warnings");
    }

    /**
     * QEMU's own tree for -M virt (QEMU 7.2, 2 CPUs, 512 MiB): every device both model sits at the same
     * reg with the same interrupt numbers and types, found by compatible. Virtio-mmio's trigger type is the
     * one deliberate difference (see VirtDeviceTree).
     */
    @Test
    void devicesAreWhereQemusVirtPutsThem() throws Exception { compareWithQemu(2, "arm,cortex-a15-gic"); }

    /** The same with gic-version=3: the GIC node's reg (distributor, redistributor region) and the timer's PPIs too. */
    @Test
    void devicesAreWhereQemusVirtWithGicv3PutsThem() throws Exception {
        Fdt qemu = compareWithQemu(3, "arm,gic-v3");
        assertEquals(cells(only(qemu, "arm,gic-v3"), "#redistributor-regions"), cells(only(tree(cfg512(), 3), "arm,gic-v3"), "#redistributor-regions"));
    }

    private MachineConfig cfg512() throws IOException {
        return new MachineConfig("virt", 2, 512 * MIB, kernel(), null, null, null, "none", true, List.of(), List.of(),
                Collections.nCopies(32, Map.of("type", "virtio-rng")), "serial");
    }

    private static Fdt tree(MachineConfig cfg, int gicVersion) {
        return Fdt.parse(board().withOptions(Map.of("gic-version", Integer.toString(gicVersion))).deviceTree(cfg).orElseThrow());
    }

    private Fdt compareWithQemu(int gicVersion, String gicCompatible) throws Exception {
        assumeTrue(onPath("qemu-system-arm"), "qemu-system-arm is not installed");
        Path dumped = tmp.resolve("qemu-virt.dtb");
        Process p = new ProcessBuilder("qemu-system-arm", "-M", "virt,gic-version=" + gicVersion + ",dumpdtb=" + dumped, "-cpu", "cortex-a15", "-smp", "2", "-m", "512",
                "-nographic", "-nodefaults").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertTrue(Files.exists(dumped), out);
        Fdt qemu = Fdt.parse(Files.readAllBytes(dumped));
        Fdt ours = tree(cfg512(), gicVersion);

        List<String> problems = new ArrayList<>();
        for (String compatible : new String[] {"arm,pl011", "arm,pl031", "arm,pl061", gicCompatible, "arm,armv7-timer"}) {
            FdtNode q = only(qemu, compatible), o = only(ours, compatible);
            for (String prop : new String[] {"reg", "interrupts"})
                if (!cells(q, prop).equals(cells(o, prop)))
                    problems.add(compatible + " " + prop + ": QEMU " + cells(q, prop) + ", ours " + cells(o, prop));
        }
        List<FdtNode> qv = qemu.findCompatible("virtio,mmio"), ov = ours.findCompatible("virtio,mmio");
        assertEquals(32, qv.size());
        assertEquals(32, ov.size());
        for (FdtNode q : qv) {
            FdtNode o = ours.root().child(q.name());
            if (o == null) {
                problems.add(q.name() + ": none of ours");
                continue;
            }
            if (!cells(q, "reg").equals(cells(o, "reg"))) problems.add(q.name() + " reg");
            if (!cells(q, "interrupts").subList(0, 2).equals(cells(o, "interrupts").subList(0, 2))) problems.add(q.name() + " interrupt number");
        }
        assertEquals(cells(only(qemu, "arm,psci-1.0"), "cpu_on"), cells(only(ours, "arm,psci-1.0"), "cpu_on"));
        assertEquals(qemu.node("/psci").orElseThrow().string("method"), ours.node("/psci").orElseThrow().string("method"));
        assertEquals(cells(qemu.node("/memory@40000000").orElseThrow(), "reg"), cells(ours.node("/memory@40000000").orElseThrow(), "reg"));
        FdtNode qkey = qemu.node("/gpio-keys/poweroff").orElseThrow(), okey = ours.node("/gpio-keys/poweroff").orElseThrow();
        assertEquals(cells(qkey, "gpios").subList(1, 3), cells(okey, "gpios").subList(1, 3));
        assertEquals(cells(qkey, "linux,code"), cells(okey, "linux,code"));
        assertEquals(List.of(), problems);
        return qemu;
    }

    /**
     * The host's node is QEMU's for virt,highmem=off (ECAM, windows and buses below 4 GiB, as this board
     * has everything), and a --device pci-testdev answers as device 1 of bus 0 through the ECAM window.
     */
    @Test
    void thePcieHostIsQemusWithHighmemOff() throws Exception {
        MachineConfig cfg = new MachineConfig("virt", 1, 256 * MIB, kernel(), null, null, null, "none", true, List.of(), List.of(),
                List.of(Map.of("type", "pci-testdev")), "serial");
        FdtNode ours = only(tree(cfg), "pci-host-ecam-generic");
        assertEquals("pcie@3f000000", ours.name());
        if (onPath("qemu-system-arm")) {
            Path dumped = tmp.resolve("qemu-virt-pcie.dtb");
            Process p = new ProcessBuilder("qemu-system-arm", "-M", "virt,highmem=off,dumpdtb=" + dumped, "-cpu", "cortex-a15", "-m", "256",
                    "-nographic", "-nodefaults", "-device", "pci-testdev").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertTrue(Files.exists(dumped), out);
            FdtNode qemu = only(Fdt.parse(Files.readAllBytes(dumped)), "pci-host-ecam-generic");
            for (String prop : new String[] {"reg", "ranges", "bus-range", "#address-cells", "#size-cells", "linux,pci-domain"})
                assertEquals(cells(qemu, prop), cells(ours, prop), prop);
            assertEquals(qemu.string("device_type"), ours.string("device_type"));
        }
        Machine m = new Machine(cfg, new VirtualClock());
        m.attach(new FakeAccelerator(cfg.cpus()));
        try {
            board().build(m);
            long ecam = VirtMap.PCIE_ECAM.base;
            assertEquals(0x0008_1b36L, m.bus().read(ecam, 4, BusMaster.DMA_MASTER), "00:00.0 the host bridge");
            assertEquals(0x0005_1b36L, m.bus().read(ecam + (1 << 15), 4, BusMaster.DMA_MASTER), "00:01.0 the pci-testdev");
            assertEquals(0xffff_ffffL, m.bus().read(ecam + (2 << 15), 4, BusMaster.DMA_MASTER), "nothing at 00:02.0");
            assertEquals(0xffff_ffffL, m.bus().read(VirtMap.PCIE_MMIO.base, 4, BusMaster.DMA_MASTER), "no BAR assigned: a master abort");
        } finally {
            m.shutdown();
        }
        MachineConfig bad = new MachineConfig("virt", 1, 256 * MIB, kernel(), null, null, null, "none", true, List.of(), List.of(),
                List.of(Map.of("type", "pci-testdev", "bus", "pcie.1")), "serial");
        Machine m2 = new Machine(bad, new VirtualClock());
        m2.attach(new FakeAccelerator(bad.cpus()));
        try {
            assertEquals("--device pci-testdev: unknown option bus= (it takes id=)", assertThrows(VmmException.class, () -> board().build(m2)).getMessage());
        } finally {
            m2.shutdown();
        }
    }

    private static FdtNode only(Fdt fdt, String compatible) {
        List<FdtNode> found = fdt.findCompatible(compatible);
        assertEquals(1, found.size(), compatible);
        return found.get(0);
    }

    private static List<Integer> cells(FdtNode n, String prop) {
        int[] c = n.property(prop).map(FdtProperty::asCells).orElse(new int[0]);
        List<Integer> out = new ArrayList<>();
        for (int v : c) out.add(v);
        return out;
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":"))
            if (Files.isExecutable(Path.of(dir, tool))) return true;
        return false;
    }
}
