package armvmm.boards.common;

import armvmm.error.VmmException;
import armvmm.fdt.Fdt;
import armvmm.fdt.FdtNode;
import armvmm.fdt.FdtProperty;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A board's generated device tree while its {@link DeviceModel}s write their nodes into it: the facts a
 * node needs that belong to the board rather than to the device. Those are the root's address and size
 * cells, the GIC interrupt specifier, which of the board's clocks drives each PrimeCell clock input, and
 * the alias numbering.
 *
 * <p>Device nodes are children of the root, named {@code <name>@<base>} as the Devicetree Specification
 * (2.2.1) names nodes with a reg.
 */
public final class DeviceTreeWriter {
    /** GIC binding (arm,gic.yaml): the first interrupt cell is the type. */
    public static final int GIC_SPI = 0, GIC_PPI = 1;
    /** Third cell: the trigger type (IRQ_TYPE_LEVEL_HIGH 4, IRQ_TYPE_LEVEL_LOW 8); a PPI's CPU mask is in bits 15:8. */
    public static final int IRQ_TYPE_LEVEL_HIGH = 4, IRQ_TYPE_LEVEL_LOW = 8;

    private final Fdt fdt;
    private final int addressCells, sizeCells;
    private final Map<String, Integer> clockInputs = new HashMap<>();
    private final Map<String, Integer> aliasCounts = new HashMap<>();
    private final Map<MapWindow, FdtNode> windowNodes = new HashMap<>();

    /** For a tree whose root already has its #address-cells and #size-cells. */
    public DeviceTreeWriter(Fdt fdt) {
        this.fdt = fdt;
        this.addressCells = rootCells(fdt, "#address-cells", 2);
        this.sizeCells = rootCells(fdt, "#size-cells", 1);
    }

    /** The cell counts the Devicetree Specification (2.3.5) gives a node without the property. */
    public static int rootCells(Fdt fdt, String prop, int dflt) {
        return fdt.root().property(prop).map(FdtProperty::asU32).orElse(dflt);
    }

    public Fdt fdt() { return fdt; }

    public FdtNode root() { return fdt.root(); }

    /**
     * A node for {@code window} named {@code name@base}, with the window as its reg and the window's SPIs
     * (level-high) as its interrupts, remembered as the window's node.
     */
    public FdtNode device(String name, MapWindow window) {
        FdtNode n = root().addChild(new FdtNode(unitName(name, window.base())));
        n.setCells("reg", reg(window));
        int[] spis = window.spis();
        if (spis.length > 0) n.setCells("interrupts", spiInterrupts(spis));
        windowNodes.put(window, n);
        return n;
    }

    /** A {@link #device} node of an AMBA PrimeCell: Linux's AMBA bus probes it by its peripheral ID registers. */
    public FdtNode primecell(String name, MapWindow window, String compatible) {
        return device(name, window).setStrings("compatible", compatible, "arm,primecell");
    }

    /** The node written for {@code window} through {@link #device}, if any. */
    public Optional<FdtNode> nodeOf(MapWindow window) { return Optional.ofNullable(windowNodes.get(window)); }

    /** The reg of {@code windows}, one (address, size) pair each, in the root's cells. */
    public int[] reg(MapWindow... windows) {
        int[] cells = new int[0];
        for (MapWindow w : windows)
            cells = concat(cells, concat(encode(w.base(), addressCells, w.name() + " base"), encode(w.size(), sizeCells, w.name() + " size")));
        return cells;
    }

    public int addressCells() { return addressCells; }

    public int sizeCells() { return sizeCells; }

    /** A "fixed-clock" node at the root; returns its phandle. */
    public int fixedClock(String name, int hz, String outputName) {
        FdtNode c = root().addChild(new FdtNode(name));
        c.setString("compatible", "fixed-clock").setCells("#clock-cells", 0).setU32("clock-frequency", hz).setString("clock-output-names", outputName);
        return fdt.phandleOf(c);
    }

    /**
     * Says which of the board's clocks (a phandle) drives the clock input a binding calls {@code input}
     * ("uartclk", "apb_pclk", ...), for every node that has such an input.
     */
    public DeviceTreeWriter feedClock(String input, int phandle) {
        clockInputs.put(input, phandle);
        return this;
    }

    /** The node's clocks and clock-names: the binding's clock inputs, each fed as {@link #feedClock} said. */
    public FdtNode clocks(FdtNode node, String... inputs) {
        int[] phandles = new int[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Integer p = clockInputs.get(inputs[i]);
            if (p == null) throw new IllegalStateException(node.name() + ": the board feeds no clock to input " + inputs[i]);
            phandles[i] = p;
        }
        return node.setCells("clocks", phandles).setStrings("clock-names", inputs);
    }

    /**
     * Gives {@code node} the next alias of {@code stem} (serial0, serial1, ... in the order nodes are
     * written) in /aliases, which the board has placed in the tree beforehand.
     */
    public void alias(String stem, FdtNode node) {
        int n = aliasCounts.merge(stem, 1, Integer::sum) - 1;
        root().childOrCreate("aliases").setString(stem + n, "/" + node.name());
    }

    /** GIC interrupt specifiers of {@code spis}, level-high. */
    public static int[] spiInterrupts(int... spis) {
        int[] irq = new int[spis.length * 3];
        for (int i = 0; i < spis.length; i++) {
            irq[3 * i] = GIC_SPI;
            irq[3 * i + 1] = spis[i];
            irq[3 * i + 2] = IRQ_TYPE_LEVEL_HIGH;
        }
        return irq;
    }

    /** The third cell of a GIC PPI specifier: the trigger type, and one bit per CPU the PPI is wired to. */
    public static int ppiFlags(int cpus, int type) { return ((1 << cpus) - 1) << 8 | type; }

    public static String unitName(String name, long address) { return String.format("%s@%x", name, address); }

    /** {@code v} as {@code cells} 32-bit cells; a value that does not fit is a user error (it comes from their tree). */
    public static int[] encode(long v, int cells, String what) {
        if (cells < 1 || cells > 2 || (cells == 1 && (v >>> 32) != 0))
            throw new VmmException("the device tree's root has " + cells + " cells per address or size: cannot encode the " + what + " 0x" + Long.toHexString(v));
        return cells == 1 ? new int[] {(int) v} : new int[] {(int) (v >>> 32), (int) v};
    }

    public static int[] concat(int[] a, int[] b) {
        int[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
