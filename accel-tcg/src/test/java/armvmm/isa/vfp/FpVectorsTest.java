package armvmm.isa.vfp;

import static armvmm.isa.vfp.FpFormat.DOUBLE;
import static armvmm.isa.vfp.FpFormat.SINGLE;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Replays recorded VFP results: each line is one instruction run by qemu-arm (-cpu cortex-a15) from a random
 * FPSCR (rounding mode, FZ, DN, AHP) and random operands biased towards the awkward ones (zeros, denormals,
 * infinities, both NaN kinds, values near overflow and underflow, near-cancelling pairs), with the result
 * and the FPSCR afterwards. The generator is src/test/resources/armvmm/isa/vfp/gen-vectors.c.
 * {@code -Dvfp.vectors=FILE} replays a bigger file instead.
 */
class FpVectorsTest {

    @Test
    void recordedResultsMatch() throws IOException {
        RecordedVectors.replay(FpVectorsTest.class, "vfp-vectors.txt.gz", "vfp.vectors", FpVectorsTest::check);
    }

    private static String check(String line) {
        String[] w = line.split(" ");
        int fpscrIn = (int) Long.parseLong(w[1], 16);
        long a = Long.parseUnsignedLong(w[2], 16);
        long b = Long.parseUnsignedLong(w[3], 16);
        long c = Long.parseUnsignedLong(w[4], 16);
        long expected = Long.parseUnsignedLong(w[5], 16);
        int expectedFpscr = (int) Long.parseLong(w[6], 16);
        FpStatus st = new FpStatus(fpscrIn);
        long got = run(w[0], a, b, c, st);
        if (got != expected || st.fpscr != expectedFpscr) {
            return String.format("%s: expected %x fpscr %08x, got %x fpscr %08x", w[0], expected, expectedFpscr, got,
                    st.fpscr);
        }
        return null;
    }

