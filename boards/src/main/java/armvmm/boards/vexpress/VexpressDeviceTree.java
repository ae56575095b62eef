package armvmm.boards.vexpress;

import armvmm.fdt.Fdt;
import armvmm.fdt.FdtNode;
import armvmm.fdt.FdtProperty;
import armvmm.error.VmmException;
import java.util.List;

/**
 * The device tree the guest receives: the board's own, generated from {@link VexpressMap} (when there is
 * no --dtb), or the user's; then patched for this run: /memory, /chosen (bootargs, initrd), and one
 * "virtio,mmio" node per transport that exists.
 *
 * <p>The generated tree follows vexpress-v2p-ca15-tc1.dts for everything that is modelled (same
 * compatibles, interrupt numbers and board identification, so Linux's vexpress support binds as on the
 * real board) but flattens the motherboard bus into the root and gives the PrimeCells fixed clocks, so
 * that nothing depends on the clock tree of the configuration bus.
 */
public final class VexpressDeviceTree {
    private VexpressDeviceTree() {}

    /** GIC binding: interrupt types of the first cell. */
    static final int GIC_SPI = 0, GIC_PPI = 1;
    /** Third cell: trigger type (IRQ_TYPE_LEVEL_HIGH 4, IRQ_TYPE_LEVEL_LOW 8), PPI CPU mask in bits 15:8. */
    static final int IRQ_TYPE_LEVEL_HIGH = 4, IRQ_TYPE_LEVEL_LOW = 8;
    public static final String GIC_COMPATIBLE = "arm,cortex-a15-gic";

