package armvmm.kvm.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the shim is found, and the one-line reasons when it cannot be used. */
class ShimTest {
    private static Shim.Resources only(Map<String, String> files) {
        return name -> files.containsKey(name) ? new ByteArrayInputStream(files.get(name).getBytes(StandardCharsets.UTF_8)) : null;
    }

    @Test
    void aBuildWithoutACompilerPassesItsReasonOn() throws Exception {
        String why = Shim.load(only(Map.of("/armvmm/native/shim.properties",
                "status=unavailable\nreason=the native shim was not built: no working C compiler 'cc' at build time\n")));
        assertEquals("the native shim was not built: no working C compiler 'cc' at build time", why);
    }

    @Test
    void aLibraryForAnotherArchitectureIsRefused() throws Exception {
        String why = Shim.load(only(Map.of("/armvmm/native/shim.properties",
                "status=built\nos.arch=sparc\nlibrary=armvmm/native/libarmvmm-shim.so\n")));
        assertEquals("the native shim was built for sparc, this host is " + System.getProperty("os.arch"), why);
    }

    @Test
    void noShimOnTheClassPathIsSaid() throws Exception {
        assertEquals("the native shim (module native-shim) is not on the class path", Shim.load(only(Map.of())));
    }

    @Test
    void theRealShimLoadsHere() throws Exception {
        java.util.Properties built = new java.util.Properties();
        try (var in = Shim.class.getResourceAsStream("/armvmm/native/shim.properties")) {
            built.load(in);
        }
        assumeTrue("built".equals(built.getProperty("status")), built.getProperty("reason"));
        assertEquals("", Shim.unusableReason().orElse(""));
        assertEquals(10, Shim.kickSignal()); // SIGUSR1 on x86 and arm Linux
        assertTrue(Shim.threadSelf() != 0);
    }
}
