package armvmm.api;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import armvmm.accel.Availability;
import armvmm.launch.Plugins;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.DocumentationTool;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedding API: the example under examples/embed compiled and run as a user would, the lifecycle
 * (pause, resume, stop) seen from outside through the MMIO listener, its one-line mistakes, and its Javadoc.
 */
class EmbeddingApiTest {
    private static Path root;

    @TempDir
    Path tmp;

    @BeforeAll
    static void findRepository() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent())
            if (Files.isRegularFile(p.resolve("examples/embed/BootDemo.java"))) root = p;
        assertNotNull(root, "examples/embed/BootDemo.java not found above " + Path.of("").toAbsolutePath());
    }

    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static void assumeTcg() {
        Availability tcg = Plugins.accelerator("tcg").probe();
        assumeTrue(tcg.usable(), "TCG cannot run guests here: " + tcg.reason());
    }

    @Test
    void theExampleCompilesAndBootsTheDemoPrintingItsSerialOutput() throws Exception {
        assumeTcg();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "this JVM has no compiler (a JRE, not a JDK)");
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diags, Locale.ROOT, StandardCharsets.UTF_8)) {
            boolean ok = javac.getTask(null, fm, diags, List.of("-Xlint:all", "-Werror", "-cp", classPath(), "-d", classes.toString()), null,
                    fm.getJavaFileObjects(root.resolve("examples/embed/BootDemo.java"))).call();
            assertTrue(ok, "BootDemo does not compile: " + diags.getDiagnostics());
        }
        // a JVM of its own, as a user's program would be: the example's System.exit and System.out are its own
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(javaBin.toString(), "-XX:+UnlockExperimentalVMOptions", "-XX:+TrustFinalNonStaticFields",
                "-cp", classes + java.io.File.pathSeparator + classPath(), "BootDemo", root.resolve("guests/demo/demo.bin").toString())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the example did not end");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.startsWith("armvmm demo guest: hello from the vexpress-a15 board\r\n"), out);
        for (int i = 1; i <= 5; i++) assertTrue(out.contains("demo: timer interrupt " + i + " (GIC interrupt ID 27)\r\n"), out);
        assertTrue(out.contains("demo: powering off through SYS_CFGCTRL\r\nexit reason: POWER_OFF ("), out);
        assertTrue(out.endsWith(", status 0\n"), out);
    }

    @Test
    void pauseStopsTheGuestResumeLetsItRunAndStopEndsTheRunEvenWhenPaused() throws Exception {
        assumeTcg();
        ByteArrayOutputStream serial = new ByteArrayOutputStream();
        AtomicLong gpioReads = new AtomicLong();
        // guests/qmp polls the PL061's power-button pin for ever: each poll is one read the listener sees
        try (VirtualMachine vm = VirtualMachine.builder().board("virt").accelerator("tcg").memory(64L << 20)
                .kernel(root.resolve("guests/qmp/powerbutton.bin")).serial(InputStream.nullInputStream(), serial)
                .mmioListener(a -> {
                    if (!a.write() && a.device().startsWith("pl061@")) gpioReads.incrementAndGet();
                }).build()) {
            assertEquals(VirtualMachine.State.CREATED, vm.state());
            assertEquals("tcg", vm.accelerator());
            vm.start();
            awaitAtLeast(gpioReads, 1000);
            assertEquals("powerbutton: waiting for the power button\n", serial.toString(StandardCharsets.US_ASCII));
            vm.pause();
            assertEquals(VirtualMachine.State.PAUSED, vm.state());
            long paused = gpioReads.get();
            Thread.sleep(300);
            assertEquals(paused, gpioReads.get(), "the guest ran while paused");
            vm.resume();
            assertEquals(VirtualMachine.State.RUNNING, vm.state());
            awaitAtLeast(gpioReads, paused + 1000);
            // stopped while paused: the run ends all the same
            vm.pause();
            vm.stop();
            ExitReason why = vm.awaitExit(Duration.ofSeconds(30)).orElseThrow(() -> new AssertionError("stop did not end the run"));
            assertEquals(ExitReason.Kind.STOPPED, why.kind(), why.toString());
            assertEquals(0, why.exitStatus());
            assertEquals(VirtualMachine.State.STOPPED, vm.state());
        }
    }

    private static void awaitAtLeast(AtomicLong counter, long value) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (counter.get() < value) {
            assertTrue(System.nanoTime() < deadline, "the guest made " + counter.get() + " reads in 30 s, not " + value);
            Thread.sleep(5);
        }
    }

    @Test
    void theGuestsPowerOffIsTheExitReasonAndTheListenerSeesEveryUartByte() throws Exception {
        assumeTcg();
        ByteArrayOutputStream serial = new ByteArrayOutputStream();
        List<MmioAccess> uartWrites = new ArrayList<>();
        try (VirtualMachine vm = VirtualMachine.builder().accelerator("tcg").cpus(2).memory(64L << 20)
                .kernel(root.resolve("guests/demo/demo.bin")).serial(InputStream.nullInputStream(), serial)
                .mmioListener(a -> {
                    if (a.write() && "UARTDR".equals(a.register())) synchronized (uartWrites) { uartWrites.add(a); }
                }).timeout(Duration.ofSeconds(30)).build()) {
            vm.start();
            ExitReason why = vm.awaitExit();
            assertEquals(ExitReason.Kind.POWER_OFF, why.kind(), why.toString());
            assertTrue(why.detail().contains("SYS_CFGCTRL"), why.detail());
            assertEquals(0, why.exitStatus());
        }
        String printed = serial.toString(StandardCharsets.US_ASCII);
        assertTrue(printed.endsWith("demo: powering off through SYS_CFGCTRL\r\n"), printed);
        StringBuilder fromListener = new StringBuilder();
        synchronized (uartWrites) {
            for (MmioAccess a : uartWrites) {
                assertEquals(0, a.cpu(), "the demo prints from CPU 0 only");
                assertTrue(a.device().startsWith("pl011@"), a.device());
                fromListener.append((char) a.value());
            }
        }
        assertEquals(printed, fromListener.toString());
    }

    @Test
    void aMistakeIsOneLineNamingTheSetting() {
        Path demo = root.resolve("guests/demo/demo.bin");
        MachineException cpus = assertThrows(MachineException.class, () -> VirtualMachine.builder().cpus(9).kernel(demo).build());
        assertEquals("cpus 9: board vexpress-a15 takes 1 to 4 CPUs", cpus.getMessage());
        MachineException board = assertThrows(MachineException.class, () -> VirtualMachine.builder().board("pc").build());
        assertTrue(board.getMessage().startsWith("unknown board 'pc' (available: "), board.getMessage());
        assertTrue(board.getMessage().contains("vexpress-a15") && board.getMessage().contains("virt"), board.getMessage());
        Path missing = tmp.resolve("no-such-kernel");
        MachineException kernel = assertThrows(MachineException.class, () -> VirtualMachine.builder().kernel(missing).build());
        assertEquals("kernel " + missing + ": no such file", kernel.getMessage());
        MachineException accel = assertThrows(MachineException.class, () -> VirtualMachine.builder().accelerator("hax").kernel(demo).build());
        assertTrue(accel.getMessage().startsWith("unknown accelerator 'hax'"), accel.getMessage());
        for (MachineException e : List.of(cpus, board, kernel, accel)) assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> {
            try (VirtualMachine vm = VirtualMachine.builder().accelerator("tcg").memory(64L << 20).kernel(demo).build()) {
                vm.pause();
            }
        });
    }

    /** The same check as: javadoc -Xdoclint:all -d DIR -cp 'dist/target/lib/*' dist/src/main/java/armvmm/api/*.java */
    @Test
    void theApisJavadocBuildsWithoutAWarning() throws IOException {
        DocumentationTool javadoc = ToolProvider.getSystemDocumentationTool();
        assertNotNull(javadoc, "this JVM has no javadoc tool (a JRE, not a JDK)");
        List<Path> sources;
        try (var files = Files.list(root.resolve("dist/src/main/java/armvmm/api"))) {
            sources = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
        assertTrue(sources.size() >= 5, "the API's sources: " + sources);
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        StringWriter log = new StringWriter();
        try (StandardJavaFileManager fm = javadoc.getStandardFileManager(diags, Locale.ROOT, StandardCharsets.UTF_8)) {
            boolean ok = javadoc.getTask(log, fm, diags, null,
                    List.of("-Xdoclint:all", "-quiet", "-cp", classPath(), "-d", tmp.resolve("apidocs").toString()),
                    fm.getJavaFileObjectsFromPaths(sources)).call();
            List<String> problems = diags.getDiagnostics().stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.WARNING || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING || d.getKind() == Diagnostic.Kind.ERROR)
                    .map(Object::toString).toList();
            assertEquals(List.of(), problems, log.toString());
            assertTrue(ok, log.toString());
            String logged = log.toString();
            assertFalse(logged.contains("warning"), logged);
        }
        assertTrue(Files.isRegularFile(tmp.resolve("apidocs/armvmm/api/VirtualMachine.Builder.html")));
    }
}
