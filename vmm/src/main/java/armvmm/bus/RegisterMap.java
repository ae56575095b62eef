package armvmm.bus;

import java.util.Arrays;

/**
 * A device's word registers by offset: decodes an access to its register in constant time and without
 * allocating (device accesses are a hot path), and names it for traces. The registers are an enum whose
 * constants carry their offsets, so the enum reads as the TRM's register table.
 */
public final class RegisterMap<R extends Enum<R> & RegisterMap.Register> {
    /** An enum constant that is one register at a fixed, word-aligned offset. */
    public interface Register {
        int offset();
    }

    private final R[] byWord;

    private RegisterMap(R[] byWord) { this.byWord = byWord; }

    public static <R extends Enum<R> & Register> RegisterMap<R> of(Class<R> type) {
        R[] all = type.getEnumConstants();
        int maxWord = 0;
        for (R r : all) {
            if ((r.offset() & 3) != 0) throw new IllegalArgumentException(r + " is not word-aligned");
            maxWord = Math.max(maxWord, r.offset() / 4);
        }
        R[] byWord = Arrays.copyOf(all, maxWord + 1);
        Arrays.fill(byWord, null);
        for (R r : all) {
            if (byWord[r.offset() / 4] != null) throw new IllegalArgumentException(r + " shares its offset with " + byWord[r.offset() / 4]);
            byWord[r.offset() / 4] = r;
        }
        return new RegisterMap<>(byWord);
    }

    /** The register at {@code offset}, or null: nothing there, or not the first byte of a register. */
    public R at(long offset) {
        long word = offset >>> 2;
        return (offset & 3) == 0 && offset >= 0 && word < byWord.length ? byWord[(int) word] : null;
    }
}
