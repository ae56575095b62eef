package armvmm.tcg.difftest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-picked sequences: the corners random generation reaches rarely (flag boundaries, shifts by 32 and
 * more, saturation, division by zero, NaN propagation, directed rounding, flush-to-zero, IT blocks).
 * {@code main} assembles them with arm-none-eabi-as, runs them on qemu-arm and writes
 * src/test/resources/difftest/handpicked.txt, which {@link CuratedDiffTest} then runs without either tool.
 */
public final class HandPicked {
    /** One sequence: assembly (";" separates lines), Thumb or not, r0-r3 and APSR, FPSCR, s0-s3 / d0-d1 bit patterns. */
    record Snippet(String asm, boolean thumb, int[] r, int apsr, int fpscr, long[] d) {}

    static Snippet a(String asm, int... r) { return new Snippet(asm, false, r, 0, 0, new long[0]); }

    static Snippet t(String asm, int... r) { return new Snippet(asm, true, r, 0, 0, new long[0]); }

    static Snippet fp(String asm, int fpscr, long... d) { return new Snippet(asm, false, new int[0], 0, fpscr, d); }

    static Snippet withApsr(Snippet s, int apsr) { return new Snippet(s.asm, s.thumb, s.r, apsr, s.fpscr, s.d); }

    static final int C = 1 << 29, Q = 1 << 27;
    static final int RN = 0, RP = 1 << 22, RM = 2 << 22, RZ = 3 << 22, FZ = 1 << 24, DN = 1 << 25;
    static final long SNAN_F = 0x7fa00000L, QNAN_F = 0x7fc00001L, ONE_F = 0x3f800000L, DENORM_F = 0x00000001L, MAX_F = 0x7f7fffffL;

