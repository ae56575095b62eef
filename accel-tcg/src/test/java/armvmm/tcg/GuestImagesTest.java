package armvmm.tcg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import armvmm.tcg.testing.BareMetal;
import armvmm.tcg.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed guest images are what their sources build to: every guests/ folder is rebuilt with
 * arm-none-eabi-gcc in a temporary copy and each committed .bin, and each ELF kernel of guests/elfboot (built
 * without debug information or symbols, which would name the build folder and temporary files), compared byte for byte. Skipped, saying why,
 * when the toolchain is not installed.
 */
class GuestImagesTest {
    @Test
    void committedImagesMatchTheirSources(@TempDir Path tmp) throws Exception {
        boolean tools = Tools.onPath("arm-none-eabi-gcc") && Tools.onPath("make");
        if (!tools) System.out.println("GuestImagesTest skipped: arm-none-eabi-gcc or make is not installed");
        Assumptions.assumeTrue(tools, "arm-none-eabi-gcc or make is not installed");

        Path guests = BareMetal.guests();
        Path copy = tmp.resolve("guests");
        Tools.copyTree(guests, copy);
        List<Path> committed = new ArrayList<>();
        try (var s = Files.walk(copy)) {
            s.filter(p -> p.toString().endsWith(".bin") || p.getParent().endsWith("elfboot") && p.toString().endsWith(".elf")).forEach(committed::add);
        }
        assertFalse(committed.isEmpty(), "no committed images under " + guests);
        for (Path p : committed) Files.delete(p);
        try (var s = Files.walk(copy)) {
            s.filter(p -> p.toString().endsWith(".elf")).forEach(p -> p.toFile().delete());
        }

        Tools.Run make = Tools.run(copy, 120, List.of("make", "-s"));
        assertEquals(0, make.exitCode(), make.output());
        for (Path rebuilt : committed) {
            Path original = guests.resolve(copy.relativize(rebuilt).toString());
            assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(rebuilt),
                    original + " differs from what its sources build to");
        }
    }
}
