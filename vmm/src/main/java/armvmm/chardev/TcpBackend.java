package armvmm.chardev;

import armvmm.error.VmmException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * {@code --serial tcp:HOST:PORT[,server]}: the console over one TCP connection. As a client it connects at
 * once; as a server it listens and waits for one client before the machine starts, so no early boot
 * output is lost.
 */
final class TcpBackend extends StreamBackend {
    private final Socket socket;

    private TcpBackend(String name, Socket socket) throws IOException {
        super(name, socket.getInputStream(), socket.getOutputStream());
        this.socket = socket;
    }

    static TcpBackend connect(String host, int port) {
        String name = "tcp:" + host + ":" + port;
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), 10_000);
            s.setTcpNoDelay(true);
            return new TcpBackend(name, s);
        } catch (IOException e) {
            closeQuietly(s);
            throw new VmmException("--serial " + name + ": cannot connect (" + e.getMessage() + ")");
        }
    }

    /** A listening server socket; {@link Listener#accept()} then waits for the one client. */
    static Listener listen(String host, int port) {
        String name = "tcp:" + host + ":" + port + ",server";
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(host, port), 1);
            return new Listener(name, server);
        } catch (IOException e) {
            throw new VmmException("--serial " + name + ": cannot listen (" + e.getMessage() + ")");
        }
    }

    static final class Listener implements AutoCloseable {
        private final String name;
        private final ServerSocket server;

        private Listener(String name, ServerSocket server) {
            this.name = name;
            this.server = server;
        }

        /** The bound port: the one asked for, or the one the system chose for port 0. */
        int port() { return server.getLocalPort(); }

        TcpBackend accept() {
            try (server) {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                return new TcpBackend(name, s);
            } catch (IOException e) {
                throw new VmmException("--serial " + name + ": no client (" + e.getMessage() + ")");
            }
        }

        @Override
        public void close() {
            closeQuietly(server);
        }
    }

    @Override
    void closeStreams() {
        closeQuietly(socket);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // releasing a socket we are done with
        }
    }
}
