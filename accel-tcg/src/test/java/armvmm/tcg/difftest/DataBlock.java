package armvmm.tcg.difftest;

import java.util.HexFormat;

/** The 4 KiB data block written compactly: only its non-zero 16-byte rows, as offset:hex;... ("-" when all zero). */
final class DataBlock {
    private DataBlock() {}

    static String sparse(byte[] data) {
        HexFormat h = HexFormat.of();
        StringBuilder sb = new StringBuilder();
        for (int row = 0; row < data.length; row += 16) {
            boolean zero = true;
            for (int i = row; i < row + 16; i++) zero &= data[i] == 0;
            if (zero) continue;
            if (sb.length() > 0) sb.append(';');
            sb.append(Integer.toHexString(row)).append(':').append(h.formatHex(data, row, row + 16));
        }
        return sb.length() == 0 ? "-" : sb.toString();
    }

    static byte[] fromSparse(String s) {
        byte[] data = new byte[DiffCase.DATA_SIZE];
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