    static List<Snippet> snippets() {
        List<Snippet> l = new ArrayList<>();
        // Integer flags at their boundaries.
        l.add(a("adds r0, r1, r2", 0, 0x7fffffff, 1));
        l.add(a("adds r0, r1, r2", 0, 0xffffffff, 1));
        l.add(a("subs r0, r1, r2", 0, 0, 1));
        l.add(a("subs r0, r1, r2", 0, 0x80000000, 1));
        l.add(withApsr(a("adcs r0, r1, r2", 0, 0xffffffff, 0), C));
        l.add(a("sbcs r0, r1, r2", 0, 0, 0));
        l.add(a("rscs r0, r1, #0", 0, 0x80000000));
        // Shifts: immediate 32 forms, by register 0, 32, 33, 255, RRX.
        for (int s : new int[] {0, 1, 31, 32, 33, 255, 256}) {
            l.add(a("movs r0, r1, lsl r2", 0, 0x80000001, s));
            l.add(a("movs r0, r1, lsr r2", 0, 0x80000001, s));
            l.add(a("movs r0, r1, asr r2", 0, 0x80000001, s));
            l.add(a("movs r0, r1, ror r2", 0, 0x80000001, s));
        }
        l.add(a("movs r0, r1, lsr #32", 0, 0x80000000));
        l.add(a("movs r0, r1, asr #32", 0, 0x80000000));
        l.add(withApsr(a("movs r0, r1, rrx", 0, 0x3), C));
        l.add(a("movs r0, r1, rrx", 0, 0x3));
        // Saturation and Q.
        l.add(a("qadd r0, r1, r2", 0, 0x7fffffff, 1));
        l.add(a("qsub r0, r1, r2", 0, 0x80000000, 1));
        l.add(a("qdadd r0, r1, r2", 0, 1, 0x40000000));
        l.add(a("ssat r0, #8, r1", 0, 0x80));
        l.add(a("ssat r0, #8, r1", 0, 0xffffff7f));
        l.add(a("usat r0, #8, r1", 0, 0x100));
        l.add(a("usat r0, #8, r1", 0, 0xffffffff));
        l.add(a("ssat16 r0, #4, r1", 0, 0x7fff8000));
        l.add(a("smlabb r0, r1, r2, r3", 0, 0x8000, 0x8000, 0x7fffffff));
        l.add(a("smuad r0, r1, r2", 0, 0x80008000, 0x80008000));
        // Division by zero and the one overflowing quotient.
        l.add(a("sdiv r0, r1, r2", 0, 5, 0));
        l.add(a("udiv r0, r1, r2", 0, 5, 0));
        l.add(a("sdiv r0, r1, r2", 0, 0x80000000, 0xffffffff));
        l.add(a("sdiv r0, r1, r2", 0, 0xfffffff9, 2));
        // Long multiplies, GE and SEL, bit operations.
        l.add(a("smull r0, r1, r2, r3", 0, 0, 0x80000000, 0x80000000));
        l.add(a("umaal r0, r1, r2, r3", 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff));
        l.add(a("uadd8 r0, r1, r2; sel r3, r1, r2", 0, 0xff01ff01, 0x01ff0001));
        l.add(a("ssub16 r0, r1, r2; sel r3, r1, r2", 0, 0x00018000, 0x00027fff));
        l.add(a("clz r0, r1", 0, 0));
        l.add(a("rbit r0, r1; rev r2, r1; revsh r3, r1", 0, 0x12345680));
        l.add(a("bfi r0, r1, #31, #1; ubfx r2, r1, #0, #32; sbfx r3, r1, #31, #1", 0x7fffffff, 1));
        l.add(a("msr APSR_nzcvq, #0xf8000000; msr APSR_g, r1; mrs r0, APSR", 0, 0x000f0000));
        l.add(a("usad8 r0, r1, r2", 0, 0x00ff00ff, 0xff00ff00));
        // T32: IT blocks, flag-setting 16-bit forms outside IT and not inside.
        l.add(t("cmp r0, r1; ite eq; moveq r2, #1; movne r2, #2", 5, 5));
        l.add(t("cmp r0, r1; ite eq; moveq r2, #1; movne r2, #2", 5, 6));
        l.add(t("adds r0, r1, r2; itt cs; addcs r3, r3, #1; addcs r0, r0, #7", 0, 0xffffffff, 1, 0));
        l.add(t("movs r0, #0; it eq; addeq r0, r1, r2", 0, 3, 4));
        l.add(t("cmp r1, #0; itete ne; movne r0, #1; moveq r0, #2; addne r0, r0, #4; addeq r0, r0, #8", 0, 1));
        l.add(t("udiv r0, r1, r2; mls r3, r0, r2, r1", 0, 100, 7, 0));
        l.add(t("smlal r0, r1, r2, r3", 1, 2, 0xffffffff, 0x7fffffff));
        // VFP: NaN propagation, infinities, division by zero, invalid operations, rounding, flush-to-zero.
        l.add(fp("vadd.f32 s0, s2, s3", RN, 0, SNAN_F | QNAN_F << 32));
        l.add(fp("vadd.f32 s0, s2, s3", RN, 0, QNAN_F | SNAN_F << 32));
        l.add(fp("vadd.f32 s0, s2, s3", DN, 0, SNAN_F | ONE_F << 32));
        l.add(fp("vdiv.f32 s0, s2, s3", RN, 0, ONE_F));
        l.add(fp("vsqrt.f32 s0, s2", RN, 0, 0xbf800000L));
        l.add(fp("vmul.f32 s0, s2, s3", RN, 0, 0x7f800000L));
        for (int rm : new int[] {RN, RP, RM, RZ}) {
            l.add(fp("vadd.f32 s0, s2, s3", rm, 0, ONE_F | 0x33800000L << 32));
            l.add(fp("vmul.f32 s0, s2, s3", rm, 0, MAX_F | 0x40000000L << 32));
            l.add(fp("vcvtr.s32.f32 s0, s2", rm, 0, 0x3fc00000L));
            l.add(fp("vcvtr.s32.f32 s0, s2", rm, 0, 0xbfc00000L));
            l.add(fp("vdiv.f64 d0, d1, d2", rm, 0, 0x3ff0000000000000L, 0x4008000000000000L));
        }
        l.add(fp("vadd.f32 s0, s2, s3", FZ, 0, DENORM_F | DENORM_F << 32));
        l.add(fp("vmul.f32 s0, s2, s3", FZ, 0, 0x00800000L | 0x3f000000L << 32));
        l.add(fp("vmul.f32 s0, s2, s3", RN, 0, 0x00800000L | 0x3f000000L << 32));
        l.add(fp("vcvt.s32.f32 s0, s2", RN, 0, 0x7f800000L));
        l.add(fp("vcvt.u32.f32 s0, s2", RN, 0, 0xbf800000L));
        l.add(fp("vcvt.s32.f32 s0, s2", RN, 0, QNAN_F));
        l.add(fp("vcvt.f32.f64 s0, d1", RN, 0, 0x3ff0000010000000L));
        l.add(fp("vcvt.f32.f64 s0, d1", RZ, 0, 0x47efffffffffffffL));
        l.add(fp("vfma.f32 s0, s2, s3", RN, 0x3f800000L, 0x3f800001L | 0x3f7ffffeL << 32));
        l.add(fp("vmla.f32 s0, s2, s3", RN, 0x3f800000L, 0x3f800001L | 0x3f7ffffeL << 32));
        l.add(fp("vcmpe.f32 s2, s3; vmrs APSR_nzcv, fpscr", RN, 0, QNAN_F | ONE_F << 32));
        l.add(fp("vcmp.f32 s2, s3; vmrs APSR_nzcv, fpscr", RN, 0, ONE_F | ONE_F << 32));
        l.add(fp("vcvtb.f16.f32 s0, s2; vcvtt.f32.f16 s1, s2", RN, 0, 0x477ff000L));
        // Advanced SIMD: saturation sets QC, reciprocal estimates, counts, standard FPSCR value.
        l.add(fp("vqadd.s8 d0, d1, d2", RN, 0, 0x7f7f7f7f80808080L, 0x0101010180808080L));
        l.add(fp("vqdmulh.s16 d0, d1, d2", RN, 0, 0x8000800080008000L, 0x8000800080008000L));
        l.add(fp("vrecpe.f32 d0, d1", RN, 0, 0x3f80000040000000L));
        l.add(fp("vrsqrte.u32 d0, d1", RN, 0, 0x80000000c0000000L));
        l.add(fp("vcnt.8 d0, d1; vclz.i16 d2, d1", RN, 0, 0xff00f00f00010000L));
        l.add(fp("vadd.f32 d0, d1, d2", RP | FZ, 0, 0x0000000100000001L, 0x3f8000003f800000L));
        l.add(fp("vtbl.8 d0, {d1}, d2", RN, 0, 0x0706050403020100L, 0x0008ff0701030507L));
        return l;
    }

