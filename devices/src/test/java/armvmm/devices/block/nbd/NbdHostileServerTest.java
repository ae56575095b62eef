package armvmm.devices.block.nbd;

import static armvmm.devices.block.nbd.Nbd.*;
import static armvmm.devices.block.nbd.ScriptedNbdServer.read;
import static armvmm.devices.block.nbd.ScriptedNbdServer.write;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the server sends is checked at the boundary: a scripted server that breaks the protocol in one way
 * each, and the one-line refusal the client makes of it. (The protocol itself is tested against qemu-nbd in
 * {@link NbdClientTest}.)
 */
class NbdHostileServerTest {
    @TempDir Path dir;

    /** A server that greets, reads the client's flags and NBD_OPT_GO, then does {@code script}. */
    private NbdException refusal(boolean greet, Consumer<SocketChannel> script) throws Exception {
        Path sock = dir.resolve("s" + System.nanoTime() % 100000 + ".sock");
        try (ServerSocketChannel ss = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ss.bind(UnixDomainSocketAddress.of(sock));
            CompletableFuture<Void> server = CompletableFuture.runAsync(() -> {
                try (SocketChannel c = ss.accept()) {
                    if (greet) assertEquals(NBD_OPT_GO, ScriptedNbdServer.greetAndReadOption(c, NBD_FLAG_FIXED_NEWSTYLE | NBD_FLAG_NO_ZEROES));
                    script.accept(c);
                    c.shutdownOutput();
                    c.read(ByteBuffer.allocate(64)); // until the client goes
                } catch (IOException e) {
                    // the client hung up: fine
                }
            });
            NbdException e = assertThrows(NbdException.class, () -> {
                try (NbdClient client = NbdClient.connect(sock, "x")) {
                    client.read(0, List.of(ByteBuffer.allocate(512)));
                    client.read(0, List.of(ByteBuffer.allocate(512)));
                }
            });
            server.get();
            return e;
        }
    }

    private static ByteBuffer optionReply(int type, byte[] data) {
        return ByteBuffer.allocate(20 + data.length).putLong(OPTION_REPLY_MAGIC).putInt(NBD_OPT_GO).putInt(type).putInt(data.length).put(data).flip();
    }

    private static ByteBuffer exportInfo(int len, long size, int flags) {
        ByteBuffer b = ByteBuffer.allocate(len).putShort((short) NBD_INFO_EXPORT);
        if (len >= 10) b.putLong(size);
        if (len >= 12) b.putShort((short) flags);
        return optionReply(NBD_REP_INFO, b.array());
    }

    private static ByteBuffer blockSize(int min, int pref, int max) {
        return optionReply(NBD_REP_INFO, ByteBuffer.allocate(14).putShort((short) NBD_INFO_BLOCK_SIZE).putInt(min).putInt(pref).putInt(max).array());
    }

    private static final ByteBuffer ACK = optionReply(NBD_REP_ACK, new byte[0]);

    private static Consumer<SocketChannel> sends(ByteBuffer... bufs) {
        return c -> {
            for (ByteBuffer b : bufs) write(c, b.duplicate());
        };
    }

