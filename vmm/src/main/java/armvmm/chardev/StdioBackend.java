package armvmm.chardev;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --serial stdio}. When standard input is a terminal it is put in raw mode with {@code stty} on
 * /dev/tty (no line editing, no echo, Ctrl-C goes to the guest) and the Ctrl-A escape applies; the saved
 * settings are restored by {@link #close()} and, for every other way out of the JVM, by a shutdown hook.
 * When standard input is a pipe or a file the bytes pass unchanged and end of input simply stops input.
 */
final class StdioBackend extends StreamBackend {
    private static final Logger log = LoggerFactory.getLogger(StdioBackend.class);

    private final String savedTerminal;
    private final Thread restoreHook;

    private StdioBackend(InputStream in, OutputStream out, String savedTerminal) {
        super("stdio", in, out);
        this.savedTerminal = savedTerminal;
        if (savedTerminal == null) {
            restoreHook = null;
        } else {
            restoreHook = new Thread(this::restoreTerminal, "serial-stdio-restore");
            Runtime.getRuntime().addShutdownHook(restoreHook);
        }
    }

    static StdioBackend open(Runnable onQuit) {
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        InputStream in = new FileInputStream(FileDescriptor.in);
        if (!stdinIsTerminal()) return new StdioBackend(in, out, null);
        String saved = stty("-g");
        if (saved == null || stty("raw", "-echo") == null) {
            log.warn("serial stdio: cannot put the terminal in raw mode; input is line-buffered and Ctrl-A x does not quit");
            return new StdioBackend(in, out, null);
        }
        ConsoleEscape escape = new ConsoleEscape(onQuit, () -> {
            synchronized (out) {
                try {
                    out.write(ConsoleEscape.HELP.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException ignored) {
                    // the terminal is gone; nobody to show the help to
                }
            }
        });
        return new StdioBackend(new EscapedInput(in, escape), out, saved.trim());
    }

    @Override
    void closeStreams() {
        // Standard input and output belong to the process, not to us: only the terminal mode is ours.
        restoreTerminal();
        if (restoreHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(restoreHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: the terminal is being restored anyway
            }
        }
    }

    private synchronized void restoreTerminal() {
        if (savedTerminal != null) stty(savedTerminal);
    }

    private static boolean stdinIsTerminal() {
        try {
            Process p = new ProcessBuilder("sh", "-c", "test -t 0")
                    .redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs stty on /dev/tty; returns its output, or null when it failed. */
    private static String stty(String... args) {
        try {
            Process p = new ProcessBuilder(concat("stty", args))
                    .redirectInput(new java.io.File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static List<String> concat(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return List.of(all);
    }

    /** Standard input seen through the Ctrl-A escape. */
    private static final class EscapedInput extends FilterInputStream {
        private final ConsoleEscape escape;

        EscapedInput(InputStream in, ConsoleEscape escape) {
            super(in);
            this.escape = escape;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (true) {
                int n = in.read(b, off, len);
                if (n <= 0) return n;
                byte[] kept = escape.filter(b, off, n);
                if (kept.length == 0) continue;
                System.arraycopy(kept, 0, b, off, kept.length);
                return kept.length;
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }
    }
}
