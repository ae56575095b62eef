package armvmm.fdt;

import java.nio.charset.StandardCharsets;

/**
 * Prints a tree as device tree source (the dts syntax dtc reads). A value is shown as strings when it is
 * a list of printable NUL-terminated strings, as {@code <cells>} when its length is a multiple of four,
 * and as {@code [bytes]} otherwise: the same guess dtc makes when it decompiles, since a blob does not say
 * which type a value has.
 */
final class DtsWriter {
    private DtsWriter() {}

    static String write(Fdt fdt) {
        StringBuilder sb = new StringBuilder("/dts-v1/;\n\n");
        for (Fdt.Reservation r : fdt.reservations())
            sb.append(String.format("/memreserve/ 0x%016x 0x%016x;%n", r.address(), r.size()));
        node(sb, fdt.root(), 0);
        return sb.toString();
    }

    private static void node(StringBuilder sb, FdtNode n, int depth) {
        indent(sb, depth).append(n.displayName()).append(" {\n");
        for (FdtProperty p : n.properties()) indent(sb, depth + 1).append(property(p)).append('\n');
        for (FdtNode c : n.children()) {
            sb.append('\n');
            node(sb, c, depth + 1);
        }
        indent(sb, depth).append("};\n");
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
