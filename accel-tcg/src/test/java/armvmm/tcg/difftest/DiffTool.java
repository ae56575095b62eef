package armvmm.tcg.difftest;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The risu-style differential tester: random sequences on the TCG CPU and on qemu-arm, compared.
 *
 * <pre>java ... armvmm.tcg.difftest.DiffTool ISA INSTRUCTIONS SEED [--record FILE]</pre>
 * ISA is A32, T32, VFP or NEON. Prints the seed, the counts and every mismatch (the case as a curated-file
 * line, and the differences). {@code --record} appends every case with qemu's result to FILE, which is how
 * the curated sets under src/test/resources/difftest were made.
 */
public final class DiffTool {
    public record Report(Isa isa, long seed, long instructions, long cases, long faults, List<String> mismatches) {
        public String summary() {
            return String.format("difftest %s seed=%d: %d instructions in %d cases (%d faulting on both), %d mismatches",
                    isa, seed, instructions, cases, faults, mismatches.size());
        }
    }

    static final int BATCH = 2000;

    public static Report run(Isa isa, long instructions, long seed, QemuArmOracle oracle, DiffTarget target, Path record, PrintStream log)
            throws IOException, InterruptedException {
        SplittableRandom rnd = new SplittableRandom(seed);
        long done = 0, cases = 0, faults = 0;
        List<String> mismatches = new ArrayList<>();
        while (done < instructions && mismatches.size() < 20) {
            List<DiffCase> batch = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) batch.add(CaseFactory.random(isa, rnd));
            List<DiffResult> expected = oracle.run(batch);
            StringBuilder rec = record == null ? null : new StringBuilder();
            for (int i = 0; i < batch.size() && done < instructions; i++) {
                DiffCase c = batch.get(i);
                DiffResult want = expected.get(i);
                DiffResult got = target.run(c);
                List<String> diff = got.diff(want);
                cases++;
                done += instructionCount(c);
                if (want.fault() != 0 && diff.isEmpty()) faults++;
                if (!diff.isEmpty()) {
                    String culprit = culprit(c, oracle, target);
                    String w = want.toLine(c.data());
                    String m = "first differing instruction " + culprit + "\n    " + c.toLine() + "\n    expected " + w.substring(0, Math.min(120, w.length()))
                            + "...\n    " + String.join("\n    ", diff);
                    mismatches.add(m);
                    if (log != null) log.println("MISMATCH " + isa + " seed=" + seed + " case " + cases + ": " + m);
                }
                if (rec != null) rec.append(c.toLine()).append(" | ").append(want.toLine(c.data())).append('\n');
            }
            if (rec != null) Files.writeString(record, rec, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
        return new Report(isa, seed, done, cases, faults, mismatches);
    }

    /**
     * The shortest prefix of the sequence whose results differ, named by its last instruction's encoding
     * (hex, as the instruction is written): what to look at first.
     */
    static String culprit(DiffCase c, QemuArmOracle oracle, DiffTarget target) throws IOException, InterruptedException {
        List<Integer> ends = new ArrayList<>();
        int inIt = 0; // instructions still to come in an IT block: a prefix never cuts one
        for (int i = 0; i < c.code().length; ) {
            int hw = (c.code()[i] & 0xff) | (c.code()[i + 1] & 0xff) << 8;
            i += !c.thumb() || (hw & 0xf800) >= 0xe800 ? 4 : 2;
            if (inIt > 0) inIt--;
            else if (c.thumb() && (hw & 0xff00) == 0xbf00 && (hw & 0xf) != 0) inIt = 4 - Integer.numberOfTrailingZeros(hw & 0xf);
            if (inIt == 0) ends.add(i);
        }
        List<DiffCase> prefixes = new ArrayList<>();
        for (int e : ends)
            prefixes.add(new DiffCase(c.thumb(), java.util.Arrays.copyOf(c.code(), e), c.regs(), c.apsr(), c.fpscr(), c.d(), c.dataSeed()));
        List<DiffResult> want = oracle.run(prefixes);
        int start = 0;
        for (int k = 0; k < prefixes.size(); k++) {
            int e = ends.get(k);
            if (!target.run(prefixes.get(k)).diff(want.get(k)).isEmpty()) {
                StringBuilder sb = new StringBuilder();
                byte[] code = c.code();
                if (!c.thumb()) sb.append(String.format("%08x", (code[start] & 0xff) | (code[start + 1] & 0xff) << 8 | (code[start + 2] & 0xff) << 16 | (code[start + 3] & 0xff) << 24));
                else for (int i = start; i < e; i += 2) sb.append(String.format("%04x", (code[i] & 0xff) | (code[i + 1] & 0xff) << 8));
                return sb + " (instruction " + (k + 1) + " of " + prefixes.size() + ")";
            }
            start = e;
        }
        return "none alone (the whole sequence differs)";
    }

    /** Instructions in a case's code (T32: a first halfword 0xe800 or above starts a 32-bit instruction). */
    static int instructionCount(DiffCase c) {
        if (!c.thumb()) return c.code().length / 4;
        int n = 0;
        for (int i = 0; i < c.code().length; ) {
            int hw = (c.code()[i] & 0xff) | (c.code()[i + 1] & 0xff) << 8;
            i += (hw & 0xf800) >= 0xe800 ? 4 : 2;
            n++;
        }
        return n;
    }

    public static Path harness() {
        String root = System.getProperty("armvmm.repo.root");
        Path base = root != null ? Path.of(root) : Path.of("").toAbsolutePath();
        for (Path p = base; p != null; p = p.getParent()) {
            Path h = p.resolve("guests/difftest/harness.elf");
            if (Files.exists(h)) return h;
        }
        throw new IllegalStateException("guests/difftest/harness.elf not found above " + base);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: DiffTool A32|T32|VFP|NEON INSTRUCTIONS SEED [--record FILE]");
            System.exit(2);
        }
        Isa isa = Isa.valueOf(args[0]);
        long count = Long.parseLong(args[1]);
        long seed = Long.parseLong(args[2]);
        Path record = args.length > 4 && args[3].equals("--record") ? Path.of(args[4]) : null;
        Path qemu = QemuArmOracle.findQemuArm();
        if (qemu == null) {
            System.err.println("DiffTool: qemu-arm not found (Debian package qemu-user)");
            System.exit(2);
        }
        Report r = run(isa, count, seed, new QemuArmOracle(qemu, harness()), new TcgTarget(), record, System.out);
        System.out.println(r.summary());
        System.exit(r.mismatches().isEmpty() ? 0 : 1);
    }
}
