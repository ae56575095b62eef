package armvmm.boards.vexpress;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import armvmm.boards.GuestCache;
import armvmm.boards.common.GuestTreePatch;
import armvmm.boards.common.VirtioSlot;
import armvmm.fdt.Dtc;
import armvmm.fdt.Fdt;
import armvmm.fdt.FdtNode;
import armvmm.fdt.FdtProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VexpressDeviceTreeTest {
    static final long MIB = 1 << 20;

    static Fdt generated(int cpus, List<VirtioSlot> virtio) {
        Fdt fdt = VexpressDeviceTree.generate(cpus);
        new GuestTreePatch(0x80000000L, 256 * MIB, "console=ttyAMA0 rdinit=/init", 0x88000000L, 0x88100000L, virtio,
                VexpressDeviceTree.GIC_COMPATIBLE).applyTo(fdt);
        return Fdt.parse(fdt.toDtb());
    }

    static VirtioSlot slot(int index, VirtioSlot.Kind kind) { return new VirtioSlot(VexpressMap.VIRTIO, index, kind, Map.of()); }

    @Test
    void theGeneratedTreeDescribesTheBoard() {
        Fdt fdt = generated(2, List.of());
        assertEquals(List.of("arm,vexpress,v2p-ca15,tc1", "arm,vexpress,v2p-ca15", "arm,vexpress"),
                fdt.root().property("compatible").orElseThrow().asStrings());
        assertEquals(0, fdt.node("/cpus/cpu@0").orElseThrow().property("reg").orElseThrow().asU32());
        assertEquals(1, fdt.node("/cpus/cpu@1").orElseThrow().property("reg").orElseThrow().asU32());
        assertTrue(fdt.node("/cpus/cpu@2").isEmpty());
        assertArrayEquals(new int[] {0, 0x80000000, 0, 256 << 20}, fdt.node("/memory@80000000").orElseThrow().property("reg").orElseThrow().asCells());

        FdtNode gic = fdt.node("/interrupt-controller@2c001000").orElseThrow();
        assertArrayEquals(new int[] {0, 0x2c001000, 0, 0x1000, 0, 0x2c002000, 0, 0x2000}, gic.property("reg").orElseThrow().asCells());
        assertEquals(gic.phandle().orElseThrow(), fdt.root().property("interrupt-parent").orElseThrow().asU32());
        // Arch timer PPIs 13, 14, 11, 10, level-low, routed to both CPUs (mask 0x3 in bits 15:8).
        assertArrayEquals(new int[] {1, 13, 0x308, 1, 14, 0x308, 1, 11, 0x308, 1, 10, 0x308},
                fdt.node("/timer").orElseThrow().property("interrupts").orElseThrow().asCells());

        FdtNode uart0 = fdt.node("/serial@1c090000").orElseThrow();
        assertEquals(List.of("arm,pl011", "arm,primecell"), uart0.property("compatible").orElseThrow().asStrings());
        assertArrayEquals(new int[] {0, 5, 4}, uart0.property("interrupts").orElseThrow().asCells());
        int uartclk = uart0.property("clocks").orElseThrow().asCells()[0];
        assertEquals(24_000_000, fdt.nodeByPhandle(uartclk).orElseThrow().property("clock-frequency").orElseThrow().asU32());
        assertEquals("/serial@1c090000", fdt.node("/aliases").orElseThrow().string("serial0").orElseThrow());
        assertArrayEquals(new int[] {0, 2, 4}, fdt.node("/timer@1c110000").orElseThrow().property("interrupts").orElseThrow().asCells());
        assertArrayEquals(new int[] {0, 4, 4}, fdt.node("/rtc@1c170000").orElseThrow().property("interrupts").orElseThrow().asCells());

        FdtNode sysreg = fdt.node("/sysreg@1c010000").orElseThrow();
        FdtNode mcc = fdt.node("/mcc").orElseThrow();
        assertEquals(sysreg.phandle().orElseThrow(), mcc.property("arm,vexpress,config-bridge").orElseThrow().asU32());
        assertArrayEquals(new int[] {8, 0}, fdt.node("/mcc/shutdown").orElseThrow().property("arm,vexpress-sysreg,func").orElseThrow().asCells());

        FdtNode chosen = fdt.node("/chosen").orElseThrow();
        assertEquals("console=ttyAMA0 rdinit=/init", chosen.string("bootargs").orElseThrow());
        assertEquals(0x88000000, chosen.property("linux,initrd-start").orElseThrow().asU32());
        assertEquals(0x88100000, chosen.property("linux,initrd-end").orElseThrow().asU32());
        assertTrue(fdt.findCompatible("virtio,mmio").isEmpty(), "no transport without a virtio device");
    }

    @Test
    void oneVirtioNodePerTransportThatExists() {
        Fdt fdt = generated(1, List.of(slot(0, VirtioSlot.Kind.BLOCK), slot(1, VirtioSlot.Kind.RNG)));
        List<FdtNode> v = fdt.findCompatible("virtio,mmio");
        assertEquals(List.of("virtio_mmio@1c130000", "virtio_mmio@1c130200"), v.stream().map(FdtNode::name).toList());
        assertArrayEquals(new int[] {0, 0x1c130200, 0, 0x200}, v.get(1).property("reg").orElseThrow().asCells());
        assertArrayEquals(new int[] {0, 41, 4}, v.get(1).property("interrupts").orElseThrow().asCells());
    }

    @Test
    void dtcAcceptsTheGeneratedTree() throws Exception {
        assumeTrue(Dtc.available(), Dtc.MISSING);
        String dts = Dtc.decompile(generated(4, List.of(slot(0, VirtioSlot.Kind.NET))).toDtb());
        assertTrue(dts.contains("compatible = \"virtio,mmio\";"), dts);
        assertTrue(dts.contains("cpu@3 {"), dts);
    }

    @Test
    void patchingTheDebianTreeSetsMemoryChosenAndVirtio() {
        assumeTrue(GuestCache.has("armmp-lpae"), GuestCache.missing("armmp-lpae"));
        Fdt fdt = Fdt.read(GuestCache.file("armmp-lpae", "vexpress-v2p-ca15-tc1.dtb"));
        new GuestTreePatch(0x80000000L, 512 * MIB, "console=ttyAMA0", 0x88000000L, 0x88200000L,
                List.of(slot(0, VirtioSlot.Kind.BLOCK)), VexpressDeviceTree.GIC_COMPATIBLE).applyTo(fdt);
        Fdt back = Fdt.parse(fdt.toDtb());
        assertArrayEquals(new int[] {0, 0x80000000, 0, 512 << 20}, back.node("/memory@80000000").orElseThrow().property("reg").orElseThrow().asCells());
        assertEquals("console=ttyAMA0", back.node("/chosen").orElseThrow().string("bootargs").orElseThrow());
        FdtNode v = back.node("/virtio_mmio@1c130000").orElseThrow();
        int gic = back.findCompatible("arm,cortex-a15-gic").get(0).phandle().orElseThrow();
        assertEquals(gic, v.property("interrupt-parent").orElseThrow().asU32());
    }

    /**
     * Every device of the real V2P-CA15 tree lies in a window of the board's map, so Linux never reaches
     * an unmapped address (an external abort) while probing what the tree lists.
     */
    @Test
    void everyDeviceOfTheDebianTreeIsInsideAWindowOfTheMap() {
        assumeTrue(GuestCache.has("armmp-lpae"), GuestCache.missing("armmp-lpae"));
        Fdt fdt = Fdt.read(GuestCache.file("armmp-lpae", "vexpress-v2p-ca15-tc1.dtb"));
        List<String> outside = new ArrayList<>();
        int[] checked = {0};
        walk(fdt.root(), List.of(), 2, 2, true, (path, addr, size) -> {
            checked[0]++;
            boolean inside = false;
            for (VexpressMap w : VexpressMap.values()) inside |= addr >= w.base && addr + size <= w.end();
            if (!inside) outside.add(String.format("%s [0x%x, +0x%x)", path, addr, size));
        });
        assertTrue(checked[0] > 25, "too few devices found: " + checked[0]);
        assertEquals(List.of(), outside);
    }

    interface RegSink { void accept(String path, long addr, long size); }

    /** Visits the "reg" windows of memory-mapped nodes, translating through every parent's "ranges". */
    private static void walk(FdtNode n, List<long[]> ranges, int ac, int sc, boolean mapped, RegSink sink) {
        String path = n.name();
        if (mapped && !n.name().isEmpty() && !n.name().startsWith("memory") && !n.name().startsWith("vram") && n.property("reg").isPresent()) {
            int[] reg = n.property("reg").orElseThrow().asCells();
            for (int i = 0; i + ac + sc <= reg.length; i += ac + sc) {
                long a = read(reg, i, ac), s = read(reg, i + ac, sc);
                Long t = translate(ranges, a);
                if (t != null) sink.accept(path, t, s);
            }
        }
        int cac = n.property("#address-cells").map(FdtProperty::asU32).orElse(2);
        int csc = n.property("#size-cells").map(FdtProperty::asU32).orElse(1);
        for (FdtNode c : n.children()) {
            List<long[]> childRanges = ranges;
            boolean childMapped = mapped && csc > 0;
            if (!n.name().isEmpty()) {
                if (n.property("ranges").isEmpty()) childMapped = false;
                else {
                    int[] r = n.property("ranges").orElseThrow().asCells();
                    childRanges = new ArrayList<>();
                    if (r.length == 0) childRanges = ranges;
                    for (int i = 0; i + cac + ac + csc <= r.length; i += cac + ac + csc) {
                        Long parent = translate(ranges, read(r, i + cac, ac));
                        if (parent != null) childRanges.add(new long[] {read(r, i, cac), parent, read(r, i + cac + ac, csc)});
                    }
                }
            }
            walk(c, childRanges, cac, csc, childMapped, sink);
        }
    }

    private static Long translate(List<long[]> ranges, long addr) {
        if (ranges.isEmpty()) return addr;
        for (long[] r : ranges) if (addr >= r[0] && addr - r[0] < r[2]) return r[1] + (addr - r[0]);
        return null;
    }

    private static long read(int[] cells, int at, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) v = v << 32 | (cells[at + i] & 0xffffffffL);
        return v;
    }
}
