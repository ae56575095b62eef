package armvmm.boards.common;

import static org.junit.jupiter.api.Assertions.*;

import armvmm.machine.MachineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultGuestTest {
    @TempDir
    Path cache;

    static MachineConfig noKernel() { return MachineConfig.minimal("vexpress-a15", 1, 256L << 20); }

    @Test
    void withoutAFetchedGuestTheDemoRuns() {
        MachineConfig cfg = noKernel();
        assertSame(cfg, new DefaultGuest(cache).apply(cfg));
    }

    @Test
    void aFetchedGuestBootsWithItsInitramfsOnTheSerialConsole() throws Exception {
        DefaultGuest g = new DefaultGuest(cache);
        Files.createDirectories(g.kernel().getParent());
        Files.write(g.kernel(), new byte[64]);
        Files.write(g.initramfs(), new byte[64]);
        MachineConfig cfg = g.apply(noKernel());
        assertEquals(cache.resolve("armmp-lpae/zImage"), cfg.kernel());
        assertEquals(cache.resolve("armmp-lpae/initramfs.cpio.gz"), cfg.initrd());
        assertEquals("console=ttyAMA0", cfg.append());

        MachineConfig own = new MachineConfig("vexpress-a15", 1, 256L << 20, cache.resolve("mine"), null, null, "quiet", "none", true,
                List.of(), List.of(), List.of(), "serial");
        assertSame(own, g.apply(own), "a kernel the user names wins");
    }
}
