package armvmm.snapshot;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The container of a snapshot (layout in the package documentation): a header, then tagged sections, each
 * length-prefixed and followed by the CRC-32 of its body, ended by the section {@link #END}. This class
 * knows nothing of what the sections hold.
 */
public final class SnapshotFile {
    private SnapshotFile() {}

    static final byte[] MAGIC = "ARMVMMSN".getBytes(StandardCharsets.US_ASCII);
    /** Raised whenever a section's layout changes: a reader refuses every version but its own. */
    public static final int VERSION = 1;
    public static final String END = "end";
    /** No section is larger (RAM comes in chunks well below it): a corrupt length cannot make the reader allocate more. */
    public static final int MAX_SECTION_BYTES = 64 << 20;
    static final int MAX_ID_BYTES = 200;

    /** One section as read: its id and its body, whose CRC has been checked. */
    public record Section(String id, byte[] body) {
        public DataInputStream open() { return new DataInputStream(new java.io.ByteArrayInputStream(body)); }
    }

    public static final class Writer implements AutoCloseable {
        private final DataOutputStream out;

        public Writer(OutputStream out, SnapshotHeader h) throws IOException {
            this.out = new DataOutputStream(out);
            this.out.write(MAGIC);
            this.out.writeShort(h.version());
            writeId(h.board());
            this.out.writeShort(h.cpus());
            this.out.writeLong(h.ramBytes());
        }

        private void writeId(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length > MAX_ID_BYTES) throw new IllegalArgumentException("section id too long: " + s);
            out.writeByte(b.length);
            out.write(b);
        }

        /** A whole section; {@code body.size()} must not pass {@link #MAX_SECTION_BYTES}. */
        public void section(String id, ByteArrayOutputStream body) throws IOException {
            if (body.size() > MAX_SECTION_BYTES) throw new IllegalArgumentException("section " + id + " has " + body.size() + " bytes");
            byte[] b = body.toByteArray();
            writeId(id);
            out.writeInt(b.length);
            out.write(b);
            CRC32 crc = new CRC32();
            crc.update(b);
            out.writeInt((int) crc.getValue());
        }

        /** The end marker; the caller closes the stream. */
        public void finish() throws IOException {
            section(END, new ByteArrayOutputStream());
            out.flush();
        }

        @Override
        public void close() throws IOException { out.close(); }
    }

    public static final class Reader implements AutoCloseable {
        private final DataInputStream in;
        private final SnapshotHeader header;
        private boolean ended;

        /** Reads and checks the magic and version; the caller compares the rest of the header with its machine. */
        public Reader(InputStream in) throws IOException {
            this.in = new DataInputStream(in);
            try {
                byte[] magic = new byte[MAGIC.length];
                this.in.readFully(magic);
                if (!Arrays.equals(magic, MAGIC)) throw new SnapshotFormatException("not an armvmm snapshot (no ARMVMMSN magic at its start)");
                int version = this.in.readUnsignedShort();
                if (version != VERSION)
                    throw new SnapshotFormatException("snapshot format version " + version + ", but this armvmm reads version " + VERSION + " only");
                String board = readId("board name");
                int cpus = this.in.readUnsignedShort();
                long ram = this.in.readLong();
                header = new SnapshotHeader(version, board, cpus, ram);
            } catch (EOFException e) {
                throw new SnapshotFormatException("truncated: the file ends inside its header");
            }
        }

        public SnapshotHeader header() { return header; }

        private String readId(String what) throws IOException {
            int n = in.readUnsignedByte();
            if (n == 0 || n > MAX_ID_BYTES) throw new SnapshotFormatException("corrupt " + what + " (length " + n + ")");
            byte[] b = new byte[n];
            in.readFully(b);
            String s = new String(b, StandardCharsets.UTF_8);
            for (int i = 0; i < s.length(); i++)
                if (s.charAt(i) < 0x20 || s.charAt(i) == 0x7f) throw new SnapshotFormatException("corrupt " + what + " (control characters)");
            return s;
        }

        /** The next section with its CRC checked, or null after the end marker. */
        public Section next() throws IOException {
            if (ended) return null;
            String id = null;
            try {
                id = readId("section id");
                int length = in.readInt();
                if (length < 0 || length > MAX_SECTION_BYTES)
                    throw new SnapshotFormatException("section " + id + ": corrupt length " + Integer.toUnsignedString(length));
                byte[] body = new byte[length];
                in.readFully(body);
                int stored = in.readInt();
                CRC32 crc = new CRC32();
                crc.update(body);
                if ((int) crc.getValue() != stored) throw new SnapshotFormatException("section " + id + ": CRC mismatch (the file is corrupt)");
                if (id.equals(END)) {
                    if (length != 0) throw new SnapshotFormatException("section end: corrupt length " + length);
                    ended = true;
                    return null;
                }
                return new Section(id, body);
            } catch (EOFException e) {
                throw new SnapshotFormatException("truncated: the file ends " + (id == null ? "between sections" : "inside section " + id));
            }
        }

        @Override
        public void close() throws IOException { in.close(); }
    }
}
