package armvmm.isa.vfp;


import armvmm.isa.cpu.Undefined;
import armvmm.isa.decode.Insn;
import armvmm.isa.decode.UndefinedInsn;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Replays random encodings recorded on qemu-arm (-cpu cortex-a15), through the extension decoder and the
 * executors: Advanced SIMD data processing (1111001U ...) and VFP data processing (cp10/cp11 CDP space). For
 * each,
 * the FPSCR before, a seed from which all 32 D registers are generated (random bits, small integers, and
 * special single-precision values), and either UNDEF (qemu raised SIGILL) or the FPSCR after and every D
 * register that changed. The generator is src/test/resources/armvmm/isa/vfp/gen-random-encodings.c;
 * {@code -Dneon.vectors=FILE} and
 * {@code -Dvfp.encodings=FILE} replay bigger files.
 */
class RandomEncodingsTest {

    private static final long[] SPECIALS = {0, 0x80000000L, 0x3f800000L, 0xbf800000L, 0x7f800000L, 0xff800000L,
        0x7fc00000L, 0x7f800001L, 0x00000001L, 0x00800000L, 0x4b000000L, 0x3f000000L, 0x40490fdbL, 0xc2c80000L,
        0x7f7fffffL, 0};


    private long special(long r) {
        int k = (int) Long.remainderUnsigned(r, 16);
        return k == 15 ? (r >>> 8) & 0xffffffffL : SPECIALS[k];
    }

    /** The generator's register contents for a seed (same xorshift and choices as the C side). */
    void fill(long seed, long[] d) {
        RecordedVectors.Xorshift rnd = new RecordedVectors.Xorshift(seed);
        for (int i = 0; i < 32; i++) {
            switch ((int) Long.remainderUnsigned(rnd.next(), 4)) {
                case 0 -> d[i] = rnd.next();
                case 1 -> d[i] = rnd.next() & 0x0303030303030303L;
                case 2 -> {
                    long lo = special(rnd.next());
                    d[i] = lo | (special(rnd.next()) << 32);
                }
                default -> d[i] = rnd.next() | 0x8000800080008000L;
            }
        }
    }

    @Test
    void advancedSimdDataProcessing() throws IOException {
        RecordedVectors.replay(RandomEncodingsTest.class, "/armvmm/isa/neon/neon-vectors.txt.gz", "neon.vectors", this::replay);
    }

    @Test
    void vfpDataProcessing() throws IOException {
        RecordedVectors.replay(RandomEncodingsTest.class, "vfp-encodings.txt.gz", "vfp.encodings", this::replay);
    }

    private String replay(String line) {
        String[] w = line.split(" ");
        int enc = (int) Long.parseLong(w[0], 16);
        int fpscrIn = (int) Long.parseLong(w[1], 16);
        long seed = Long.parseUnsignedLong(w[2], 16);
        TestMachine m = new TestMachine();
        Insn insn = m.decoder.decodeA32(enc, 0x1000);
        String name = insn == null ? "null" : insn.toString().replaceAll("[ .@].*", "");
        if (insn == null) {
            return String.format("%08x: not decoded", enc & 0xfff00ff0);
        }
        fill(seed, m.cpu.d);
        m.cpu.fpscr = fpscrIn;
        if (w[3].equals("UNDEF")) {
            // UNDEFINED at decode time, or (FPSCR.Len/Stride) when it executes.
            try {
                insn.execute(m.cpu);
            } catch (Undefined expected) {
                return null;
            }
            return name + ": executes what qemu finds UNDEFINED";
        }
        if (insn instanceof UndefinedInsn) {
            return String.format("%08x: UNDEFINED here, defined in qemu", enc & 0xfff00ff0);
        }
        long[] expected = m.cpu.d.clone();
        for (int i = 4; i < w.length; i++) {
            String[] kv = w[i].split(":");
            expected[Integer.parseInt(kv[0])] = Long.parseUnsignedLong(kv[1], 16);
        }
        int expectedFpscr = (int) Long.parseLong(w[3], 16);
        insn.execute(m.cpu);
        for (int i = 0; i < 32; i++) {
            if (m.cpu.d[i] != expected[i]) {
                return String.format("%s: d%d expected %016x got %016x", name, i, expected[i], m.cpu.d[i]);
            }
        }
        if (m.cpu.fpscr != expectedFpscr) {
            return String.format("%s: fpscr expected %08x got %08x", name, expectedFpscr, m.cpu.fpscr);
        }
        return null;
    }
}
