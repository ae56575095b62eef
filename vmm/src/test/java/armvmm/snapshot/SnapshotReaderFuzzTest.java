package armvmm.snapshot;

import static org.junit.jupiter.api.Assertions.*;

import armvmm.fuzz.FuzzCampaign;
import armvmm.fuzz.FuzzInput;
import armvmm.machine.Machine;
import armvmm.machine.StubMachine;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Fuzz target for the snapshot reader (what {@code --restore} hands it): any file restores or is refused
 * with {@link SnapshotFormatException}, in one line; nothing else escapes (no index, arithmetic or
 * allocation failure). Half the inputs are a real snapshot with input-chosen bytes overwritten or cut, so
 * that the sections' own checks are reached past the CRCs: a CRC is recomputed over a mutated body at the
 * input's choice.
 */
public class SnapshotReaderFuzzTest {
    static final byte[] REFERENCE = reference();

    private static byte[] reference() {
        Machine m = MachineSnapshotTest.sample();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            MachineSnapshot.write(m, m.vcpus().stream().map(v -> v.debug().orElseThrow()).toList(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static void restore(byte[] data) throws IOException {
        FuzzInput in = new FuzzInput(data);
        byte[] file;
        if (in.bool()) {
            file = in.rest();
        } else {
            file = REFERENCE.clone();
            if (in.bool()) file = Arrays.copyOf(file, in.below(file.length + 64));
            boolean fixCrcs = in.bool();
            while (!in.exhausted() && file.length > 0) {
                int at = in.below(file.length);
                file[at] = (byte) in.u8();
            }
            if (fixCrcs) recomputeCrcs(file);
        }
        try {
            MachineSnapshot.restore(StubMachine.create(2), new ByteArrayInputStream(file));
        } catch (SnapshotFormatException refused) {
            assertNotNull(refused.getMessage());
            assertFalse(refused.getMessage().lines().count() > 1 || refused.getMessage().chars().anyMatch(c -> c < 0x20),
                    "one line: " + refused.getMessage());
        }
    }

    /** Walks the sections as laid out and writes each one's CRC anew, as far as the lengths allow. */
    static void recomputeCrcs(byte[] f) {
        int at = 8 + 2;
        if (at >= f.length) return;
        at += 1 + (f[at] & 0xff) + 2 + 8;
        while (at < f.length) {
            at += 1 + (f[at] & 0xff);
            if (at + 4 > f.length) return;
            long len = ((f[at] & 0xffL) << 24) | ((f[at + 1] & 0xff) << 16) | ((f[at + 2] & 0xff) << 8) | (f[at + 3] & 0xff);
            at += 4;
            if (len > f.length - at - 4) return;
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(f, at, (int) len);
            at += (int) len;
            int v = (int) crc.getValue();
            for (int k = 0; k < 4; k++) f[at + k] = (byte) (v >>> (24 - 8 * k));
            at += 4;
        }
    }

    @Test
    void theReferenceRestores() throws IOException { MachineSnapshot.restore(StubMachine.create(2), new ByteArrayInputStream(REFERENCE)); }

    @FuzzTest(maxDuration = "10m") void snapshotFuzz(byte[] data) throws IOException { restore(data); }

    @Test void snapshotRandom() { FuzzCampaign.run("snapshot", 3000, 512, Duration.ofSeconds(4), SnapshotReaderFuzzTest::restore); }
}
