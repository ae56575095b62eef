package armvmm.devices.block.nbd;

import static armvmm.devices.block.nbd.Nbd.*;
import static org.junit.jupiter.api.Assertions.*;

import armvmm.fuzz.FuzzCampaign;
import armvmm.fuzz.FuzzInput;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fuzz target for the NBD client: a fake server on a UNIX socket pair plays a script the input writes (the
 * greeting, option replies and simple replies, each field right or wrong as the input says, the right
 * cookies or not, payloads short or long), then closes; the client handshakes and issues reads, writes,
 * flushes and trims. Whatever the server says, the client answers with an {@link IOException} (its
 * NbdException among them) or a result, never another exception and never a hang: when the script ends
 * the client sees the end of the stream.
 */
public class NbdClientFuzzTest {
    private static ByteBuffer be(int n) { return ByteBuffer.allocate(n); }

    /** The server's whole side of the conversation, from the input. */
    static byte[] script(FuzzInput in) {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        ByteBuffer g = be(18).putLong(in.below(16) == 0 ? in.u64() : NBDMAGIC).putLong(in.below(16) == 0 ? in.u64() : IHAVEOPT)
                .putShort((short) (in.below(8) == 0 ? in.u16() : NBD_FLAG_FIXED_NEWSTYLE | (in.bool() ? NBD_FLAG_NO_ZEROES : 0)));
        s.writeBytes(g.array());
        int replies = in.below(5);
        for (int i = 0; i < replies; i++) {
            int type = in.pick(NBD_REP_INFO, NBD_REP_INFO, NBD_REP_ACK, NBD_REP_FLAG_ERROR | in.below(8), in.u32());
            byte[] data;
            if (type == NBD_REP_INFO && in.bool()) {
                data = be(12).putShort((short) NBD_INFO_EXPORT).putLong(in.bool() ? 1L << in.below(40) : in.u64())
                        .putShort((short) (in.bool() ? NBD_FLAG_HAS_FLAGS | in.u16() : in.u16())).array();
            } else if (type == NBD_REP_INFO && in.bool()) {
                data = be(14).putShort((short) NBD_INFO_BLOCK_SIZE).putInt(1 << in.below(14)).putInt(1 << in.below(20)).putInt(in.u32()).array();
            } else {
                data = in.bytes(in.below(64));
            }
            int len = in.below(8) == 0 ? in.u32() : data.length;
            s.writeBytes(be(20).putLong(in.below(16) == 0 ? in.u64() : OPTION_REPLY_MAGIC).putInt(in.below(16) == 0 ? in.u32() : NBD_OPT_GO)
                    .putInt(type).putInt(len).array());
            s.writeBytes(data);
        }
        s.writeBytes(be(20).putLong(OPTION_REPLY_MAGIC).putInt(NBD_OPT_GO).putInt(NBD_REP_ACK).putInt(0).array());
        long cookie = 1;
        while (!in.exhausted()) {
            s.writeBytes(be(16).putInt(in.below(16) == 0 ? in.u32() : NBD_SIMPLE_REPLY_MAGIC).putInt(in.below(4) == 0 ? in.u32() : 0)
                    .putLong(in.below(8) == 0 ? in.u64() : cookie++).array());
            s.writeBytes(new byte[in.pick(0, 0, 512, 4096, in.below(10000))]);
        }
        return s.toByteArray();
    }

    public static void replies(byte[] data) throws Exception {
        FuzzInput in = new FuzzInput(data);
        List<int[]> ops = new java.util.ArrayList<>();
        for (int i = 0, n = in.below(8); i < n; i++) ops.add(new int[] {in.below(5), in.u16(), in.below(4)});
        byte[] script = script(in);
        Path dir = Files.createTempDirectory("nbd-fuzz");
        Path sock = dir.resolve("s");
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(sock));
            SocketChannel clientEnd = SocketChannel.open(UnixDomainSocketAddress.of(sock));
            try (SocketChannel serverEnd = listener.accept()) {
                Thread drain = new Thread(() -> {
                    ByteBuffer sink = ByteBuffer.allocate(1 << 16);
                    try {
                        while (serverEnd.read(sink.clear()) >= 0) { /* what the client sends is not checked here */ }
                    } catch (IOException closed) {
                        // the client hung up
                    }
                }, "nbd-fuzz-drain");
                drain.setDaemon(true);
                drain.start();
                Thread play = new Thread(() -> {
                    try {
                        ByteBuffer b = ByteBuffer.wrap(script);
                        while (b.hasRemaining()) serverEnd.write(b);
                        serverEnd.shutdownOutput();
                    } catch (IOException e) {
                        // the client hung up before the script ended
                    }
                }, "nbd-fuzz-server");
                play.setDaemon(true);
                play.start();
                client(clientEnd, ops);
                play.join(5_000);
                assertFalse(play.isAlive(), "the server's script was not consumed or refused within 5 s");
            }
        } finally {
            Files.deleteIfExists(sock);
            Files.deleteIfExists(dir);
        }
    }

    private static void client(SocketChannel ch, List<int[]> ops) {
        NbdClient c;
        try {
            c = NbdClient.handshake(ch, "fuzz");
        } catch (IOException refused) {
            close(ch);
            return;
        }
        try {
            for (int[] op : ops) {
                long offset = 512L * op[1], len = 512L << op[2];
                try {
                    switch (op[0]) {
                        case 0 -> c.read(offset, List.of(ByteBuffer.allocate((int) len)));
                        case 1 -> c.write(offset, List.of(ByteBuffer.allocate((int) len)), op[1] % 2 == 0);
                        case 2 -> c.flush();
                        case 3 -> c.trim(offset, len);
                        default -> c.writeZeroes(offset, len, true);
                    }
                } catch (IOException refusedOrBroken) {
                    // what a lying server must get
                }
            }
        } finally {
            try {
                c.close();
            } catch (IOException e) {
                // closing a broken session may fail; it is closed all the same
            }
        }
    }

    private static void close(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "10m") void repliesFuzz(byte[] data) throws Exception { replies(data); }

    @Test void repliesRandom() { FuzzCampaign.run("nbd-client", 1500, 512, Duration.ofSeconds(4), NbdClientFuzzTest::replies); }
}
