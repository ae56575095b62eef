package armvmm.dist;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installable distribution: scripts/package runs once over the jars in target/lib, then the tarball
 * boots the demo on its own Java runtime with no java on the PATH, and the Debian package installs with
 * apt-get, boots it as {@code vmm run} from the PATH and uninstalls.
 *
 * <p>target/lib is made by the package phase, after the test phase, so dist/pom.xml runs this class (by its
 * tag) in the integration-test phase and hands it the directory as armvmm.package.lib; jarring target/classes here
 * instead would package something other than what bin/vmm runs. Packaging takes about 25 s on a busy
 * 2-core host (jlink 12 s of it), the tarball's boot 2 s, the .deb's install, boot and removal about 15 s.
 */
@Tag("package")
@EnabledIfSystemProperty(named = "armvmm.package.lib", matches = ".+",
        disabledReason = "runs in the integration-test phase (mvn verify), once the package phase has made target/lib")
class PackageTest {
    @TempDir
    static Path tmp;

    private static Path out;
    private static Path tarball;
    private static Path deb;

    record Result(int exit, String stdout, String stderr) {}

    @BeforeAll
    static void makeThePackages() throws Exception {
        String lib = System.getProperty("armvmm.package.lib");
        Path jdk = Path.of(System.getProperty("java.home"));
        assumeTrue(Files.isExecutable(jdk.resolve("bin/jlink")), "the test JVM at " + jdk + " has no jlink (a JRE, not a JDK)");
        Path root = Path.of(System.getProperty("armvmm.repo.root"));
        out = Files.createDirectories(tmp.resolve("out"));
        long t0 = System.nanoTime();
        Result r = run(List.of("bash", root.resolve("scripts/package").toString(), "--lib", lib, "--out", out.toString()),
                Map.of("JAVA_HOME", jdk.toString(), "PATH", System.getenv("PATH")), 600);
        System.out.printf("PackageTest: scripts/package took %.1f s%n", (System.nanoTime() - t0) / 1e9);
        assertEquals(0, r.exit(), r.stderr());
        for (String line : r.stdout().split("\n")) {
            if (line.endsWith(".tar.gz")) tarball = Path.of(line);
            if (line.endsWith(".deb")) deb = Path.of(line);
        }
        assertNotNull(tarball, "no tarball named in: " + r.stdout());
        assertTrue(Files.isRegularFile(tarball), tarball.toString());
    }

