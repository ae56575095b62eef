package armvmm.isa.decode;

import static org.junit.jupiter.api.Assertions.*;

import armvmm.cpu.cortexa15.CortexA15;
import armvmm.fuzz.FuzzCampaign;
import armvmm.fuzz.FuzzInput;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fuzz targets for the A32, T32, VFP and Advanced SIMD decoders: any word (with any PC and, in T32, any
 * ITSTATE) decodes to an instruction or to UNDEFINED, with the size, state and PC it was decoded for, and
 * never to a Java exception. The VFP and NEON targets put their words into the encoding spaces the
 * extension decoder owns, through the same A32/T32 decoders the CPU uses, so they reach the deep tables
 * rather than the top-level UNDEFINED ones.
 */
public class DecoderFuzzTest {
    /** The machine's decoders as TcgInstance builds them: the extensions, cp14/cp15 through the registry. */
    static final Decoders DECODERS = Decoders.of(Decoders.loadExtensions(), new CpDecoder(CortexA15.registry(List.of())));
    /** Words per input: one input decodes several, so a short input still explores. */
    private static final int WORDS = 16;
    private static final int SUITE_INPUTS = 4000;
    private static final Duration SUITE_CAP = Duration.ofSeconds(3);

    private static void checkA32(int word, int pc) {
        Insn d = DECODERS.a32().decode(word, pc);
        String what = String.format("A32 %08x at %08x -> %s", word, pc, d);
        assertNotNull(d, what);
        assertEquals(4, d.size, what);
        assertFalse(d.thumb, what);
        assertEquals(pc, d.pc, what);
        assertTrue(d.cond >= 0 && d.cond <= 15, what);
    }

    private static void checkT32(int hw1, int hw2, int pc, int itState) {
        Insn d = DECODERS.t32().decode(hw1, hw2, pc, itState);
        String what = String.format("T32 %04x %04x at %08x IT %02x -> %s", hw1, hw2, pc, itState, d);
        assertNotNull(d, what);
        assertEquals(T32Decoder.is32(hw1) ? 4 : 2, d.size, what);
        assertTrue(d.thumb, what);
        assertEquals(pc, d.pc, what);
    }

    public static void a32(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        for (int i = 0; i < WORDS && !in.exhausted(); i++) checkA32(in.u32(), in.u32());
    }

    public static void t32(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        for (int i = 0; i < WORDS && !in.exhausted(); i++) {
            int hw1 = in.u16(), hw2 = in.u16(), pc = in.u32() & ~1, it = in.u8();
            checkT32(hw1, hw2, pc, it);
        }
    }

    /** Coprocessor 10/11 encodings in A32 (any cond) and in T32 (0xEC..0xEF and 0xFC..0xFF first halfwords). */
    public static void vfp(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        for (int i = 0; i < WORDS && !in.exhausted(); i++) {
            int w = in.u32(), pc = in.u32();
            int cp = 10 + (w >>> 31 & 1);
            int coprocSpace = (w & 0xf0ffffff & ~0xf00) | ((0xc + (w >>> 24 & 3)) << 24) | (cp << 8);
            checkA32(coprocSpace, pc);
            int t = (coprocSpace & 0x0fffffff) | (in.bool() ? 0xe0000000 : 0xf0000000);
            checkT32(t >>> 16, t & 0xffff, pc & ~1, in.u8());
        }
    }

    /** Advanced SIMD data processing (1111001U) and element/structure load/store (11110100), A32 and T32 forms. */
    public static void neon(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        for (int i = 0; i < WORDS && !in.exhausted(); i++) {
            int w = in.u32(), pc = in.u32(), low = w & 0x00ffffff;
            int a32 = low | (in.pick(0xf2, 0xf3, 0xf4) << 24);
            checkA32(a32, pc);
            int t32 = low | (in.pick(0xef, 0xff, 0xf9) << 24);
            checkT32(t32 >>> 16, t32 & 0xffff, pc & ~1, in.u8());
        }
    }

    @FuzzTest(maxDuration = "10m") void a32Fuzz(byte[] data) { a32(data); }
    @FuzzTest(maxDuration = "10m") void t32Fuzz(byte[] data) { t32(data); }
    @FuzzTest(maxDuration = "10m") void vfpFuzz(byte[] data) { vfp(data); }
    @FuzzTest(maxDuration = "10m") void neonFuzz(byte[] data) { neon(data); }

    @Test void a32Random() { FuzzCampaign.run("a32", SUITE_INPUTS, 8 * WORDS, SUITE_CAP, DecoderFuzzTest::a32); }
    @Test void t32Random() { FuzzCampaign.run("t32", SUITE_INPUTS, 9 * WORDS, SUITE_CAP, DecoderFuzzTest::t32); }
    @Test void vfpRandom() { FuzzCampaign.run("vfp", SUITE_INPUTS, 10 * WORDS, SUITE_CAP, DecoderFuzzTest::vfp); }
    @Test void neonRandom() { FuzzCampaign.run("neon", SUITE_INPUTS, 10 * WORDS, SUITE_CAP, DecoderFuzzTest::neon); }
}
