package armvmm.boards;

import armvmm.boards.common.DeviceModel;
import armvmm.boards.common.DeviceTreeWriter;
import armvmm.boards.common.MapWindow;
import armvmm.bus.Region;
import armvmm.fdt.Fdt;
import armvmm.fdt.FdtNode;
import armvmm.fdt.FdtProperty;
import armvmm.machine.Machine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Checks of a board's table against what the board made of it, for any board whose table is a list of
 * {@link MapWindow}s and whose tree is flat (device nodes are children of the root). Each returns the
 * problems found, one line each, so that a failure names every window that is wrong.
 */
final class BoardTableChecks {
    private BoardTableChecks() {}

    record Reg(long base, long size) {
        long end() { return base + size; }

        boolean overlaps(MapWindow w) { return base < w.end() && w.base() < end(); }
    }

    /**
     * Every window whose model is not in {@code noNode} has node(s) in {@code fdt} whose reg lies inside
     * the window, the lowest at the window's base, and whose SPIs (GIC specifiers, level-high, through
     * the GIC node) are the window's, in order; windows in {@code noNode} have none. No root node with a
     * reg lies outside the windows that have nodes.
     */
    static List<String> treeProblems(Fdt fdt, List<? extends MapWindow> windows, Set<DeviceModel> noNode) {
        List<String> problems = new ArrayList<>();
        FdtNode root = fdt.root();
        int ac = DeviceTreeWriter.rootCells(fdt, "#address-cells", 2), sc = DeviceTreeWriter.rootCells(fdt, "#size-cells", 1);
        List<FdtNode> gics = root.children().stream().filter(n -> n.hasProperty("interrupt-controller")).toList();
        if (gics.size() != 1) return List.of("expected one interrupt controller node, found " + gics.size());
        int gicPhandle = gics.get(0).phandle().orElse(-1);
        Integer rootParent = root.property("interrupt-parent").map(FdtProperty::asU32).orElse(null);

        for (MapWindow w : windows) {
            List<FdtNode> nodes = new ArrayList<>();
            List<Reg> regs = new ArrayList<>();
            for (FdtNode n : root.children()) {
                List<Reg> in = regs(n, ac, sc).stream().filter(r -> r.overlaps(w)).toList();
                if (!in.isEmpty()) {
                    nodes.add(n);
                    regs.addAll(in);
                }
            }
            String where = String.format("%s [0x%x, +0x%x)", w.name(), w.base(), w.size());
            if (noNode.contains(w.model())) {
                if (!nodes.isEmpty()) problems.add(where + ": not in the tree by design, but " + names(nodes) + " cover it");
                continue;
            }
            if (nodes.isEmpty()) {
                problems.add(where + ": no node");
                continue;
            }
            for (Reg r : regs)
                if (r.base() < w.base() || r.end() > w.end())
                    problems.add(String.format("%s: reg [0x%x, +0x%x) of %s leaves the window", where, r.base(), r.size(), names(nodes)));
            if (regs.stream().mapToLong(Reg::base).min().orElseThrow() != w.base()) problems.add(where + ": no reg of " + names(nodes) + " starts at its base");

            List<Integer> spis = new ArrayList<>();
            for (FdtNode n : nodes) {
                int[] irq = n.property("interrupts").map(FdtProperty::asCells).orElse(new int[0]);
                boolean hasSpi = false;
                for (int i = 0; i + 3 <= irq.length; i += 3) {
                    if (irq[i] != DeviceTreeWriter.GIC_SPI) continue;
                    hasSpi = true;
                    spis.add(irq[i + 1]);
                    if (irq[i + 2] != DeviceTreeWriter.IRQ_TYPE_LEVEL_HIGH) problems.add(where + ": " + n.name() + " SPI " + irq[i + 1] + " is not level-high");
                }
                Integer parent = n.property("interrupt-parent").map(FdtProperty::asU32).orElse(rootParent);
                if (hasSpi && (parent == null || parent != gicPhandle)) problems.add(where + ": " + n.name() + "'s interrupts do not go to the GIC");
            }
            List<Integer> expected = Arrays.stream(w.spis()).boxed().toList();
            if (!spis.equals(expected)) problems.add(where + ": interrupts are SPIs " + spis + ", the table says " + expected);
        }

        for (FdtNode n : root.children())
            for (Reg r : regs(n, ac, sc))
                if (windows.stream().noneMatch(w -> !noNode.contains(w.model()) && r.base() >= w.base() && r.end() <= w.end()))
                    problems.add(String.format("%s: reg [0x%x, +0x%x) is in no window of the table that has a node", n.name(), r.base(), r.size()));
        return problems;
    }

    /**
     * Every window is mapped from its base, except those in {@code unmapped}, and the SPIs the board took
     * from its interrupt controller are exactly those of the windows whose model is not in {@code unwired},
     * each taken once.
     */
    static List<String> wiringProblems(Machine m, List<Integer> spisTaken, List<? extends MapWindow> windows, Set<? extends MapWindow> unmapped,
            Set<DeviceModel> unwired) {
        List<String> problems = new ArrayList<>();
        List<Integer> expected = new ArrayList<>();
        for (MapWindow w : windows) {
            Region r = m.bus().find(w.base());
            if (unmapped.contains(w)) {
                if (r != null) problems.add(w.name() + ": expected unmapped, found " + r.name());
            } else if (r == null || r.base() != w.base() || r.end() > w.end()) {
                problems.add(w.name() + ": not mapped from its base inside its window (" + (r == null ? "nothing" : r.name()) + ")");
            }
            if (!unwired.contains(w.model())) for (int i = 0; i < w.spis().length; i++) expected.add(w.intid(i));
        }
        List<Integer> taken = new ArrayList<>(spisTaken);
        taken.sort(null);
        expected.sort(null);
        if (!taken.equals(expected)) problems.add("interrupt IDs taken " + taken + ", the table's wired windows have " + expected);
        return problems;
    }

    private static List<Reg> regs(FdtNode n, int ac, int sc) {
        int[] cells = n.property("reg").map(FdtProperty::asCells).orElse(new int[0]);
        List<Reg> out = new ArrayList<>();
        for (int i = 0; i + ac + sc <= cells.length; i += ac + sc) out.add(new Reg(read(cells, i, ac), read(cells, i + ac, sc)));
        return out;
    }

    private static long read(int[] cells, int at, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) v = v << 32 | (cells[at + i] & 0xffffffffL);
        return v;
    }

    private static String names(List<FdtNode> nodes) { return nodes.stream().map(FdtNode::name).toList().toString(); }
}
