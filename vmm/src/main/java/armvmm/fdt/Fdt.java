package armvmm.fdt;

import armvmm.error.VmmException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A flattened device tree (Devicetree Specification v0.4, chapter 5, "Flattened Devicetree (DTB)
 * Format"): the node tree, the memory reservation block and the boot CPU id. {@link #parse} reads a
 * version 16 or 17 blob, checking every offset and length against the blob (a guest-facing file may come
 * from anywhere); {@link #toDtb} writes version 17; {@link #toDts} prints source that dtc compiles back to
 * the same tree.
 */
public final class Fdt {
    public static final int FDT_MAGIC = 0xd00dfeed;
    static final int FDT_BEGIN_NODE = 1, FDT_END_NODE = 2, FDT_PROP = 3, FDT_NOP = 4, FDT_END = 9;
    static final int HEADER_SIZE = 40;
    private static final int VERSION = 17, LAST_COMP_VERSION = 16;
    /** Deeper trees than this are certainly broken (real ones nest 6 or 7 levels). */
    private static final int MAX_DEPTH = 64;

    /** An entry of the memory reservation block: RAM the OS must not use. */
    public record Reservation(long address, long size) {}

    private final FdtNode root;
    private final List<Reservation> reservations = new ArrayList<>();
    private int bootCpuid;

    public Fdt() { this(new FdtNode("")); }

    private Fdt(FdtNode root) { this.root = root; }

    public FdtNode root() { return root; }

    /** The memory reservation block, editable. */
    public List<Reservation> reservations() { return reservations; }

    public int bootCpuid() { return bootCpuid; }

    public void setBootCpuid(int id) { bootCpuid = id; }

    /** The node at an absolute path such as "/cpus/cpu@0" ("/" is the root). */
    public Optional<FdtNode> node(String path) {
        FdtNode n = root;
        for (String part : components(path)) {
            n = n.child(part);
            if (n == null) return Optional.empty();
        }
        return Optional.of(n);
    }

    /** The node at an absolute path, creating missing nodes on the way. */
    public FdtNode nodeOrCreate(String path) {
        FdtNode n = root;
        for (String part : components(path)) n = n.childOrCreate(part);
        return n;
    }

    private static List<String> components(String path) {
        if (!path.startsWith("/")) throw new IllegalArgumentException("not an absolute node path: " + path);
        List<String> parts = new ArrayList<>();
        for (String p : path.substring(1).split("/")) if (!p.isEmpty()) parts.add(p);
        return parts;
    }

    /** Every node, depth first, root first. */
    public void forEachNode(Consumer<FdtNode> action) {
        Deque<FdtNode> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            FdtNode n = todo.pop();
            action.accept(n);
            List<FdtNode> cs = n.children();
            for (int i = cs.size() - 1; i >= 0; i--) todo.push(cs.get(i));
        }
    }

    public Optional<FdtNode> nodeByPhandle(int phandle) {
        FdtNode[] found = new FdtNode[1];
        forEachNode(n -> {
            if (found[0] == null && n.phandle().filter(p -> p == phandle).isPresent()) found[0] = n;
        });
        return Optional.ofNullable(found[0]);
    }

    /** Nodes whose "compatible" list contains {@code compatible}, in tree order. */
    public List<FdtNode> findCompatible(String compatible) {
        List<FdtNode> out = new ArrayList<>();
        forEachNode(n -> n.property("compatible").ifPresent(p -> {
            if (p.asStrings().contains(compatible)) out.add(n);
        }));
        return out;
    }

    /** The node's phandle, giving it the next free one (one above the largest in the tree) if it has none. */
    public int phandleOf(FdtNode node) {
        Optional<Integer> existing = node.phandle();
        if (existing.isPresent()) return existing.get();
        int[] max = {0};
        forEachNode(n -> n.phandle().ifPresent(p -> max[0] = Math.max(max[0], p)));
        int next = max[0] + 1;
        node.setU32("phandle", next);
        return next;
    }

    // ---- reading -------------------------------------------------------------------------------------

    public static Fdt read(Path file) {
        byte[] blob;
        try {
            blob = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new VmmException(file + ": cannot read (" + e.getMessage() + ")");
        }
        try {
            return parse(blob);
        } catch (FdtFormatException e) {
            throw new FdtFormatException(file + ": " + e.getMessage());
        }
    }

    public static Fdt parse(byte[] blob) {
        if (blob.length < HEADER_SIZE) throw new FdtFormatException("not a device tree blob: only " + blob.length + " bytes");
        if (be32(blob, 0) != FDT_MAGIC)
            throw new FdtFormatException(String.format("not a device tree blob: magic 0x%08x, expected 0x%08x", be32(blob, 0), FDT_MAGIC));
        long totalSize = u32(blob, 4);
        if (totalSize > blob.length) throw new FdtFormatException("header totalsize " + totalSize + " exceeds the " + blob.length + "-byte blob");
        int version = be32(blob, 20), lastComp = be32(blob, 24);
        if (version < 16 || lastComp > VERSION)
            throw new FdtFormatException("unsupported device tree version " + version + " (last compatible " + lastComp + ")");
        long structOff = u32(blob, 8), stringsOff = u32(blob, 12), rsvOff = u32(blob, 16);
        long stringsSize = version >= 17 ? u32(blob, 32) : totalSize - stringsOff;
        long structSize = version >= 17 ? u32(blob, 36) : totalSize - structOff;
        checkBlock("structure block", structOff, structSize, totalSize);
        checkBlock("strings block", stringsOff, stringsSize, totalSize);
        if (rsvOff % 8 != 0 || rsvOff >= totalSize) throw new FdtFormatException("memory reservation block offset " + rsvOff + " is invalid");

        Fdt fdt = new Fdt();
        fdt.bootCpuid = be32(blob, 28);
        for (long p = rsvOff; ; p += 16) {
            if (p + 16 > totalSize) throw new FdtFormatException("memory reservation block runs past the end of the blob");
            long addr = be64(blob, (int) p), size = be64(blob, (int) (p + 16 - 8));
            if (addr == 0 && size == 0) break;
            fdt.reservations.add(new Reservation(addr, size));
        }
        new StructReader(blob, (int) structOff, (int) (structOff + structSize), (int) stringsOff, (int) (stringsOff + stringsSize)).read(fdt);
        return fdt;
    }

    private static void checkBlock(String what, long off, long size, long total) {
        if (off < HEADER_SIZE || off > total || size > total - off)
            throw new FdtFormatException(what + " [" + off + ", +" + size + ") lies outside the " + total + "-byte blob");
    }

    /** Walks the token stream of the structure block. */
    private static final class StructReader {
        private final byte[] b;
        private final int end, strings, stringsEnd;
        private int pos;

        StructReader(byte[] b, int start, int end, int strings, int stringsEnd) {
            this.b = b;
            this.pos = start;
            this.end = end;
            this.strings = strings;
            this.stringsEnd = stringsEnd;
        }

        void read(Fdt fdt) {
            Deque<FdtNode> open = new ArrayDeque<>();
            boolean rootSeen = false;
            while (true) {
                int at = pos;
                int token = nextWord("token");
                switch (token) {
                    case FDT_BEGIN_NODE -> {
                        String name = cString(pos, end, "node name");
                        pos = align4(pos + name.getBytes(StandardCharsets.UTF_8).length + 1);
                        if (open.isEmpty()) {
                            if (rootSeen) throw new FdtFormatException("a second root node at structure offset " + at);
                            rootSeen = true;
                            open.push(fdt.root);
                        } else {
                            if (open.size() >= MAX_DEPTH) throw new FdtFormatException("nodes nested deeper than " + MAX_DEPTH);
                            if (name.isEmpty() || name.indexOf('/') >= 0) throw new FdtFormatException("bad node name '" + name + "' at structure offset " + at);
                            FdtNode parent = open.peek();
                            if (parent.child(name) != null) throw new FdtFormatException("duplicate node " + name + " in " + parent.displayName());
                            open.push(parent.addChild(new FdtNode(name)));
                        }
                    }
                    case FDT_END_NODE -> {
                        if (open.isEmpty()) throw new FdtFormatException("FDT_END_NODE without a node at structure offset " + at);
                        open.pop();
                    }
                    case FDT_PROP -> {
                        if (open.isEmpty()) throw new FdtFormatException("property outside any node at structure offset " + at);
                        long len = nextWord("property length") & 0xffffffffL;
                        long nameOff = nextWord("property name offset") & 0xffffffffL;
                        if (len > end - pos) throw new FdtFormatException("property at structure offset " + at + " runs past the structure block");
                        if (nameOff >= stringsEnd - strings) throw new FdtFormatException("property name offset " + nameOff + " outside the strings block");
                        String name = cString(strings + (int) nameOff, stringsEnd, "property name");
                        byte[] value = java.util.Arrays.copyOfRange(b, pos, pos + (int) len);
                        pos = align4(pos + (int) len);
                        open.peek().set(new FdtProperty(name, value));
                    }
                    case FDT_NOP -> {}
                    case FDT_END -> {
                        if (!open.isEmpty()) throw new FdtFormatException("FDT_END inside node " + open.peek().displayName());
                        if (!rootSeen) throw new FdtFormatException("no root node");
                        return;
                    }
                    default -> throw new FdtFormatException(String.format("unknown token 0x%x at structure offset %d", token, at));
                }
            }
        }

        private int nextWord(String what) {
            if (pos + 4 > end) throw new FdtFormatException("structure block ends inside a " + what);
            int v = be32(b, pos);
            pos += 4;
            return v;
        }

        private String cString(int from, int limit, String what) {
            for (int i = from; i < limit; i++)
                if (b[i] == 0) return new String(b, from, i - from, StandardCharsets.UTF_8);
            throw new FdtFormatException(what + " at offset " + from + " is not NUL-terminated");
        }
    }

    // ---- writing -------------------------------------------------------------------------------------

    /** The tree as a version 17 blob: header, memory reservation block, structure block, strings block. */
    public byte[] toDtb() {
        ByteArrayOutputStream struct = new ByteArrayOutputStream();
        Map<String, Integer> stringOffsets = new LinkedHashMap<>();
        ByteArrayOutputStream strings = new ByteArrayOutputStream();
        writeNode(root, struct, stringOffsets, strings);
        word(struct, FDT_END);

        int rsvOff = HEADER_SIZE;
        int structOff = rsvOff + 16 * (reservations.size() + 1);
        int structSize = struct.size();
        int stringsOff = structOff + structSize;
        int total = stringsOff + strings.size();
        byte[] out = new byte[total];
        putBe32(out, 0, FDT_MAGIC);
        putBe32(out, 4, total);
        putBe32(out, 8, structOff);
        putBe32(out, 12, stringsOff);
        putBe32(out, 16, rsvOff);
        putBe32(out, 20, VERSION);
        putBe32(out, 24, LAST_COMP_VERSION);
        putBe32(out, 28, bootCpuid);
        putBe32(out, 32, strings.size());
        putBe32(out, 36, structSize);
        int p = rsvOff;
        for (Reservation r : reservations) {
            putBe64(out, p, r.address());
            putBe64(out, p + 8, r.size());
            p += 16;
        }
        System.arraycopy(struct.toByteArray(), 0, out, structOff, structSize);
        System.arraycopy(strings.toByteArray(), 0, out, stringsOff, strings.size());
        return out;
    }

    private static void writeNode(FdtNode n, ByteArrayOutputStream s, Map<String, Integer> offsets, ByteArrayOutputStream strings) {
        word(s, FDT_BEGIN_NODE);
        s.writeBytes(n.name().getBytes(StandardCharsets.UTF_8));
        s.write(0);
        pad4(s);
        for (FdtProperty p : n.properties()) {
            Integer off = offsets.get(p.name());
            if (off == null) {
                off = strings.size();
                offsets.put(p.name(), off);
                strings.writeBytes(p.name().getBytes(StandardCharsets.UTF_8));
                strings.write(0);
            }
            word(s, FDT_PROP);
            word(s, p.length());
            word(s, off);
            s.writeBytes(p.value());
            pad4(s);
        }
        for (FdtNode c : n.children()) writeNode(c, s, offsets, strings);
        word(s, FDT_END_NODE);
    }

    public String toDts() { return DtsWriter.write(this); }

    // ---- big-endian helpers shared by the package ------------------------------------------------------

    static int be32(byte[] b, int off) {
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
    }

    private static long u32(byte[] b, int off) { return be32(b, off) & 0xffffffffL; }

    private static long be64(byte[] b, int off) { return (long) be32(b, off) << 32 | u32(b, off + 4); }

    static void putBe32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    private static void putBe64(byte[] b, int off, long v) {
        putBe32(b, off, (int) (v >>> 32));
        putBe32(b, off + 4, (int) v);
    }

    private static void word(ByteArrayOutputStream s, int v) {
        s.write(v >>> 24);
        s.write(v >>> 16);
        s.write(v >>> 8);
        s.write(v);
    }

    private static void pad4(ByteArrayOutputStream s) {
        while (s.size() % 4 != 0) s.write(0);
    }

    private static int align4(int v) { return (v + 3) & ~3; }
}
