package armvmm.boards.common;

import armvmm.fdt.Fdt;
import armvmm.fdt.FdtNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run changes in any tree, the board's generated one or the user's --dtb: /memory, /chosen
 * (bootargs, initrd) and one "virtio,mmio" node per transport that exists. {@code gicCompatible} finds
 * the interrupt controller the virtio nodes name as their parent.
 */
public record GuestTreePatch(long ramBase, long ramSize, String bootargs, long initrdStart, long initrdEnd, List<VirtioSlot> virtio,
        String gicCompatible) {
    public void applyTo(Fdt fdt) {
        FdtNode root = fdt.root();
        int ac = DeviceTreeWriter.rootCells(fdt, "#address-cells", 2), sc = DeviceTreeWriter.rootCells(fdt, "#size-cells", 1);

        List<FdtNode> memories = new ArrayList<>();
        fdt.forEachNode(n -> {
            if (n.string("device_type").filter("memory"::equals).isPresent()) memories.add(n);
        });
        FdtNode memory;
        if (memories.isEmpty()) {
            memory = root.addChild(new FdtNode(DeviceTreeWriter.unitName("memory", ramBase)));
            memory.setString("device_type", "memory");
        } else {
            memory = memories.get(0);
            for (FdtNode extra : memories.subList(1, memories.size())) removeNode(fdt, extra);
        }
        memory.setCells("reg", DeviceTreeWriter.concat(DeviceTreeWriter.encode(ramBase, ac, "RAM base"), DeviceTreeWriter.encode(ramSize, sc, "RAM size")));

        FdtNode chosen = root.childOrCreate("chosen");
        if (bootargs != null) chosen.setString("bootargs", bootargs);
        if (!chosen.hasProperty("stdout-path") && root.child("aliases") != null && root.child("aliases").hasProperty("serial0"))
            chosen.setString("stdout-path", "serial0:38400n8");
        if (initrdEnd > initrdStart) {
            setAddress(chosen, "linux,initrd-start", initrdStart);
            setAddress(chosen, "linux,initrd-end", initrdEnd);
        } else {
            chosen.remove("linux,initrd-start");
            chosen.remove("linux,initrd-end");
        }

        if (!virtio.isEmpty()) {
            List<FdtNode> gics = fdt.findCompatible(gicCompatible);
            Integer gic = gics.isEmpty() ? null : fdt.phandleOf(gics.get(0));
            VirtioMmioModel.writeTransportNodes(root, ac, sc, virtio, gic);
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
}
