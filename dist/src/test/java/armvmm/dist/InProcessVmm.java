package armvmm.dist;

import armvmm.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A {@code vmm} command run in this JVM on a thread of its own, its stderr collected for the test to wait on. */
final class InProcessVmm {
    private final StringBuffer err = new StringBuffer();
    private final CompletableFuture<Integer> exit;

    InProcessVmm(String... args) {
        Writer collect = new Writer() {
            @Override public void write(char[] b, int off, int len) { err.append(b, off, len); }
            @Override public void flush() { }
            @Override public void close() { }
        };
        exit = CompletableFuture.supplyAsync(() -> Main.execute(args, new PrintWriter(new StringWriter(), true), new PrintWriter(collect, true)));
    }

    String stderr() { return err.toString(); }

    boolean ended() { return exit.isDone(); }

    int exitCode(long seconds) throws Exception { return exit.get(seconds, TimeUnit.SECONDS); }

    /** Waits until {@code condition} holds, the VMM ends, or {@code seconds} pass; returns the condition. */
    boolean await(BooleanSupplier condition, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline && !exit.isDone()) Thread.sleep(20);
        return condition.getAsBoolean();
    }

    /** A TCP port nothing listens on now. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