    /** One recorded operation; a and b are the sources (n, m), c the destination's old value (the addend). */
    static long run(String op, long a, long b, long c, FpStatus st) {
        int ctl = st.fpscr;
        return switch (op) {
            case "adds" -> FpArithmetic.add(SINGLE, a, b, ctl, st);
            case "subs" -> FpArithmetic.sub(SINGLE, a, b, ctl, st);
            case "muls" -> FpArithmetic.mul(SINGLE, a, b, ctl, st);
            case "divs" -> FpArithmetic.div(SINGLE, a, b, ctl, st);
            case "sqrts" -> FpArithmetic.sqrt(SINGLE, a, ctl, st);
            case "nmuls" -> FpArithmetic.nmul(SINGLE, a, b, ctl, st);
            case "mlas" -> FpArithmetic.mla(SINGLE, c, a, b, ctl, st);
            case "mlss" -> FpArithmetic.mls(SINGLE, c, a, b, ctl, st);
            case "nmlas" -> FpArithmetic.nmla(SINGLE, c, a, b, ctl, st);
            case "nmlss" -> FpArithmetic.nmls(SINGLE, c, a, b, ctl, st);
            case "fmas" -> FpArithmetic.fma(SINGLE, c, a, b, ctl, st);
            case "fmss" -> FpArithmetic.fms(SINGLE, c, a, b, ctl, st);
            case "fnmas" -> FpArithmetic.fnma(SINGLE, c, a, b, ctl, st);
            case "fnmss" -> FpArithmetic.fnms(SINGLE, c, a, b, ctl, st);
            case "addd" -> FpArithmetic.add(DOUBLE, a, b, ctl, st);
            case "subd" -> FpArithmetic.sub(DOUBLE, a, b, ctl, st);
            case "muld" -> FpArithmetic.mul(DOUBLE, a, b, ctl, st);
            case "divd" -> FpArithmetic.div(DOUBLE, a, b, ctl, st);
            case "sqrtd" -> FpArithmetic.sqrt(DOUBLE, a, ctl, st);
            case "nmuld" -> FpArithmetic.nmul(DOUBLE, a, b, ctl, st);
            case "mlad" -> FpArithmetic.mla(DOUBLE, c, a, b, ctl, st);
            case "mlsd" -> FpArithmetic.mls(DOUBLE, c, a, b, ctl, st);
            case "nmlad" -> FpArithmetic.nmla(DOUBLE, c, a, b, ctl, st);
            case "nmlsd" -> FpArithmetic.nmls(DOUBLE, c, a, b, ctl, st);
            case "fmad" -> FpArithmetic.fma(DOUBLE, c, a, b, ctl, st);
            case "fmsd" -> FpArithmetic.fms(DOUBLE, c, a, b, ctl, st);
            case "fnmad" -> FpArithmetic.fnma(DOUBLE, c, a, b, ctl, st);
            case "fnmsd" -> FpArithmetic.fnms(DOUBLE, c, a, b, ctl, st);
            case "cmps" -> cmp(SINGLE, a, b, false, st);
            case "cmpes" -> cmp(SINGLE, a, b, true, st);
            case "cmpzs" -> cmp(SINGLE, a, 0, false, st);
            case "cmpezs" -> cmp(SINGLE, a, 0, true, st);
            case "cmpd" -> cmp(DOUBLE, a, b, false, st);
            case "cmped" -> cmp(DOUBLE, a, b, true, st);
            case "ftosizs" -> FpConvert.toFixed(SINGLE, a, 32, 0, false, true, ctl, st) & 0xffffffffL;
            case "ftouizs" -> FpConvert.toFixed(SINGLE, a, 32, 0, true, true, ctl, st) & 0xffffffffL;
            case "ftosis" -> FpConvert.toFixed(SINGLE, a, 32, 0, false, false, ctl, st) & 0xffffffffL;
            case "ftouis" -> FpConvert.toFixed(SINGLE, a, 32, 0, true, false, ctl, st) & 0xffffffffL;
            case "ftosizd" -> FpConvert.toFixed(DOUBLE, a, 32, 0, false, true, ctl, st) & 0xffffffffL;
            case "ftouizd" -> FpConvert.toFixed(DOUBLE, a, 32, 0, true, true, ctl, st) & 0xffffffffL;
            case "ftosid" -> FpConvert.toFixed(DOUBLE, a, 32, 0, false, false, ctl, st) & 0xffffffffL;
            case "ftouid" -> FpConvert.toFixed(DOUBLE, a, 32, 0, true, false, ctl, st) & 0xffffffffL;
            case "cvtds" -> FpConvert.convert(SINGLE, DOUBLE, a, ctl, st);
            case "cvtsd" -> FpConvert.convert(DOUBLE, SINGLE, a, ctl, st);
            case "sitos" -> FpConvert.fromFixed(SINGLE, (int) a, 0, false, ctl, st);
            case "uitos" -> FpConvert.fromFixed(SINGLE, a, 0, false, ctl, st);
            case "sitod" -> FpConvert.fromFixed(DOUBLE, (int) a, 0, false, ctl, st);
            case "uitod" -> FpConvert.fromFixed(DOUBLE, a, 0, false, ctl, st);
            case "tosls5" -> FpConvert.toFixed(SINGLE, a, 32, 5, false, true, ctl, st) & 0xffffffffL;
            case "touh3" -> FpConvert.toFixed(SINGLE, a, 16, 3, true, true, ctl, st) & 0xffffffffL;
            case "tosh16" -> FpConvert.toFixed(SINGLE, a, 16, 16, false, true, ctl, st) & 0xffffffffL;
            case "toul32" -> FpConvert.toFixed(SINGLE, a, 32, 32, true, true, ctl, st) & 0xffffffffL;
            case "slto5" -> FpConvert.fromFixed(SINGLE, (int) a, 5, true, ctl, st);
            case "uhto3" -> FpConvert.fromFixed(SINGLE, a & 0xffff, 3, true, ctl, st);
            case "shto16" -> FpConvert.fromFixed(SINGLE, (short) a, 16, true, ctl, st);
            case "ulto32" -> FpConvert.fromFixed(SINGLE, a, 32, true, ctl, st);
            case "f32tohb" -> 0x12340000L | FpConvert.singleToHalf(a, ctl, st);
            case "f32toht" -> 0x5678L | (FpConvert.singleToHalf(a, ctl, st) << 16);
            case "htof32b" -> FpConvert.halfToSingle(a & 0xffff, ctl, st);
            case "htof32t" -> FpConvert.halfToSingle(a >>> 16, ctl, st);
            default -> throw new IllegalArgumentException("unknown recorded operation " + op);
        };
    }

    private static long cmp(FpFormat f, long a, long b, boolean e, FpStatus st) {
        int nzcv = FpCompare.compare(f, a, b, e, st.fpscr, st);
        st.fpscr = (st.fpscr & ~Fpscr.NZCV) | nzcv;
        return 0;
    }
}
