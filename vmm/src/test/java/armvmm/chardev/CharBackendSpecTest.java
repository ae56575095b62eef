package armvmm.chardev;

import static org.junit.jupiter.api.Assertions.*;

import armvmm.error.VmmException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CharBackendSpecTest {
    @Test
    void parsesEveryForm() {
        assertEquals(new CharBackendSpec.Stdio(), CharBackendSpec.parse("stdio"));
        assertEquals(new CharBackendSpec.None(), CharBackendSpec.parse("none"));
        assertEquals(new CharBackendSpec.File(Path.of("/tmp/x.log")), CharBackendSpec.parse("file:/tmp/x.log"));
        assertEquals(new CharBackendSpec.Tcp("localhost", 4444, false), CharBackendSpec.parse("tcp:localhost:4444"));
        assertEquals(new CharBackendSpec.Tcp("0.0.0.0", 4444, true), CharBackendSpec.parse("tcp:0.0.0.0:4444,server"));
        assertEquals(new CharBackendSpec.Tcp("::1", 5555, false), CharBackendSpec.parse("tcp:[::1]:5555"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "serial0|unknown backend 'serial0'",
        "file:|needs a path",
        "tcp:localhost|needs HOST:PORT",
        "tcp::4444|needs HOST:PORT",
        "tcp:localhost:http|'http' is not a number",
        "tcp:localhost:70000|out of range",
        "tcp:localhost:0|out of range",
        "tcp:localhost:4444,nowait|unknown tcp option 'nowait'",
    })
    void badSpecIsOneLineNamingTheProblem(String spec, String expected) {
        VmmException e = assertThrows(VmmException.class, () -> CharBackendSpec.parse(spec));
        assertTrue(e.getMessage().startsWith("--serial " + spec + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertEquals(2, e.exitCode());
    }
}