    /** Runs {@code cmd} with exactly {@code env} as its environment (nothing inherited), stdin empty. */
    private static Result run(List<String> cmd, Map<String, String> env, long timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Path o = Files.createTempFile(tmp, "stdout", ".txt"), e = Files.createTempFile(tmp, "stderr", ".txt");
        pb.redirectOutput(o.toFile()).redirectError(e.toFile());
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(cmd + " did not end in " + timeoutSeconds + " s; stderr: " + Files.readString(e));
        }
        return new Result(p.exitValue(), Files.readString(o, StandardCharsets.UTF_8), Files.readString(e, StandardCharsets.UTF_8));
    }

    private static void assertDemoRan(Result r) {
        String printed = r.stdout();
        assertEquals(0, r.exit(), "stderr: " + r.stderr() + "\nstdout:\n" + printed);
        assertTrue(printed.contains("armvmm demo guest: hello from the vexpress-a15 board\r\n"), printed);
        for (int i = 1; i <= 5; i++) assertTrue(printed.contains("demo: timer interrupt " + i + " (GIC interrupt ID 27)\r\n"), printed);
        assertTrue(printed.endsWith("demo: powering off through SYS_CFGCTRL\r\n"), printed);
    }

    /** The demo's run, with --serial stdio: its UART output is the launcher's standard output. */
    private static final List<String> RUN_DEMO = List.of("run", "--accel", "tcg", "--memory", "64M", "--serial", "stdio", "--timeout", "60");

    @Test
    void theTarballBootsTheDemoOnItsOwnRuntimeWithNoJavaOnThePath() throws Exception {
        Path unpacked = Files.createDirectories(tmp.resolve("unpacked"));
        Result untar = run(List.of("tar", "-C", unpacked.toString(), "-xzf", tarball.toString()), Map.of("PATH", System.getenv("PATH")), 120);
        assertEquals(0, untar.exit(), untar.stderr());
        List<Path> tops;
        try (var s = Files.list(unpacked)) {
            tops = s.toList();
        }
        assertEquals(1, tops.size(), "one top directory in the tarball: " + tops);
        Path home = tops.get(0);
        // The launcher needs readlink alone; a PATH of just that shows that no java is looked for on it.
        Path bin = Files.createDirectories(tmp.resolve("path-without-java"));
        Files.createSymbolicLink(bin.resolve("readlink"), Path.of("/usr/bin/readlink").toRealPath());
        assertFalse(Files.exists(bin.resolve("java")));
        Path emptyCache = Files.createDirectories(tmp.resolve("no-guest-cache"));
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/vmm").toString()));
        cmd.addAll(RUN_DEMO);
        // JAVA_HOME is left unset; -XshowSettings makes the JVM say which runtime it is
        Result r = run(cmd, Map.of("PATH", bin.toString(), "HOME", tmp.toString(), "ARMVMM_GUEST_CACHE", emptyCache.toString(),
                "VMM_JAVA_OPTS", "-XshowSettings:properties"), 120);
        assertDemoRan(r);
        assertTrue(r.stderr().contains("java.home = " + home.resolve("runtime")), r.stderr());
        Result bad = run(List.of(home.resolve("bin/vmm").toString(), "run", "--cpus", "9"), Map.of("PATH", bin.toString(),
                "HOME", tmp.toString(), "ARMVMM_GUEST_CACHE", emptyCache.toString()), 60);
        assertEquals(2, bad.exit(), bad.stderr());
        assertEquals("vmm: --cpus 9: board vexpress-a15 takes 1 to 4 CPUs\n", bad.stderr());
    }

    private static boolean installed() throws Exception {
        Result q = run(List.of("dpkg-query", "-W", "-f=${Status}", "armvmm"), Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"), 60);
        return q.exit() == 0 && q.stdout().contains("ok installed");
    }

    @Test
    void theDebInstallsWithAptPutsVmmOnThePathBootsTheDemoAndUninstalls() throws Exception {
        assumeTrue(deb != null, "scripts/package made no .deb: no dpkg-deb on this host");
        Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        assumeTrue(Integer.valueOf(0).equals(uid), "installing a package needs root (running as uid " + uid + ")");
        Map<String, String> env = Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "DEBIAN_FRONTEND", "noninteractive", "HOME", tmp.toString());
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/apt-get")), "no apt-get on this host");
        assumeTrue(!installed(), "armvmm is already installed here: the test would remove someone's installation");
        Path vmm = Path.of("/usr/bin/vmm");
        assumeTrue(!Files.exists(vmm, LinkOption.NOFOLLOW_LINKS), "/usr/bin/vmm exists and is not ours");
        try {
            // no recommends: the test installs nothing from the network; the lock wait is for other apt users
            Result install = run(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends", "-o", "DPkg::Lock::Timeout=300",
                    deb.toAbsolutePath().toString()), env, 600);
            assertEquals(0, install.exit(), install.stdout() + install.stderr());
            assertTrue(installed(), "dpkg does not list armvmm as installed");
            assertTrue(Files.isSymbolicLink(vmm), "/usr/bin/vmm is not the package's symlink");
            Path emptyCache = Files.createDirectories(tmp.resolve("deb-no-guest-cache"));
            Result r = run(List.of("sh", "-c", "command -v vmm >&2 && exec vmm " + String.join(" ", RUN_DEMO)),
                    Map.of("PATH", "/usr/bin:/bin", "HOME", tmp.toString(), "ARMVMM_GUEST_CACHE", emptyCache.toString()), 120);
            assertTrue(r.stderr().startsWith("/usr/bin/vmm\n"), r.stderr());
            assertDemoRan(r);
            Result remove = run(List.of("apt-get", "remove", "-y", "-q", "-o", "DPkg::Lock::Timeout=300", "armvmm"), env, 600);
            assertEquals(0, remove.exit(), remove.stdout() + remove.stderr());
            assertFalse(installed(), "armvmm is still installed after apt-get remove");
            assertFalse(Files.exists(vmm, LinkOption.NOFOLLOW_LINKS), "/usr/bin/vmm is still there");
            assertFalse(Files.exists(Path.of("/opt/armvmm")), "/opt/armvmm is still there");
        } finally {
            if (installed()) run(List.of("dpkg", "-r", "armvmm"), env, 300);
        }
    }
}
