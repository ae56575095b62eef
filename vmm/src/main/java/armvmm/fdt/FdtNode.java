package armvmm.fdt;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node of a device tree: a name ("uart@1c090000", the root's is ""), properties in insertion order, and
 * children in order. Setters replace a property of the same name in place, so an edited tree keeps the
 * order of the original (and dtc's decompiled text stays comparable).
 */
public final class FdtNode {
    private final String name;
    private final Map<String, FdtProperty> properties = new LinkedHashMap<>();
    private final List<FdtNode> children = new ArrayList<>();

    public FdtNode(String name) {
        if (name.indexOf('/') >= 0) throw new IllegalArgumentException("node name " + name + " contains '/'");
        this.name = name;
    }

    public String name() { return name; }

    /** The part of the name before '@'. */
    public String baseName() {
        int at = name.indexOf('@');
        return at < 0 ? name : name.substring(0, at);
    }

    public List<FdtProperty> properties() { return Collections.unmodifiableList(new ArrayList<>(properties.values())); }

    public List<FdtNode> children() { return Collections.unmodifiableList(children); }

    public Optional<FdtProperty> property(String propName) { return Optional.ofNullable(properties.get(propName)); }

    public boolean hasProperty(String propName) { return properties.containsKey(propName); }

    public FdtNode child(String childName) {
        for (FdtNode c : children) if (c.name.equals(childName)) return c;
        return null;
    }

    /** The child with this name, created (appended) when absent. */
    public FdtNode childOrCreate(String childName) {
        FdtNode c = child(childName);
        return c != null ? c : addChild(new FdtNode(childName));
    }

    public FdtNode addChild(FdtNode child) {
        if (child(child.name) != null) throw new IllegalArgumentException("node " + displayName() + " already has a child " + child.name);
        children.add(child);
        return child;
    }

    public boolean removeChild(String childName) { return children.removeIf(c -> c.name.equals(childName)); }

    public FdtNode set(FdtProperty p) {
        properties.put(p.name(), p);
        return this;
    }

    public FdtNode setBytes(String propName, byte[] value) { return set(new FdtProperty(propName, value)); }

    /** An empty (boolean) property such as {@code interrupt-controller;}. */
    public FdtNode setEmpty(String propName) { return setBytes(propName, new byte[0]); }

    public FdtNode setString(String propName, String value) { return setStrings(propName, value); }

    public FdtNode setStrings(String propName, String... values) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String v : values) {
            if (v.indexOf('\0') >= 0) throw new IllegalArgumentException("string for " + propName + " contains NUL");
            b.writeBytes(v.getBytes(StandardCharsets.UTF_8));
            b.write(0);
        }
        return setBytes(propName, b.toByteArray());
    }

    public FdtNode setU32(String propName, int value) { return setCells(propName, value); }

    public FdtNode setCells(String propName, int... cells) {
        byte[] v = new byte[cells.length * 4];
        for (int i = 0; i < cells.length; i++) Fdt.putBe32(v, i * 4, cells[i]);
        return setBytes(propName, v);
    }

    /** A 64-bit value as two cells, high first. */
    public FdtNode setU64(String propName, long value) { return setCells(propName, (int) (value >>> 32), (int) value); }

    public boolean remove(String propName) { return properties.remove(propName) != null; }

    /** This node's phandle, if it has one. */
    public Optional<Integer> phandle() { return property("phandle").map(FdtProperty::asU32); }

    /** The value of a one-string property, if present. */
    public Optional<String> string(String propName) { return property(propName).map(FdtProperty::asString); }

    String displayName() { return name.isEmpty() ? "/" : name; }

    @Override
    public String toString() { return "FdtNode[" + displayName() + ", " + properties.size() + " properties, " + children.size() + " children]"; }
}