    /** The board's own tree for {@code cpus} CPUs; memory, chosen and virtio come from {@link #patch}. */
    public static Fdt generate(int cpus) {
        Fdt fdt = new Fdt();
        FdtNode root = fdt.root();
        root.setString("model", "V2P-CA15")
                .setU32("arm,hbi", 0x237)
                .setU32("arm,vexpress,site", 0xf)
                .setStrings("compatible", "arm,vexpress,v2p-ca15,tc1", "arm,vexpress,v2p-ca15", "arm,vexpress")
                .setCells("#address-cells", 2)
                .setCells("#size-cells", 2);
        FdtNode chosen = root.addChild(new FdtNode("chosen"));
        chosen.setString("stdout-path", "serial0:38400n8");
        FdtNode aliases = root.addChild(new FdtNode("aliases"));

        FdtNode cpusNode = root.addChild(new FdtNode("cpus"));
        cpusNode.setCells("#address-cells", 1).setCells("#size-cells", 0);
        for (int i = 0; i < cpus; i++) {
            // reg is MPIDR[23:0]: cluster 0, CPU i.
            cpusNode.addChild(new FdtNode("cpu@" + i)).setString("device_type", "cpu").setString("compatible", "arm,cortex-a15").setU32("reg", i);
        }
        root.addChild(new FdtNode(String.format("memory@%x", VexpressMap.DRAM.base))).setString("device_type", "memory");

        FdtNode gic = root.addChild(new FdtNode(unitName("interrupt-controller", VexpressMap.GIC_DIST.base)));
        gic.setStrings("compatible", GIC_COMPATIBLE, "arm,cortex-a9-gic")
                .setCells("#interrupt-cells", 3)
                .setCells("#address-cells", 0)
                .setEmpty("interrupt-controller")
                .setCells("reg", regCells(VexpressMap.GIC_DIST, VexpressMap.GIC_CPU))
                .setCells("interrupts", GIC_PPI, PrivateInterrupt.GIC_MAINTENANCE.ppi, ppiFlags(cpus, IRQ_TYPE_LEVEL_HIGH));
        int gicPhandle = fdt.phandleOf(gic);
        root.setU32("interrupt-parent", gicPhandle);

        int timerFlags = ppiFlags(cpus, IRQ_TYPE_LEVEL_LOW);
        root.addChild(new FdtNode("timer")).setString("compatible", "arm,armv7-timer").setCells("interrupts",
                GIC_PPI, PrivateInterrupt.SECURE_PHYSICAL_TIMER.ppi, timerFlags,
                GIC_PPI, PrivateInterrupt.NON_SECURE_PHYSICAL_TIMER.ppi, timerFlags,
                GIC_PPI, PrivateInterrupt.VIRTUAL_TIMER.ppi, timerFlags,
                GIC_PPI, PrivateInterrupt.HYPERVISOR_TIMER.ppi, timerFlags);

        int clk24 = fixedClock(fdt, "clk24mhz", 24_000_000, "v2m:clk24mhz");
        int clk1 = fixedClock(fdt, "refclk1mhz", 1_000_000, "v2m:refclk1mhz");
        int clk32k = fixedClock(fdt, "refclk32khz", 32_768, "v2m:refclk32khz");
        // apb_pclk: on the board the tile's OSC6 through the configuration bus; a fixed 24 MHz here.
        int pclk = fixedClock(fdt, "apb-pclk", 24_000_000, "apb_pclk");

        FdtNode sysreg = device(root, "sysreg", VexpressMap.SYSREGS).setString("compatible", "arm,vexpress-sysreg");
        int sysregPhandle = fdt.phandleOf(sysreg);
        primecell(root, "sysctl", VexpressMap.SYSCTL, "arm,sp810")
                .setCells("clocks", clk32k, clk1, pclk).setStrings("clock-names", "refclk", "timclk", "apb_pclk")
                .setCells("#clock-cells", 1)
                .setStrings("clock-output-names", "timerclken0", "timerclken1", "timerclken2", "timerclken3");
        VexpressMap[] uarts = {VexpressMap.UART0, VexpressMap.UART1, VexpressMap.UART2, VexpressMap.UART3};
        for (int i = 0; i < uarts.length; i++) {
            FdtNode u = primecell(root, "serial", uarts[i], "arm,pl011")
                    .setCells("clocks", clk24, pclk).setStrings("clock-names", "uartclk", "apb_pclk");
            aliases.setString("serial" + i, "/" + u.name());
        }
        for (VexpressMap t : new VexpressMap[] {VexpressMap.TIMER01, VexpressMap.TIMER23})
            primecell(root, "timer", t, "arm,sp804")
                    .setCells("clocks", clk1, clk1, pclk).setStrings("clock-names", "timclken1", "timclken2", "apb_pclk");
        primecell(root, "rtc", VexpressMap.RTC, "arm,pl031").setCells("clocks", pclk).setStrings("clock-names", "apb_pclk");

        // The motherboard's configuration bus (site 0, the MCC) with the power functions Linux's
        // vexpress-poweroff drives through SYS_CFGCTRL.
        FdtNode mcc = root.addChild(new FdtNode("mcc"));
        mcc.setString("compatible", "arm,vexpress,config-bus").setU32("arm,vexpress,config-bridge", sysregPhandle).setU32("arm,vexpress,site", 0);
        mcc.addChild(new FdtNode("reset")).setString("compatible", "arm,vexpress-reset").setCells("arm,vexpress-sysreg,func", 5, 0);
        mcc.addChild(new FdtNode("shutdown")).setString("compatible", "arm,vexpress-shutdown").setCells("arm,vexpress-sysreg,func", 8, 0);
        mcc.addChild(new FdtNode("reboot")).setString("compatible", "arm,vexpress-reboot").setCells("arm,vexpress-sysreg,func", 9, 0);
        return fdt;
    }

    /** What a run changes in any tree (the board's or the user's). */
    public record Patch(long ramBase, long ramSize, String bootargs, long initrdStart, long initrdEnd, List<VirtioSlot> virtio) {}