    /** Assembles {@code asm} (";" separates lines) with arm-none-eabi-as and returns the code bytes. */
    static byte[] assemble(String asm, boolean thumb, Path dir) throws IOException, InterruptedException {
        Path src = dir.resolve("s.s"), obj = dir.resolve("s.o"), bin = dir.resolve("s.bin");
        Files.writeString(src, ".syntax unified\n.cpu cortex-a15\n.fpu neon-vfpv4\n" + (thumb ? ".thumb\n" : ".arm\n")
                + asm.replace(";", "\n") + "\n");
        run(dir, "arm-none-eabi-as", "-o", obj.toString(), src.toString());
        run(dir, "arm-none-eabi-objcopy", "-O", "binary", "-j", ".text", obj.toString(), bin.toString());
        return Files.readAllBytes(bin);
    }

    private static void run(Path dir, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + ": " + out);
    }

    static DiffCase toCase(Snippet s, byte[] code) {
        int[] regs = new int[14];
        for (int i = 0; i < s.r.length; i++) regs[i] = s.r[i];
        regs[12] = DiffCase.DATA + 2048; // not used by these snippets, but a sane pointer
        long[] d = new long[32];
        for (int i = 0; i < s.d.length; i++) d[i] = s.d[i];
        return new DiffCase(s.thumb, code, regs, s.apsr, s.fpscr, d, 1);
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path tmp = Files.createTempDirectory("handpicked");
        List<DiffCase> cases = new ArrayList<>();
        for (Snippet s : snippets()) cases.add(toCase(s, assemble(s.asm, s.thumb, tmp)));
        List<DiffResult> results = new QemuArmOracle(QemuArmOracle.findQemuArm(), DiffTool.harness()).run(cases);
        StringBuilder sb = new StringBuilder("# hand-picked cases (HandPicked.java), results recorded from qemu-arm (cortex-a15)\n");
        List<Snippet> sn = snippets();
        for (int i = 0; i < cases.size(); i++)
            sb.append("# ").append(sn.get(i).asm).append('\n').append(cases.get(i).toLine()).append(" | ")
                    .append(results.get(i).toLine(cases.get(i).data())).append('\n');
        Files.writeString(out, sb);
        System.out.println(cases.size() + " hand-picked cases written to " + out);
    }
}
