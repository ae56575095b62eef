package armvmm.chardev;

import static org.junit.jupiter.api.Assertions.*;

import armvmm.error.VmmException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBackendTest {
    @TempDir
    Path dir;

    @Test
    void guestOutputLandsInTheFileAsItIsWritten() throws Exception {
        Path log = dir.resolve("serial.log");
        Files.writeString(log, "stale contents of an earlier run");
        try (CharBackend b = CharBackendSpec.parse("file:" + log).open(() -> {})) {
            b.write("Booting Linux\r\n".getBytes(StandardCharsets.US_ASCII), 0, 15);
            b.write('$');
            // Visible before close: someone tailing the file sees the console live.
            assertEquals("Booting Linux\r\n$", Files.readString(log));
        }
        assertEquals("Booting Linux\r\n$", Files.readString(log));
    }

    @Test
    void unwritablePathIsAUserError() {
        Path missing = dir.resolve("no/such/dir/serial.log");
        VmmException e = assertThrows(VmmException.class, () -> CharBackendSpec.parse("file:" + missing).open(() -> {}));
        assertTrue(e.getMessage().startsWith("--serial file:" + missing + ": cannot write"), e.getMessage());
    }
}