    public static void patch(Fdt fdt, Patch p) {
        FdtNode root = fdt.root();
        int ac = cells(root, "#address-cells", 2), sc = cells(root, "#size-cells", 1);

        List<FdtNode> memories = new java.util.ArrayList<>();
        fdt.forEachNode(n -> {
            if (n.string("device_type").filter("memory"::equals).isPresent()) memories.add(n);
        });
        FdtNode memory;
        if (memories.isEmpty()) {
            memory = root.addChild(new FdtNode(String.format("memory@%x", p.ramBase)));
            memory.setString("device_type", "memory");
        } else {
            memory = memories.get(0);
            for (FdtNode extra : memories.subList(1, memories.size())) removeNode(fdt, extra);
        }
        memory.setCells("reg", concat(encode(p.ramBase, ac, "RAM base"), encode(p.ramSize, sc, "RAM size")));

        FdtNode chosen = root.childOrCreate("chosen");
        if (p.bootargs != null) chosen.setString("bootargs", p.bootargs);
        if (!chosen.hasProperty("stdout-path") && root.child("aliases") != null && root.child("aliases").hasProperty("serial0"))
            chosen.setString("stdout-path", "serial0:38400n8");
        if (p.initrdEnd > p.initrdStart) {
            setAddress(chosen, "linux,initrd-start", p.initrdStart);
            setAddress(chosen, "linux,initrd-end", p.initrdEnd);
        } else {
            chosen.remove("linux,initrd-start");
            chosen.remove("linux,initrd-end");
        }

        if (!p.virtio.isEmpty()) {
            List<FdtNode> gics = fdt.findCompatible(GIC_COMPATIBLE);
            Integer gic = gics.isEmpty() ? null : fdt.phandleOf(gics.get(0));
            for (VirtioSlot s : p.virtio) {
                String name = unitName("virtio_mmio", s.base());
                root.removeChild(name);
                FdtNode v = root.addChild(new FdtNode(name));
                v.setString("compatible", "virtio,mmio")
                        .setCells("reg", concat(encode(s.base(), ac, "virtio base"), encode(s.size(), sc, "virtio size")))
                        .setCells("interrupts", GIC_SPI, s.spi(), IRQ_TYPE_LEVEL_HIGH);
                if (gic != null) v.setU32("interrupt-parent", gic);
            }
        }
    }

    private static void removeNode(Fdt fdt, FdtNode node) {
        fdt.forEachNode(n -> {
            if (n.children().contains(node)) n.removeChild(node.name());
        });
    }

    /** initrd addresses as one cell when they fit (as U-Boot writes them), else two. */
    private static void setAddress(FdtNode n, String prop, long v) {
        if ((v >>> 32) == 0) n.setU32(prop, (int) v);
        else n.setU64(prop, v);
    }

    private static int cells(FdtNode n, String prop, int dflt) {
        return n.property(prop).map(FdtProperty::asU32).orElse(dflt);
    }

    private static int[] encode(long v, int cells, String what) {
        if (cells < 1 || cells > 2 || (cells == 1 && (v >>> 32) != 0))
            throw new VmmException("the device tree's root has " + cells + " cells per address or size: cannot encode the " + what + " 0x" + Long.toHexString(v));
        return cells == 1 ? new int[] {(int) v} : new int[] {(int) (v >>> 32), (int) v};
    }

    private static int[] concat(int[] a, int[] b) {
        int[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static int[] regCells(VexpressMap... windows) {
        int[] cells = new int[windows.length * 4];
        for (int i = 0; i < windows.length; i++) {
            VexpressMap w = windows[i];
            cells[4 * i] = (int) (w.base >>> 32);
            cells[4 * i + 1] = (int) w.base;
            cells[4 * i + 2] = (int) (w.size >>> 32);
            cells[4 * i + 3] = (int) w.size;
        }
        return cells;
    }

    private static int ppiFlags(int cpus, int type) { return ((1 << cpus) - 1) << 8 | type; }

    private static String unitName(String base, long addr) { return String.format("%s@%x", base, addr); }

    private static int fixedClock(Fdt fdt, String name, int hz, String outputName) {
        FdtNode c = fdt.root().addChild(new FdtNode(name));
        c.setString("compatible", "fixed-clock").setCells("#clock-cells", 0).setU32("clock-frequency", hz).setString("clock-output-names", outputName);
        return fdt.phandleOf(c);
    }

    private static FdtNode device(FdtNode root, String name, VexpressMap w) {
        FdtNode n = root.addChild(new FdtNode(unitName(name, w.base)));
        n.setCells("reg", regCells(w));
        int[] spis = w.spis();
        if (spis.length > 0) {
            int[] irq = new int[spis.length * 3];
            for (int i = 0; i < spis.length; i++) {
                irq[3 * i] = GIC_SPI;
                irq[3 * i + 1] = spis[i];
                irq[3 * i + 2] = IRQ_TYPE_LEVEL_HIGH;
            }
            n.setCells("interrupts", irq);
        }
        return n;
    }

    private static FdtNode primecell(FdtNode root, String name, VexpressMap w, String compatible) {
        return device(root, name, w).setStrings("compatible", compatible, "arm,primecell");
    }
}
