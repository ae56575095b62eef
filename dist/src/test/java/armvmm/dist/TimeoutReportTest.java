package armvmm.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import armvmm.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A guest that never powers off: {@code --timeout} ends the VMM with status 4 and says where each vCPU is. */
class TimeoutReportTest {
    @Test
    void aHungGuestIsReportedWithEachVcpusStatePcAndMode(@TempDir Path dir) throws Exception {
        // loop: wfi; b loop -- with no interrupt source enabled the CPU waits for ever (a raw image runs at 0x80008000)
        ByteBuffer code = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0xe320f003).putInt(0xeafffffd);
        Path image = dir.resolve("wfi.bin");
        Files.write(image, code.array());
        StringWriter out = new StringWriter(), err = new StringWriter();
        int rc = Main.execute(new String[] {"run", "--accel", "tcg", "--board", "vexpress-a15", "--memory", "64M",
                "--kernel", image.toString(), "--serial", "none", "--timeout", "1"}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(4, rc, err.toString());
        String e = err.toString();
        assertTrue(Pattern.compile("vcpu0 WAITING pc=0x8000800[04] cpsr=0x[0-9a-f]{8} SVC").matcher(e).find(),
                "the report says the vCPU waits in WFI, where and in which mode:\n" + e);
        assertEquals(1, e.strip().lines().count(), "one line:\n" + e);
    }
}
