package armvmm.tcg.difftest;

import java.util.HexFormat;

/** The 4 KiB data block of a case: made from a seed, and its changes written as 16-byte rows. */
final class DataBlock {
    private DataBlock() {}

    /** A data block filled from {@code seed}: cases store the seed instead of 4 KiB. */
    static byte[] fromSeed(long seed) {
        byte[] data = new byte[DiffCase.DATA_SIZE];
        new java.util.SplittableRandom(seed).nextBytes(data);
        return data;
    }

    /** The 16-byte rows of {@code data} that differ from {@code base}, as offset:hex;... ("-" when none). */
    static String changes(byte[] data, byte[] base) {
        HexFormat h = HexFormat.of();
        StringBuilder sb = new StringBuilder();
        for (int row = 0; row < data.length; row += 16) {
            if (java.util.Arrays.equals(data, row, row + 16, base, row, row + 16)) continue;
            if (sb.length() > 0) sb.append(';');
            sb.append(Integer.toHexString(row)).append(':').append(h.formatHex(data, row, row + 16));
        }
        return sb.length() == 0 ? "-" : sb.toString();
    }

    /** {@code base} with the rows of a {@link #changes} string applied. */
    static byte[] applyChanges(byte[] base, String s) {
        byte[] data = base.clone();
        if (s.equals("-")) return data;
        HexFormat h = HexFormat.of();
        for (String row : s.split(";")) {
            int colon = row.indexOf(':');
            byte[] bytes = h.parseHex(row.substring(colon + 1));
            System.arraycopy(bytes, 0, data, Integer.parseInt(row.substring(0, colon), 16), bytes.length);
        }
        return data;
    }
}