    private static void assertFatal(String expected, NbdException e) {
        assertTrue(e.fatal(), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "'" + expected + "' in: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void notAnNbdServer() throws Exception {
        assertFatal("not an NBD server", refusal(false, sends(ByteBuffer.wrap("SSH-2.0-OpenSSH_9.2p1 Debian\r\n".getBytes(StandardCharsets.US_ASCII)))));
    }

    @Test
    void aRefusedExportCarriesTheServersMessage() throws Exception {
        assertFatal("NBD_REP_ERR_UNKNOWN (no export named x)",
                refusal(true, sends(optionReply(NBD_REP_FLAG_ERROR | 6, "no export named x".getBytes(StandardCharsets.UTF_8)))));
    }

    @Test
    void malformedInfoRepliesEndTheHandshake() throws Exception {
        assertFatal("NBD_INFO_EXPORT of 10 bytes", refusal(true, sends(exportInfo(10, 1 << 20, 1))));
        assertFatal("without NBD_FLAG_HAS_FLAGS", refusal(true, sends(exportInfo(12, 1 << 20, 0))));
        assertFatal("beyond 2^63", refusal(true, sends(exportInfo(12, -4096, 1))));
        assertFatal("minimum block size 3", refusal(true, sends(exportInfo(12, 1 << 20, 1), blockSize(3, 4096, 1 << 20))));
        assertFatal("minimum block size 131072", refusal(true, sends(exportInfo(12, 1 << 20, 1), blockSize(1 << 17, 1 << 17, 1 << 20))));
        assertFatal("maximum payload 512", refusal(true, sends(exportInfo(12, 1 << 20, 1), blockSize(1, 4096, 512))));
        assertFatal("without NBD_INFO_EXPORT", refusal(true, sends(ACK)));
        assertFatal("of 16777216 bytes", refusal(true, sends(ByteBuffer.allocate(20).putLong(OPTION_REPLY_MAGIC).putInt(NBD_OPT_GO)
                .putInt(NBD_REP_INFO).putInt(1 << 24).flip())));
        assertFatal("reply to option 1", refusal(true, sends(ByteBuffer.allocate(20).putLong(OPTION_REPLY_MAGIC).putInt(1)
                .putInt(NBD_REP_ACK).putInt(0).flip())));
    }

    @Test
    void aReplyForAnotherCookieOrWithTheWrongMagicEndsTheSession() throws Exception {
        Consumer<SocketChannel> wrongCookie = c -> {
            sends(exportInfo(12, 1 << 20, 1), ACK).accept(c);
            ByteBuffer req = read(c, 28);
            assertEquals(NBD_REQUEST_MAGIC, req.getInt(0));
            write(c, ByteBuffer.allocate(16).putInt(NBD_SIMPLE_REPLY_MAGIC).putInt(0).putLong(req.getLong(8) + 1).flip());
        };
        assertFatal("NBD_CMD_READ: reply for cookie", refusal(true, wrongCookie));
        Consumer<SocketChannel> structured = c -> {
            sends(exportInfo(12, 1 << 20, 1), ACK).accept(c);
            ByteBuffer req = read(c, 28);
            write(c, ByteBuffer.allocate(16).putInt(NBD_STRUCTURED_REPLY_MAGIC).putInt(0).putLong(req.getLong(8)).flip());
        };
        assertFatal("reply magic 0x668e33ef", refusal(true, structured));
        Consumer<SocketChannel> shortRead = c -> {
            sends(exportInfo(12, 1 << 20, 1), ACK).accept(c);
            ByteBuffer req = read(c, 28);
            write(c, ByteBuffer.allocate(16 + 100).putInt(NBD_SIMPLE_REPLY_MAGIC).putInt(0).putLong(req.getLong(8)).flip());
        };
        assertFatal("closed the connection during the data of NBD_CMD_READ", refusal(true, shortRead));
    }

    @Test
    void aCommandTheServerFailsFailsAloneWithTheErrorsName() throws Exception {
        Consumer<SocketChannel> eio = c -> {
            sends(exportInfo(12, 1 << 20, 1), ACK).accept(c);
            for (int i = 0; i < 2; i++) {
                ByteBuffer req = read(c, 28);
                write(c, ByteBuffer.allocate(16).putInt(NBD_SIMPLE_REPLY_MAGIC).putInt(i == 0 ? 5 : 0).putLong(req.getLong(8)).flip());
                if (i == 1) write(c, ByteBuffer.allocate(512));
            }
        };
        Path sock = dir.resolve("eio.sock");
        try (ServerSocketChannel ss = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ss.bind(UnixDomainSocketAddress.of(sock));
            CompletableFuture<Void> server = CompletableFuture.runAsync(() -> {
                try (SocketChannel c = ss.accept()) {
                    ScriptedNbdServer.greetAndReadOption(c, NBD_FLAG_FIXED_NEWSTYLE);
                    eio.accept(c);
                    read(c, 28); // NBD_CMD_DISC
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
            try (NbdClient client = NbdClient.connect(sock, "")) {
                NbdException e = assertThrows(NbdException.class, () -> client.read(0, List.of(ByteBuffer.allocate(512))));
                assertFalse(e.fatal(), e.getMessage());
                assertTrue(e.getMessage().contains("NBD_EIO"), e.getMessage());
                client.read(0, List.of(ByteBuffer.allocate(512)));
                assertThrows(NbdException.class, client::flush, "no NBD_FLAG_SEND_FLUSH: not sent");
            }
            server.get();
        }
    }
}
