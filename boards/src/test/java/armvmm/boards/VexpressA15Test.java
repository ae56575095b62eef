package armvmm.boards;

import static org.junit.jupiter.api.Assertions.*;

import armvmm.boards.loader.BootImages;
import armvmm.boards.vexpress.Model;
import armvmm.boards.vexpress.SecondaryBootRom;
import armvmm.boards.vexpress.VexpressMap;
import armvmm.bus.BusMaster;
import armvmm.bus.Region;
import armvmm.cpu.ArmCoreRegisters;
import armvmm.cpu.CoreReg;
import armvmm.devices.gic.Gicv2;
import armvmm.fdt.Fdt;
import armvmm.machine.Machine;
import armvmm.machine.MachineConfig;
import armvmm.machine.PowerEvent;
import armvmm.error.VmmException;
import armvmm.time.VirtualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VexpressA15Test {
    static final long MIB = 1 << 20;

    @TempDir
    Path tmp;

    static Machine machine(MachineConfig cfg) {
        Machine m = new Machine(cfg, new VirtualClock());
        m.attach(new FakeAccelerator(cfg.cpus()));
        return m;
    }

    @Test
    void everyWindowOfTheMapIsMapped() {
        Machine m = machine(MachineConfig.minimal("vexpress-a15", 2, 64 * MIB));
        new VexpressA15().build(m);
        for (VexpressMap w : VexpressMap.values()) {
            Region r = m.bus().find(w.base);
            if (w.model == Model.VIRTIO_MMIO) {
                assertNull(r, "no virtio transport without a virtio device");
                continue;
            }
            assertNotNull(r, w + " is not mapped");
            long expectedSize = w.model == Model.RAM ? 64 * MIB : w.size;
            assertEquals(w.base, r.base(), w.name());
            assertEquals(expectedSize, r.size(), w.name());
        }
        assertEquals(Region.Kind.ROM, m.bus().find(VexpressMap.BOOT_ROM.base).kind());
        assertInstanceOf(Gicv2.class, m.interruptController());
        assertEquals(VexpressMap.GIC_LINES, m.interruptController().lines());
    }

    @Test
    void thePrimaryGetsTheLinuxBootStateAndTheOthersWaitInThePen() {
        Machine m = machine(MachineConfig.minimal("vexpress-a15", 2, 128 * MIB));
        new VexpressA15().build(m);
        ArmCoreRegisters cpu0 = m.vcpus().get(0).readRegisters();
        assertEquals(0, cpu0.get(CoreReg.R0));
        assertEquals(0xffffffff, cpu0.get(CoreReg.R1));
        assertEquals(0x80008000, cpu0.get(CoreReg.PC));
        assertEquals(0x1d3, cpu0.get(CoreReg.CPSR));
        long dtb = cpu0.get(CoreReg.R2) & 0xffffffffL;
        assertEquals(0, dtb % 4096);

        int totalSize = Integer.reverseBytes((int) m.bus().read(dtb + 4, 4, BusMaster.DMA_MASTER)); // big-endian header field
        byte[] blob = new byte[totalSize];
        m.bus().readBytes(dtb, blob, 0, blob.length);
        Fdt fdt = Fdt.parse(blob);
        assertArrayEquals(new int[] {0, 0x80000000, 0, 128 << 20}, fdt.node("/memory@80000000").orElseThrow().property("reg").orElseThrow().asCells());
        assertTrue(fdt.node("/cpus/cpu@1").isPresent());

        byte[] demo = armvmm.boards.loader.GuestFile.resource(armvmm.boards.vexpress.VexpressBoot.DEMO_GUEST);
        byte[] loaded = new byte[demo.length];
        m.bus().readBytes(0x80008000L, loaded, 0, loaded.length);
        assertArrayEquals(demo, loaded);

        ArmCoreRegisters cpu1 = m.vcpus().get(1).readRegisters();
        assertEquals((int) SecondaryBootRom.entry(), cpu1.get(CoreReg.PC));
        assertEquals(BootImages.BOOT_CPSR, cpu1.get(CoreReg.CPSR));
        assertEquals(0xe59f0030L, m.bus().read(SecondaryBootRom.entry(), 4, BusMaster.DMA_MASTER));
    }

    /** What vmm dtb prints is what the guest finds at r2. */
    @Test
    void theBoardsDeviceTreeIsTheBlobBuildLoads() throws Exception {
        Path initrd = Files.write(tmp.resolve("initrd"), new byte[12_345]);
        MachineConfig cfg = new MachineConfig("vexpress-a15", 2, 128 * MIB, null, null, initrd, "console=ttyAMA0", "none", true,
                List.of(), List.of(), List.of(java.util.Map.of("type", "virtio-rng")), "serial");
        Machine m = machine(cfg);
        new VexpressA15().build(m);
        long dtb = m.vcpus().get(0).readRegisters().get(CoreReg.R2) & 0xffffffffL;
        byte[] expected = new VexpressA15().deviceTree(cfg).orElseThrow();
        byte[] loaded = new byte[expected.length];
        m.bus().readBytes(dtb, loaded, 0, loaded.length);
        assertArrayEquals(expected, loaded);
        m.shutdown();
    }

    @Test
    void aResetReloadsTheImagesAndTheBootState() {
        Machine m = machine(MachineConfig.minimal("vexpress-a15", 1, 64 * MIB));
        new VexpressA15().build(m);
        ArmCoreRegisters boot = m.vcpus().get(0).readRegisters();
        long first = m.bus().read(0x80008000L, 4, BusMaster.DMA_MASTER);
        m.bus().write(0x80008000L, 4, 0xdeadbeefL, BusMaster.DMA_MASTER);
        m.vcpus().get(0).writeRegisters(boot.with(CoreReg.PC, 0x12345678).with(CoreReg.CPSR, 0x10));
        m.reset();
        assertEquals(first, m.bus().read(0x80008000L, 4, BusMaster.DMA_MASTER));
        assertEquals(boot, m.vcpus().get(0).readRegisters());
    }

    @Test
    void badImagesFailInOneLineBeforeAnythingIsMapped() throws Exception {
        Path big = Files.write(tmp.resolve("big.img"), new byte[(int) (17 * MIB)]);
        MachineConfig cfg = new MachineConfig("vexpress-a15", 1, 16 * MIB, big, null, null, null, "none", true, List.of(), List.of(), List.of(), "serial");
        Machine m = machine(cfg);
        VmmException e = assertThrows(VmmException.class, () -> new VexpressA15().build(m));
        assertTrue(e.getMessage().startsWith("--kernel " + big + ": 17825792 bytes, larger than"), e.getMessage());
        assertTrue(m.bus().regions().isEmpty());

        Path notDtb = Files.write(tmp.resolve("x.dtb"), new byte[64]);
        MachineConfig bad = new MachineConfig("vexpress-a15", 1, 64 * MIB, null, notDtb, null, null, "none", true, List.of(), List.of(), List.of(), "serial");
        VmmException e2 = assertThrows(VmmException.class, () -> new VexpressA15().build(machine(bad)));
        assertTrue(e2.getMessage().startsWith("--dtb " + notDtb + ": not a device tree blob"), e2.getMessage());
    }

    @Test
    void cbarHoldsThePrivatePeripheralBase() {
        var cbar = new VexpressA15().systemRegisters();
        assertEquals(1, cbar.size());
        assertEquals("CBAR", cbar.get(0).name());
        assertEquals(0x2c000000L, cbar.get(0).resetValue());
    }

    /** The demo guest's and Linux's power-off: SYS_CFGCTRL start + write, function SHUTDOWN (8), site 0. */
    @Test
    void shutdownThroughTheConfigurationBusPowersTheMachineOff() throws Exception {
        Machine m = machine(MachineConfig.minimal("vexpress-a15", 1, 64 * MIB));
        new VexpressA15().build(m);
        m.bus().write(VexpressMap.SYSREGS.base + 0xa0, 4, 0, BusMaster.DMA_MASTER);
        m.bus().write(VexpressMap.SYSREGS.base + 0xa4, 4, 0xc0800000L, BusMaster.DMA_MASTER);
        assertEquals(PowerEvent.Kind.POWER_OFF, m.run(2000).kind());
    }

    @Test
    void uart0WritesToTheSerialBackend() throws Exception {
        Path out = tmp.resolve("serial.txt");
        MachineConfig cfg = new MachineConfig("vexpress-a15", 1, 64 * MIB, null, null, null, null, "file:" + out, true,
                List.of(), List.of(), List.of(), "serial");
        Machine m = machine(cfg);
        new VexpressA15().build(m);
        for (char c : "hi".toCharArray()) m.bus().write(VexpressMap.UART0.base, 4, c, BusMaster.DMA_MASTER);
        m.bus().write(VexpressMap.UART1.base, 4, 'x', BusMaster.DMA_MASTER);
        assertEquals("hi", Files.readString(out));
    }

    @Test
    void theTcgCpuSeesTheBoardsCbar() {
        MachineConfig cfg = MachineConfig.minimal("vexpress-a15", 2, 64 * MIB);
        Machine m = new Machine(cfg, new VirtualClock());
        VexpressA15 board = new VexpressA15();
        var accel = (armvmm.tcg.TcgInstance) new armvmm.tcg.TcgAccelerator()
                .create(m, new armvmm.accel.CpuOptions(board.systemRegisters(), null));
        m.attach(accel);
        for (armvmm.tcg.TcgVcpu v : accel.vcpus()) {
            var st = v.cpState();
            var cbar = st.registry().lookup(armvmm.cp15.CpRegistry.key(15, 4, 15, 0, 0));
            assertNotNull(cbar, "CBAR (p15, 4, c15, c0, 0) is in the vCPU's registry");
            assertEquals(0x2c000000L, st.read(cbar));
        }
    }
}
