package armvmm.tcg.difftest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The state after a sequence: r0-r12 and r14, APSR (compared on NZCVQ and GE only), FPSCR, d0-d31 and
 * the data block; or a fault (signal 4 for UNDEFINED, 11 or 7 for an abort).
 */
public record DiffResult(int fault, int[] regs, int apsr, int fpscr, long[] d, byte[] data) {
    /** NZCVQ and GE[3:0]: the APSR bits user code can see. */
    public static final int APSR_MASK = 0xf80f0000;
    static final int RSLT = 0x544c5352, FALT = 0x544c4146;
    public static final int SIGILL = 4, SIGBUS = 7, SIGSEGV = 11;

    public static DiffResult ofFault(int signal) {
        return new DiffResult(signal, new int[14], 0, 0, new long[32], new byte[DiffCase.DATA_SIZE]);
    }

    static DiffResult decode(byte[] rec) {
        ByteBuffer b = ByteBuffer.wrap(rec).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt();
        if (magic == FALT) return ofFault(b.getInt());
        if (magic != RSLT) throw new IllegalStateException("harness output out of step (magic " + Integer.toHexString(magic) + ")");
        int[] regs = new int[14];
        for (int i = 0; i < 14; i++) regs[i] = b.getInt();
        int apsr = b.getInt(), fpscr = b.getInt();
        long[] d = new long[32];
        for (int i = 0; i < 32; i++) d[i] = b.getLong();
        byte[] data = new byte[DiffCase.DATA_SIZE];
        b.get(data);
        return new DiffResult(0, regs, apsr, fpscr, d, data);
    }

    static final int RECORD = 4 + 80 * 4 + DiffCase.DATA_SIZE;

    /** Differences from {@code expected}, as readable lines; empty when they agree. */
    public List<String> diff(DiffResult expected) {
        List<String> out = new ArrayList<>();
        if (fault != expected.fault) {
            out.add("fault: got " + describe(fault) + ", expected " + describe(expected.fault));
            return out;
        }
        if (fault != 0) return out;
        for (int i = 0; i < 14; i++)
            if (regs[i] != expected.regs[i]) out.add(String.format("%s: got %08x, expected %08x", i == 13 ? "lr" : "r" + i, regs[i], expected.regs[i]));
        if (((apsr ^ expected.apsr) & APSR_MASK) != 0)
            out.add(String.format("apsr: got %08x, expected %08x", apsr & APSR_MASK, expected.apsr & APSR_MASK));
        if (fpscr != expected.fpscr) out.add(String.format("fpscr: got %08x, expected %08x", fpscr, expected.fpscr));
        for (int i = 0; i < 32; i++)
            if (d[i] != expected.d[i]) out.add(String.format("d%d: got %016x, expected %016x", i, d[i], expected.d[i]));
        if (!Arrays.equals(data, expected.data)) {
            for (int i = 0; i < data.length; i++)
                if (data[i] != expected.data[i]) {
                    out.add(String.format("data+0x%x: got %02x, expected %02x (first difference)", i, data[i] & 0xff, expected.data[i] & 0xff));
                    break;
                }
        }
        return out;
    }

    static String describe(int f) {
        return switch (f) {
            case 0 -> "no fault";
            case SIGILL -> "UNDEFINED (SIGILL)";
            case SIGSEGV, SIGBUS -> "abort (signal " + f + ")";
            default -> "signal " + f;
        };
    }

    /** One line: the result's data block written as the rows that differ from the case's initial block. */
    public String toLine(byte[] initialData) {
        if (fault != 0) return "F" + fault;
        StringBuilder sb = new StringBuilder("R ");
        for (int i = 0; i < 14; i++) sb.append(i == 0 ? "" : ",").append(Integer.toHexString(regs[i]));
        sb.append(' ').append(Integer.toHexString(apsr & APSR_MASK)).append(' ').append(Integer.toHexString(fpscr)).append(' ');
        for (int i = 0; i < 32; i++) sb.append(i == 0 ? "" : ",").append(Long.toHexString(d[i]));
        sb.append(' ').append(DataBlock.changes(data, initialData));
        return sb.toString();
    }

    public static DiffResult fromLine(String line, byte[] initialData) {
        String[] f = line.trim().split(" ");
        if (f[0].startsWith("F")) return ofFault(Integer.parseInt(f[0].substring(1)));
        int[] regs = Arrays.stream(f[1].split(",")).mapToInt(s -> Integer.parseUnsignedInt(s, 16)).toArray();
        long[] d = Arrays.stream(f[4].split(",")).mapToLong(s -> Long.parseUnsignedLong(s, 16)).toArray();
        return new DiffResult(0, regs, Integer.parseUnsignedInt(f[2], 16), Integer.parseUnsignedInt(f[3], 16), d,
                DataBlock.applyChanges(initialData, f[5]));
    }
}
