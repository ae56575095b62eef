package armvmm.fdt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real dtc (Debian package device-tree-compiler), run as the reference for the FDT tests. */
public final class Dtc {
    private Dtc() {}

    public static final String MISSING = "dtc (Debian package device-tree-compiler) is not installed";

    public static boolean available() {
        try {
            return run(List.of("dtc", "--version"), null).exitCode == 0;
        } catch (IOException e) {
            return false;
        }
    }

    public static byte[] compile(String dts) throws IOException {
        Result r = run(List.of("dtc", "-q", "-I", "dts", "-O", "dtb", "-o", "-", "-"), dts.getBytes(StandardCharsets.UTF_8));
        if (r.exitCode != 0) throw new IOException("dtc failed to compile: " + new String(r.err, StandardCharsets.UTF_8) + "\n" + dts);
        return r.out;
    }

    public static String decompile(byte[] dtb) throws IOException {
        Result r = run(List.of("dtc", "-q", "-I", "dtb", "-O", "dts", "-o", "-", "-"), dtb);
        if (r.exitCode != 0) throw new IOException("dtc failed to decompile: " + new String(r.err, StandardCharsets.UTF_8));
        return new String(r.out, StandardCharsets.UTF_8);
    }

    private record Result(int exitCode, byte[] out, byte[] err) {}

    private static Result run(List<String> cmd, byte[] stdin) throws IOException {
        Path err = Files.createTempFile("dtc", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            if (stdin != null) p.getOutputStream().write(stdin);
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("dtc timed out");
            }
            return new Result(p.exitValue(), out, Files.readAllBytes(err));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
