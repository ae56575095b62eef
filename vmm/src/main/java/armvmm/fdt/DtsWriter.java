package armvmm.fdt;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Prints a tree as device tree source (the dts syntax dtc reads). A value is shown as strings when it is
 * a list of printable NUL-terminated strings, as {@code <cells>} when its length is a multiple of four,
 * and as {@code [bytes]} otherwise: the same guess dtc makes when it decompiles, since a blob does not say
 * which type a value has.
 *
 * <p>Unlike dtc's own decompiler, the phandles in the properties whose bindings say they hold phandles
 * (interrupt-parent, and the phandle-and-arguments lists such as clocks and gpios, each provider's
 * {@code #...-cells} giving the arguments) are written as path references {@code &{/path}}: dtc then
 * knows them for references, and compiling the source back gives no phandle warnings.
 */
final class DtsWriter {
    private DtsWriter() {}

    /** Properties that are lists of (phandle, arguments), and the provider's property that counts the arguments. */
    private static final Map<String, String> PHANDLE_LISTS = Map.of(
            "clocks", "#clock-cells", "resets", "#reset-cells", "dmas", "#dma-cells", "phys", "#phy-cells",
            "power-domains", "#power-domain-cells", "interrupts-extended", "#interrupt-cells", "msi-parent", "#msi-cells",
            "gpios", "#gpio-cells");

    static String write(Fdt fdt) {
        StringBuilder sb = new StringBuilder("/dts-v1/;\n\n");
        for (Fdt.Reservation r : fdt.reservations())
            sb.append(String.format("/memreserve/ 0x%016x 0x%016x;%n", r.address(), r.size()));
        Map<Integer, String> paths = new HashMap<>();
        Map<Integer, FdtNode> nodes = new HashMap<>();
        collect(fdt.root(), "", paths, nodes);
        node(sb, fdt.root(), 0, paths, nodes);
        return sb.toString();
    }

    private static void collect(FdtNode n, String path, Map<Integer, String> paths, Map<Integer, FdtNode> nodes) {
        n.phandle().ifPresent(p -> {
            paths.put(p, path.isEmpty() ? "/" : path);
            nodes.put(p, n);
        });
        for (FdtNode c : n.children()) collect(c, path + "/" + c.name(), paths, nodes);
    }

    private static void node(StringBuilder sb, FdtNode n, int depth, Map<Integer, String> paths, Map<Integer, FdtNode> nodes) {
        indent(sb, depth).append(n.displayName()).append(" {\n");
        for (FdtProperty p : n.properties()) {
            String refs = references(p, paths, nodes);
            indent(sb, depth + 1).append(refs != null ? refs : property(p)).append('\n');
        }
        for (FdtNode c : n.children()) {
            sb.append('\n');
            node(sb, c, depth + 1, paths, nodes);
        }
        indent(sb, depth).append("};\n");
    }

    /** The property with its phandles as references, or null when it holds none or does not parse as its binding says. */
    private static String references(FdtProperty p, Map<Integer, String> paths, Map<Integer, FdtNode> nodes) {
        byte[] v = p.value();
        if (v.length == 0 || v.length % 4 != 0) return null;
        int[] cells = p.asCells();
        String name = p.name();
        String countProp = name.endsWith("-gpios") ? "#gpio-cells" : PHANDLE_LISTS.get(name);
        if (name.equals("interrupt-parent")) {
            if (cells.length != 1 || !paths.containsKey(cells[0])) return null;
            return name + " = <&{" + paths.get(cells[0]) + "}>;";
        }
        if (countProp == null) return null;
        StringBuilder sb = new StringBuilder(name).append(" = <");
        for (int i = 0; i < cells.length; ) {
            FdtNode provider = nodes.get(cells[i]);
            if (provider == null) return null;
            int args = provider.property(countProp).map(FdtProperty::asU32).orElse(-1);
            if (args < 0 || i + 1 + args > cells.length) return null;
            if (i > 0) sb.append(' ');
            sb.append("&{").append(paths.get(cells[i])).append('}');
            for (int a = 1; a <= args; a++) sb.append(String.format(" 0x%02x", cells[i + a]));
            i += 1 + args;
        }
        return sb.append(">;").toString();
    }

    private static StringBuilder indent(StringBuilder sb, int depth) {
        return sb.append("\t".repeat(depth));
    }

    static String property(FdtProperty p) {
        byte[] v = p.value();
        if (v.length == 0) return p.name() + ";";
        StringBuilder sb = new StringBuilder(p.name()).append(" = ");
        if (looksLikeStrings(v)) {
            boolean first = true;
            for (String s : p.asStrings()) {
                if (!first) sb.append(", ");
                first = false;
                quote(sb, s);
            }
        } else if (v.length % 4 == 0) {
            sb.append('<');
            for (int i = 0; i < v.length; i += 4) {
                if (i > 0) sb.append(' ');
                sb.append(String.format("0x%02x", Fdt.be32(v, i)));
            }
            sb.append('>');
        } else {
            sb.append('[');
            for (int i = 0; i < v.length; i++) sb.append(i > 0 ? " " : "").append(String.format("%02x", v[i] & 0xff));
            sb.append(']');
        }
        return sb.append(';').toString();
    }

    /** Printable text in NUL-terminated pieces, no empty piece. */
    private static boolean looksLikeStrings(byte[] v) {
        if (v[v.length - 1] != 0 || v[0] == 0) return false;
        for (int i = 0; i < v.length; i++) {
            int c = v[i] & 0xff;
            if (c == 0) {
                if (v[i - 1] == 0) return false;
            } else if (c < 0x20 || c > 0x7e) {
                if (c != '\t' && c != '\n') return false;
            }
        }
        return true;
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (byte bt : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (bt & 0xff);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        sb.append('"');
    }
}
