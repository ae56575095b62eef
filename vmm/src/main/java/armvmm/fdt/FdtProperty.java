package armvmm.fdt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One property: a name and its raw value (big-endian cells, NUL-terminated strings, or bytes, as the
 * Devicetree Specification section 2.2.4 describes). The value array is never shared.
 */
public record FdtProperty(String name, byte[] value) {
    public FdtProperty {
        value = value.clone();
    }

    @Override
    public byte[] value() { return value.clone(); }

    public int length() { return value.length; }

    public boolean isEmpty() { return value.length == 0; }

    /** The value as one string (the first of a string list). */
    public String asString() {
        List<String> all = asStrings();
        if (all.isEmpty()) throw new FdtFormatException("property " + name + " is not a string");
        return all.get(0);
    }

    /** The value as a {@code <stringlist>}: NUL-terminated strings back to back. */
    public List<String> asStrings() {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < value.length; i++) {
            if (value[i] == 0) {
                out.add(new String(value, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start != value.length) throw new FdtFormatException("property " + name + " is not a NUL-terminated string list");
        return out;
    }

    /** The value as 32-bit cells. */
    public int[] asCells() {
        if (value.length % 4 != 0) throw new FdtFormatException("property " + name + " has " + value.length + " bytes, not whole cells");
        int[] cells = new int[value.length / 4];
        for (int i = 0; i < cells.length; i++) cells[i] = Fdt.be32(value, i * 4);
        return cells;
    }

    public int asU32() {
        if (value.length != 4) throw new FdtFormatException("property " + name + " has " + value.length + " bytes, not one cell");
        return Fdt.be32(value, 0);
    }

    public long asU64() {
        if (value.length != 8) throw new FdtFormatException("property " + name + " has " + value.length + " bytes, not two cells");
        return ((long) Fdt.be32(value, 0) << 32) | (Fdt.be32(value, 4) & 0xffffffffL);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FdtProperty p && p.name.equals(name) && java.util.Arrays.equals(p.value, value);
    }

    @Override
    public int hashCode() { return name.hashCode() * 31 + java.util.Arrays.hashCode(value); }

    @Override
    public String toString() { return DtsWriter.property(this); }
}
