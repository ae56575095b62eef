package armvmm.devices.pci;

import armvmm.snapshot.SnapshotFormatException;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * One PCI function: its 256-byte configuration space with a type 0 header ({@link ConfigHeader}) and the
 * BARs it implements. The space is kept as bytes with a mask of the bits a guest may write, so sizing a
 * BAR (all ones written, the size read back as the zeros below the writable bits) and every access width
 * fall out of one rule. Accesses through a BAR come to {@link #barRead} and {@link #barWrite} once the
 * host's window has decoded them; all calls hold the host's lock.
 */
public abstract class PciFunction {
    /** A conventional function's configuration space; ECAM's extended space above it reads all ones. */
    public static final int CONFIG_SIZE = 256;

    /** What a function says of itself in its header. */
    public record Identity(int vendorId, int deviceId, int revisionId, int classCode, int subsystemVendorId, int subsystemId) {}

    private final String name;
    private final Identity id;
    private final PciBar[] bars = new PciBar[6];
    private final byte[] config = new byte[CONFIG_SIZE];
    private final byte[] writable = new byte[CONFIG_SIZE];

    protected PciFunction(String name, Identity id, List<PciBar> bars) {
        this.name = name;
        this.id = id;
        for (PciBar b : bars) {
            if (this.bars[b.index()] != null) throw new IllegalArgumentException(name + ": BAR" + b.index() + " twice");
            this.bars[b.index()] = b;
        }
        for (ConfigHeader r : ConfigHeader.values()) put(writable, r.offset, r.width, r.writable);
        for (PciBar b : bars) put(writable, ConfigHeader.bar(b.index()).offset, 4, b.writableBits());
        resetConfig();
    }

    public String name() { return name; }

    public Identity identity() { return id; }

    private void resetConfig() {
        java.util.Arrays.fill(config, (byte) 0);
        put(config, ConfigHeader.VENDOR_ID.offset, 2, id.vendorId());
        put(config, ConfigHeader.DEVICE_ID.offset, 2, id.deviceId());
        put(config, ConfigHeader.REVISION_ID.offset, 1, id.revisionId());
        put(config, ConfigHeader.CLASS_CODE.offset, 3, id.classCode());
        put(config, ConfigHeader.HEADER_TYPE.offset, 1, ConfigHeader.HEADER_TYPE_NORMAL);
        put(config, ConfigHeader.SUBSYSTEM_VENDOR_ID.offset, 2, id.subsystemVendorId());
        put(config, ConfigHeader.SUBSYSTEM_ID.offset, 2, id.subsystemId());
        for (PciBar b : bars) if (b != null) put(config, ConfigHeader.bar(b.index()).offset, 4, b.space().typeBits);
    }

    /** Back to power-on: BARs unassigned, decoding off; then the function's own reset. */
    public final void reset() {
        resetConfig();
        resetDevice();
    }

    /** The function's state beyond its configuration space, at reset. */
    protected void resetDevice() {}

    /** {@code size} bytes (1, 2 or 4, aligned) at {@code offset} below {@link #CONFIG_SIZE}, little-endian. */
    public final long configRead(int offset, int size) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) v = v << 8 | (config[offset + i] & 0xff);
        return v;
    }

    /** Only the writable bits change; a BAR takes the address bits its size leaves and keeps its type bits. */
    public final void configWrite(int offset, int size, long value) {
        for (int i = 0; i < size; i++) {
            int mask = writable[offset + i] & 0xff;
            int b = (int) (value >>> (8 * i)) & 0xff;
            config[offset + i] = (byte) (config[offset + i] & ~mask | b & mask);
        }
    }

    /** The BAR that decodes {@code address} in {@code space}, if decoding of that space is on; else null. */
    final PciBar decode(PciBar.Space space, long address) {
        int command = (int) configRead(ConfigHeader.COMMAND.offset, 2);
        int enable = space == PciBar.Space.IO ? ConfigHeader.COMMAND_IO_SPACE : ConfigHeader.COMMAND_MEMORY_SPACE;
        if ((command & enable) == 0) return null;
        for (PciBar b : bars) {
            if (b == null || b.space() != space) continue;
            long base = barAddress(b);
            if (address >= base && address - base < b.size()) return b;
        }
        return null;
    }

    /** Where the guest put {@code bar}: the register without its type bits. */
    final long barAddress(PciBar bar) {
        return configRead(ConfigHeader.bar(bar.index()).offset, 4) & ~(bar.space() == PciBar.Space.IO ? 0x3L : 0xfL);
    }

    /** An access the BAR decoded, {@code offset} from its base, {@code size} 1, 2 or 4 bytes within it. */
    protected abstract long barRead(PciBar bar, int offset, int size);

    protected abstract void barWrite(PciBar bar, int offset, int size, long value);

    /** The configuration space, then the function's own state. */
    final void saveState(DataOutput out) throws IOException {
        out.write(config);
        saveDevice(out);
    }

    final void loadState(DataInput in) throws IOException {
        byte[] saved = new byte[CONFIG_SIZE];
        in.readFully(saved);
        // read-only bytes must be this function's: a file from another device is refused, not half-loaded
        for (int i = 0; i < CONFIG_SIZE; i++)
            if (((saved[i] ^ config[i]) & ~writable[i]) != 0)
                throw new SnapshotFormatException(name + ": configuration byte 0x" + Integer.toHexString(i) + " is read-only and differs");
        System.arraycopy(saved, 0, config, 0, CONFIG_SIZE);
        loadDevice(in);
    }

    protected void saveDevice(DataOutput out) throws IOException {}

    protected void loadDevice(DataInput in) throws IOException {}

    private static void put(byte[] bytes, int offset, int width, int value) {
        for (int i = 0; i < width; i++) bytes[offset + i] = (byte) (value >>> (8 * i));
    }
}
