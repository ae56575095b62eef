package armvmm.fdt;

import static org.junit.jupiter.api.Assertions.*;

import armvmm.fuzz.FuzzCampaign;
import armvmm.fuzz.FuzzInput;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Fuzz target for the device-tree reader (what {@code --dtb} hands it): any blob parses or is refused with
 * {@link FdtFormatException}, the documented one-line error; a blob that parses writes back to a blob that
 * parses to the same tree, and prints as source. Half the inputs are a valid tree with input-chosen bytes
 * overwritten, so that the reader's inner checks (blocks, tokens, names, lengths) are reached, not only
 * its magic-number check.
 */
public class FdtFuzzTest {
    static final byte[] REFERENCE = reference();

    private static byte[] reference() {
        Fdt t = new Fdt();
        t.root().setU32("#address-cells", 2).setU32("#size-cells", 2).setString("compatible", "arm,vexpress");
        t.nodeOrCreate("/chosen").setString("bootargs", "console=ttyAMA0").setU64("linux,initrd-start", 0x88000000L);
        t.nodeOrCreate("/memory@80000000").setString("device_type", "memory").setCells("reg", 0, 0x80000000, 0, 0x20000000);
        t.nodeOrCreate("/soc/uart@1c090000").setStrings("compatible", "arm,pl011", "arm,primecell").setEmpty("dma-coherent");
        t.reservations().add(new Fdt.Reservation(0x80000000L, 0x1000));
        return t.toDtb();
    }

    public static void parse(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        byte[] blob;
        if (in.bool()) {
            blob = in.rest();
        } else {
            blob = REFERENCE.clone();
            if (in.bool()) blob = Arrays.copyOf(blob, in.below(blob.length + 64));
            while (!in.exhausted() && blob.length > 0) {
                int at = in.below(blob.length);
                if (in.bool()) blob[at] = (byte) in.u8();
                else for (int k = 0; k < 4 && at + k < blob.length; k++) blob[at + k] = (byte) in.u8();
            }
        }
        Fdt tree;
        try {
            tree = Fdt.parse(blob);
        } catch (FdtFormatException refused) {
            assertNotNull(refused.getMessage());
            assertFalse(refused.getMessage().contains("\n"), "one line: " + refused.getMessage());
            return;
        }
        byte[] again = tree.toDtb();
        assertArrayEquals(again, Fdt.parse(again).toDtb(), "a tree read back writes the same blob");
        assertNotNull(tree.toDts());
    }

    @FuzzTest(maxDuration = "10m") void fdtFuzz(byte[] data) { parse(data); }

    @Test void fdtRandom() { FuzzCampaign.run("fdt", 5000, 512, Duration.ofSeconds(4), FdtFuzzTest::parse); }
}
