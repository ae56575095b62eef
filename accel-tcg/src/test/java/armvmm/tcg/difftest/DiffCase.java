package armvmm.tcg.difftest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One differential test: an instruction sequence and the state it starts from. Both sides place the code
 * at {@link #CODE}, the data block at {@link #DATA} and SP at {@link #TEST_SP}, as guests/difftest/harness.S
 * does under qemu-arm. {@code regs} holds r0-r12 then r14.
 */
public record DiffCase(boolean thumb, byte[] code, int[] regs, int apsr, int fpscr, long[] d, long dataSeed) {
    public static final int CODE = 0x0020_0000;
    public static final int DATA = 0x0030_0000;
    public static final int DATA_SIZE = 4096;
    public static final int TEST_SP = 0x0048_0000;
    static final int MAGIC = 0x46464944; // 'DIFF'

    public DiffCase {
        if (regs.length != 14 || d.length != 32) throw new IllegalArgumentException("bad case shape");
    }

    /** The initial data block, generated from {@link #dataSeed}. */
    public byte[] data() { return DataBlock.fromSeed(dataSeed); }

    /** The record harness.S reads. */
    public byte[] encode() {
        int padded = (code.length + 3) & ~3;
        ByteBuffer b = ByteBuffer.allocate(12 + 80 * 4 + DATA_SIZE + padded).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(thumb ? 1 : 0).putInt(code.length);
        for (int r : regs) b.putInt(r);
        b.putInt(apsr).putInt(fpscr);
        for (long x : d) b.putLong(x);
        b.put(data()).put(code);
        return b.array();
    }

    /** One line of the curated-case files: T|A code-hex regs-hex apsr fpscr d-hex data-seed. */
    public String toLine() {
        HexFormat h = HexFormat.of();
        StringBuilder sb = new StringBuilder(thumb ? "T " : "A ").append(h.formatHex(code)).append(' ');
        for (int i = 0; i < 14; i++) sb.append(i == 0 ? "" : ",").append(Integer.toHexString(regs[i]));
        sb.append(' ').append(Integer.toHexString(apsr)).append(' ').append(Integer.toHexString(fpscr)).append(' ');
        for (int i = 0; i < 32; i++) sb.append(i == 0 ? "" : ",").append(Long.toHexString(d[i]));
        sb.append(' ').append(Long.toHexString(dataSeed));
        return sb.toString();
    }

    public static DiffCase fromLine(String line) {
        String[] f = line.trim().split(" ");
        HexFormat h = HexFormat.of();
        int[] regs = Arrays.stream(f[2].split(",")).mapToInt(s -> Integer.parseUnsignedInt(s, 16)).toArray();
        long[] d = Arrays.stream(f[5].split(",")).mapToLong(s -> Long.parseUnsignedLong(s, 16)).toArray();
        return new DiffCase(f[0].equals("T"), h.parseHex(f[1]), regs, Integer.parseUnsignedInt(f[3], 16),
                Integer.parseUnsignedInt(f[4], 16), d, Long.parseUnsignedLong(f[6], 16));
    }
}
