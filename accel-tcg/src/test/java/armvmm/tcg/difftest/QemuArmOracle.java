package armvmm.tcg.difftest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs cases on qemu-arm (Debian's qemu-user) through guests/difftest/harness.elf, a batch per process. */
public final class QemuArmOracle {
    private final Path qemu;
    private final Path harness;

    public QemuArmOracle(Path qemu, Path harness) {
        this.qemu = qemu;
        this.harness = harness;
    }

    /** qemu-arm on the PATH, or null. */
    public static Path findQemuArm() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, "qemu-arm");
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    public List<DiffResult> run(List<DiffCase> cases) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(qemu.toString(), "-cpu", "cortex-a15", harness.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        try (OutputStream in = p.getOutputStream()) {
            for (DiffCase c : cases) in.write(c.encode());
        }
        byte[] bytes = out.join();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("qemu-arm did not finish");
        }
        if (bytes.length != cases.size() * DiffResult.RECORD)
            throw new IOException("qemu-arm returned " + bytes.length / DiffResult.RECORD + " of " + cases.size() + " results (exit " + p.exitValue() + ")");
        List<DiffResult> results = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            byte[] rec = new byte[DiffResult.RECORD];
            System.arraycopy(bytes, i * DiffResult.RECORD, rec, 0, rec.length);
            results.add(DiffResult.decode(rec));
        }
        return results;
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
