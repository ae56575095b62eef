package armvmm.devices.pci;

import armvmm.snapshot.SnapshotFormatException;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * QEMU's {@code pci-testdev} (Red Hat's 1b36:0005), which kvm-unit-tests' pci-test
 * drives: BAR0 is 4 KiB of memory, BAR1 256 bytes of I/O. Writing a test number (0 to 2) to byte 0 of a
 * BAR selects that BAR's test and zeroes its count; the BAR then reads as the test's header (number,
 * access width, the offset to write to, the data byte to write, the count so far, a NUL-terminated name)
 * and every write of the width to that offset, with the data byte where the test matches data, counts
 * one. The tests are named after QEMU's ioeventfd variants (no-eventfd, wildcard-eventfd,
 * datamatch-eventfd); without ioeventfds here all three count in the device, which a guest cannot tell
 * from QEMU's no-eventfd path. As QEMU's device, it takes accesses a byte at a time: a wider access is
 * its bytes in little-endian order.
 */
public final class PciTestDev extends PciFunction {
    public static final int VENDOR_REDHAT = 0x1b36;
    /** The subsystem IDs QEMU gives every PCI device it emulates. */
    static final int SUBSYSTEM_VENDOR_QEMU = 0x1af4, SUBSYSTEM_QEMU = 0x1100;
    /**
     * Class code 00 ff 00 (base class 00, subclass ff): what QEMU's device reports, its "other" class
     * 0xff landing in the subclass byte, so a guest listing devices prints the same on both.
     */
    public static final Identity ID = new Identity(VENDOR_REDHAT, 0x0005, 0, 0x00_ff_00, SUBSYSTEM_VENDOR_QEMU, SUBSYSTEM_QEMU);

    static final PciBar MEMORY = new PciBar(0, PciBar.Space.MEMORY_32, 4096);
    static final PciBar IO = new PciBar(1, PciBar.Space.IO, 256);

    private static final String[] TESTS = {"no-eventfd", "wildcard-eventfd", "datamatch-eventfd"};
    /** The data byte a data-matching test counts, and the one a wildcard test announces (any byte counts). */
    static final int DATAMATCH = 0xfa, NOMATCH = 0xce;
    /** Header layout: test (u8), width (u8), 2 bytes pad, offset (u32), data (u8), 3 bytes pad, count (u32), name. */
    static final int HDR_TEST = 0, HDR_WIDTH = 1, HDR_OFFSET = 4, HDR_DATA = 8, HDR_COUNT = 12, HDR_NAME = 16;
    /** Every test writes single bytes. */
    static final int WIDTH = 1;

    /** The selected test, an index into {@link #counts} (BAR * 3 + test), or -1. */
    private int current = -1;
    private final int[] counts = new int[2 * TESTS.length];

    public PciTestDev(String name) { super(name, ID, List.of(MEMORY, IO)); }

    private static int barNumber(PciBar bar) { return bar == MEMORY ? 0 : 1; }

    /** Test {@code t}'s header as QEMU lays it out, count 0: it writes to the byte past half its BAR, plus t. */
    private static byte[] header(int t) {
        String name = (t / TESTS.length == 0 ? "mmio-" : "portio-") + TESTS[t % TESTS.length];
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        byte[] h = new byte[HDR_NAME + n.length + 1];
        h[HDR_TEST] = (byte) t;
        h[HDR_WIDTH] = WIDTH;
        int offset = target(t);
        for (int i = 0; i < 4; i++) h[HDR_OFFSET + i] = (byte) (offset >>> (8 * i));
        h[HDR_DATA] = (byte) (matchesData(t) ? DATAMATCH : NOMATCH);
        System.arraycopy(n, 0, h, HDR_NAME, n.length);
        return h;
    }

    private static final byte[][] HEADERS = java.util.stream.IntStream.range(0, 2 * TESTS.length).mapToObj(PciTestDev::header).toArray(byte[][]::new);

    /** The offset test {@code t} counts writes to. */
    private static int target(int t) { return (t / TESTS.length == 0 ? MEMORY.size() : IO.size()) / 2 + t; }

    private static boolean matchesData(int t) { return t % TESTS.length != 1; }

    @Override
    protected long barRead(PciBar bar, int offset, int size) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) v = v << 8 | readByte(bar, offset + i);
        return v;
    }

    private int readByte(PciBar bar, int offset) {
        // QEMU's device answers from the selected test's header through either BAR
        if (current < 0) return 0;
        byte[] h = HEADERS[current];
        if (offset >= HDR_COUNT && offset < HDR_COUNT + 4) return counts[current] >>> (8 * (offset - HDR_COUNT)) & 0xff;
        return offset < h.length ? h[offset] & 0xff : 0;
    }

    @Override
    protected void barWrite(PciBar bar, int offset, int size, long value) {
        for (int i = 0; i < size; i++) writeByte(bar, offset + i, (int) (value >>> (8 * i)) & 0xff);
    }

    private void writeByte(PciBar bar, int offset, int value) {
        if (offset == HDR_TEST) {
            current = -1;
            if (value >= TESTS.length) return;
            current = barNumber(bar) * TESTS.length + value;
            counts[current] = 0;
            return;
        }
        // as QEMU's device: the selected test counts a write at its offset through either BAR
        if (current < 0 || offset != target(current)) return;
        if (matchesData(current) && value != DATAMATCH) return;
        counts[current]++;
    }

    @Override
    protected void resetDevice() {
        current = -1;
        java.util.Arrays.fill(counts, 0);
    }

    @Override
    protected void saveDevice(DataOutput out) throws IOException {
        out.writeInt(current);
        for (int c : counts) out.writeInt(c);
    }

    @Override
    protected void loadDevice(DataInput in) throws IOException {
        current = SnapshotFormatException.check(name() + " test", in.readInt(), -1, counts.length - 1);
        for (int i = 0; i < counts.length; i++) counts[i] = in.readInt();
    }
}
