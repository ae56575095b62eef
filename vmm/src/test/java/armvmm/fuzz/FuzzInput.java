package armvmm.fuzz;

/**
 * The bytes a fuzzer hands a target, read as the numbers the target needs. Reads past the end give zeros, so
 * every input, however short, is a complete and deterministic test case (the same input always replays the
 * same way, which is what makes a crash file a reproducer).
 */
public final class FuzzInput {
    private final byte[] data;
    private int pos;

    public FuzzInput(byte[] data) { this.data = data; }

    public boolean exhausted() { return pos >= data.length; }

    public int remaining() { return Math.max(0, data.length - pos); }

    public int u8() { return pos < data.length ? data[pos++] & 0xff : 0; }

    public boolean bool() { return (u8() & 1) != 0; }

    /** Little-endian, as the guest's own structures are. */
    public int u16() { return u8() | u8() << 8; }

    public int u32() { return u16() | u16() << 16; }

    public long u64() { return (u32() & 0xffffffffL) | (long) u32() << 32; }

    /** A value in [0, bound), bound > 0; biased but total, which is all a fuzzer needs. */
    public int below(int bound) { return Integer.remainderUnsigned(u32(), bound); }

    /** The next {@code n} bytes (fewer if the input ends first). */
    public byte[] bytes(int n) {
        int k = Math.min(n, remaining());
        byte[] b = java.util.Arrays.copyOfRange(data, pos, pos + k);
        pos += k;
        return b;
    }

    /** Everything not read yet. */
    public byte[] rest() { return bytes(remaining()); }

    @SafeVarargs
    public final <T> T pick(T... choices) { return choices[below(choices.length)]; }
}
