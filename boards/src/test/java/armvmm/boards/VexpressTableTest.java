package armvmm.boards;

import static org.junit.jupiter.api.Assertions.*;

import armvmm.boards.common.DeviceModel;
import armvmm.boards.vexpress.Model;
import armvmm.boards.vexpress.VexpressMap;
import armvmm.fdt.Fdt;
import armvmm.irq.GicSpec;
import armvmm.machine.Machine;
import armvmm.machine.MachineConfig;
import armvmm.time.VirtualClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The board is its table: every window of {@link VexpressMap} is in the tree the guest receives with its
 * reg and interrupts, and is mapped with its interrupts wired, with every virtio slot filled so that the
 * virtio window is fully there too.
 */
class VexpressTableTest {
    /** Not modelled windows must not be probed; the holding pen is code, not a device. */
    static final Set<DeviceModel> NO_NODE = Set.of(Model.UNIMPLEMENTED, Model.BOOT_ROM);
    /** A window that is not modelled raises nothing. */
    static final Set<DeviceModel> UNWIRED = Set.of(Model.UNIMPLEMENTED);

    @TempDir Path tmp;

    private MachineConfig allSlotsFilled(int cpus) throws IOException {
        Path disk = Files.write(tmp.resolve("disk.img"), new byte[1 << 20]);
        return new MachineConfig("vexpress-a15", cpus, 64 << 20, null, null, null, null, "none", true,
                List.of(Map.of("file", disk.toString(), "format", "raw")),
                List.of(Map.of("type", "socket", "listen", "127.0.0.1:" + freePort())),
                List.of(Map.of("type", "virtio-rng")), "virtio");
    }

    @Test
    void everyWindowIsInTheTreeWithItsRegAndInterrupts() throws Exception {
        for (int cpus : new int[] {1, 2}) {
            Fdt fdt = Fdt.parse(new VexpressA15().deviceTree(allSlotsFilled(cpus)).orElseThrow());
            assertEquals(List.of(), BoardTableChecks.treeProblems(fdt, List.of(VexpressMap.values()), NO_NODE), cpus + " CPU(s)");
        }
    }

    @Test
    void everyWindowIsMappedAndItsInterruptsWired() throws Exception {
        MachineConfig cfg = allSlotsFilled(2);
        RecordingInterruptController ic = new RecordingInterruptController(VexpressMap.GIC_LINES);
        FakeAccelerator accel = new FakeAccelerator(cfg.cpus(), ic);
        Machine m = new Machine(cfg, new VirtualClock());
        m.attach(accel);
        try {
            new VexpressA15().build(m);
            assertEquals(GicSpec.v2(VexpressMap.GIC_DIST.base, VexpressMap.GIC_CPU.base, VexpressMap.GIC_LINES), accel.gicSpec);
            assertSame(ic, m.interruptController());
            // The in-kernel GIC's registers are the kernel's, not the bus's.
            assertEquals(List.of(), BoardTableChecks.wiringProblems(m, ic.spisTaken, List.of(VexpressMap.values()),
                    Set.of(VexpressMap.GIC_DIST, VexpressMap.GIC_CPU), UNWIRED));
        } finally {
            m.shutdown();
        }
    }

    /** The checks themselves: a window whose model writes no node, or wires no line, is reported. */
    @Test
    void aDeviceWithoutItsNodeOrItsWiringIsReported() throws Exception {
        Fdt fdt = Fdt.parse(new VexpressA15().deviceTree(allSlotsFilled(1)).orElseThrow());
        fdt.root().removeChild("rtc@1c170000");
        assertEquals(List.of("RTC [0x1c170000, +0x1000): no node"), BoardTableChecks.treeProblems(fdt, List.of(VexpressMap.values()), NO_NODE));

        Fdt wrongIrq = Fdt.parse(new VexpressA15().deviceTree(allSlotsFilled(1)).orElseThrow());
        wrongIrq.node("/serial@1c0a0000").orElseThrow().setCells("interrupts", 0, 5, 4);
        assertFalse(BoardTableChecks.treeProblems(wrongIrq, List.of(VexpressMap.values()), NO_NODE).isEmpty());

        MachineConfig cfg = allSlotsFilled(1);
        RecordingInterruptController ic = new RecordingInterruptController(VexpressMap.GIC_LINES);
        Machine m = new Machine(cfg, new VirtualClock());
        m.attach(new FakeAccelerator(cfg.cpus(), ic));
        try {
            new VexpressA15().build(m);
            ic.spisTaken.remove(Integer.valueOf(VexpressMap.RTC.intid(0)));
            assertEquals(1, BoardTableChecks.wiringProblems(m, ic.spisTaken, List.of(VexpressMap.values()),
                    Set.of(VexpressMap.GIC_DIST, VexpressMap.GIC_CPU), UNWIRED).size());
        } finally {
            m.shutdown();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
