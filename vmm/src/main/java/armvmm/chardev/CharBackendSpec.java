package armvmm.chardev;

import armvmm.error.VmmException;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * A parsed {@code --serial} value: {@code stdio}, {@code none}, {@code file:PATH} or
 * {@code tcp:HOST:PORT[,server]}. Parsing checks only the syntax, so the CLI can reject a bad value before
 * building anything; {@link #open} then acquires the terminal, file or socket.
 */
public sealed interface CharBackendSpec {
    /**
     * Opens the backend. {@code onQuit} runs when the user types the quit escape (Ctrl-A x on a stdio
     * terminal); the board passes a power-off request.
     */
    CharBackend open(Runnable onQuit);

    record Stdio() implements CharBackendSpec {
        @Override
        public CharBackend open(Runnable onQuit) { return StdioBackend.open(onQuit); }
    }

    record None() implements CharBackendSpec {
        @Override
        public CharBackend open(Runnable onQuit) { return new NullBackend(); }
    }

    record File(Path path) implements CharBackendSpec {
        @Override
        public CharBackend open(Runnable onQuit) { return new FileBackend(path); }
    }

    record Tcp(String host, int port, boolean server) implements CharBackendSpec {
        @Override
        public CharBackend open(Runnable onQuit) {
            if (!server) return TcpBackend.connect(host, port);
            TcpBackend.Listener l = TcpBackend.listen(host, port);
            System.err.println("vmm: serial: waiting for a connection on tcp:" + host + ":" + l.port());
            return l.accept();
        }
    }

    /**
     * A stream pair an embedding program supplies (no {@code --serial} syntax names it). The backend never
     * closes them: they belong to the caller, who may have passed System.out. A reader blocked in the
     * input's read() at close is left to return by itself (it is a daemon thread, and drops what it reads).
     */
    record Streams(InputStream in, OutputStream out) implements CharBackendSpec {
        @Override
        public CharBackend open(Runnable onQuit) {
            InputStream keptIn = new FilterInputStream(in) {
                @Override
                public void close() {}
            };
            OutputStream keptOut = new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws java.io.IOException { out.write(b, off, len); }

                @Override
                public void close() throws java.io.IOException { flush(); }
            };
            return new StreamBackend("streams", keptIn, keptOut);
        }
    }

    static CharBackendSpec parse(String spec) {
        if (spec == null || spec.isEmpty()) throw bad(spec, "empty; use stdio, none, file:PATH or tcp:HOST:PORT[,server]");
        if (spec.equals("stdio")) return new Stdio();
        if (spec.equals("none")) return new None();
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? spec : spec.substring(0, colon);
        String rest = colon < 0 ? "" : spec.substring(colon + 1);
        return switch (kind) {
            case "file" -> {
                if (rest.isEmpty()) throw bad(spec, "file: needs a path, as in file:serial.log");
                yield new File(Path.of(rest));
            }
            case "tcp" -> parseTcp(spec, rest);
            default -> throw bad(spec, "unknown backend '" + kind + "'; use stdio, none, file:PATH or tcp:HOST:PORT[,server]");
        };
    }

    private static Tcp parseTcp(String spec, String rest) {
        boolean server = false;
        int comma = rest.indexOf(',');
        if (comma >= 0) {
            String option = rest.substring(comma + 1);
            if (!option.equals("server")) throw bad(spec, "unknown tcp option '" + option + "'; the only one is server");
            server = true;
            rest = rest.substring(0, comma);
        }
        int colon = rest.lastIndexOf(':');
        if (colon <= 0) throw bad(spec, "tcp: needs HOST:PORT, as in tcp:localhost:4444");
        String host = rest.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        String port = rest.substring(colon + 1);
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw bad(spec, "port '" + port + "' is not a number");
        }
        // Port 0 only makes sense for a server (the system picks one and the notice names it).
        if (p < (server ? 0 : 1) || p > 65535) throw bad(spec, "port " + p + " is out of range 1-65535");
        return new Tcp(host, p, server);
    }

    private static VmmException bad(String spec, String why) {
        return new VmmException("--serial " + spec + ": " + why);
    }
}
