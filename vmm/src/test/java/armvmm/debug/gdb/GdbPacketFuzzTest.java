package armvmm.debug.gdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import armvmm.machine.Machine;
import armvmm.machine.StubMachine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The stub's packet handling against what a broken or hostile client sends: well-formed packets first
 * (answered as the protocol says), then a bounded fuzz run of random bytes, valid packets cut short,
 * mutated, oversized or with bad checksums, each in a session of its own. No input may throw, hang, or
 * stop a session from answering the next good packet.
 */
class GdbPacketFuzzTest {
    private static String session(Machine m, byte[] input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GdbSession s = new GdbSession(m, new ByteArrayInputStream(input), out);
        assertTimeoutPreemptively(Duration.ofSeconds(10), s::run);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] packets(String... payloads) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String p : payloads) b.writeBytes(RspFramer.frame(p.getBytes(StandardCharsets.ISO_8859_1)));
        return b.toByteArray();
    }

    /** The reply payloads in order ('+' acks dropped). */
    private static List<String> replies(String out) {
        List<String> r = new ArrayList<>();
        RspFramer f = new RspFramer(fr -> {
            if (fr instanceof RspFramer.Frame.Packet p) r.add(new String(p.payload(), StandardCharsets.ISO_8859_1));
        });
        byte[] b = out.getBytes(StandardCharsets.ISO_8859_1);
        f.feed(b, 0, b.length);
        return r;
    }

    @Test
    void wellFormedPacketsGetTheProtocolsAnswers() {
        Machine m = StubMachine.create(2);
        List<String> r = replies(session(m, packets("qSupported:multiprocess+", "?", "qfThreadInfo", "qsThreadInfo", "Hg2", "qC",
                "M100,4:11223344", "m100,4", "X104,2:}\u0003}\u0004", "m104,2", "p10", "P0=78563412", "p0", "Z0,400,4", "z2,100,4", "qXfer:features:read:target.xml:0,40",
                "m100,ffffff", "mzz,4", "P999=00", "vCont?", "qThreadExtraInfo,2", "T3")));
        assertTrue(r.get(0).startsWith("PacketSize=4000;qXfer:features:read+"), r.get(0));
        assertEquals("T05thread:1;", r.get(1));
        assertEquals(List.of("m1,2", "l", "OK", "QC2", "OK", "11223344", "OK", "2324", "d3010000", "OK", "78563412", "OK", "OK"), r.subList(2, 15));
        assertTrue(r.get(15).startsWith("m<?xml"), r.get(15));
        assertEquals(List.of("E01", "E01", "E01", "vCont;c;C;s;S;t"), r.subList(16, 20));
        assertEquals("E01", r.get(21), "thread 3 does not exist on two vCPUs");
    }

    @Test
    void randomTruncatedAndMutatedInputNeverBreaksTheStub() {
        long seed = Long.getLong("armvmm.fuzz.seed", System.nanoTime()); // -Darmvmm.fuzz.seed=N replays a run
        Random rnd = new Random(seed);
        String[] valid = {"g", "G" + "00".repeat(68), "p1f", "P20=0000000000000000", "m0,10", "M10,2:abcd", "X20,3:abc", "Z2,0,4",
                "z2,0,4", "vCont;s:1;c", "vCont;c", "c", "s", "Hc1", "Hg-1", "qXfer:features:read:target.xml:10,100", "qRcmd,70687973",
                "Qqemu.PhyMemMode:1", "qThreadExtraInfo,1", "T1", "?", "QStartNoAckMode"};
        Machine m = StubMachine.create(2);
        for (int round = 0; round < 2_000; round++) {
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            for (int k = rnd.nextInt(6); k >= 0; k--) {
                byte[] p = RspFramer.frame(valid[rnd.nextInt(valid.length)].getBytes(StandardCharsets.ISO_8859_1));
                switch (rnd.nextInt(5)) {
                    case 0 -> in.write(p, 0, rnd.nextInt(p.length)); // cut short
                    case 1 -> { // a byte changed
                        p[rnd.nextInt(p.length)] = (byte) rnd.nextInt(256);
                        in.writeBytes(p);
                    }
                    case 2 -> { // random bytes
                        byte[] junk = new byte[rnd.nextInt(64)];
                        rnd.nextBytes(junk);
                        in.writeBytes(junk);
                    }
                    case 3 -> in.writeBytes(RspFramer.frame(("m0," + Integer.toHexString(rnd.nextInt()) + "X".repeat(rnd.nextInt(20_000))).getBytes(StandardCharsets.ISO_8859_1)));
                    default -> in.writeBytes(p);
                }
            }
            // whatever came before, the session still answers a good packet (unless the input detached or killed it)
            in.writeBytes(packets("qC"));
            byte[] bytes = in.toByteArray();
            String out;
            try {
                out = session(m, bytes);
            } catch (Throwable t) {
                throw new AssertionError("seed " + seed + " round " + round + ": " + t, t);
            }
            assertTrue(out.length() > 0 || !new String(bytes, StandardCharsets.ISO_8859_1).contains("$qC#"), "seed " + seed + ": no answer at all");
        }
        System.out.println("GdbPacketFuzzTest: 2,000 random sessions, seed " + seed + ", no failure");
    }
}
