package armvmm.boards;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where scripts/fetch-guest leaves the Debian guest (the same rule as the script). */
public final class GuestCache {
    private GuestCache() {}

    public static Path dir() {
        String env = System.getenv("ARMVMM_GUEST_CACHE");
        if (env != null && !env.isEmpty()) return Path.of(env);
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("armvmm").resolve("guest");
    }

    /** A file of a flavour (armmp, armmp-lpae), if the script has fetched it. */
    public static Path file(String flavour, String name) { return dir().resolve(flavour).resolve(name); }

    public static boolean has(String flavour) {
        return Files.isReadable(file(flavour, "zImage")) && Files.isReadable(file(flavour, "initramfs.cpio.gz"))
                && Files.isReadable(file(flavour, "vexpress-v2p-ca15-tc1.dtb"));
    }

    public static String missing(String flavour) {
        return "the Debian " + flavour + " guest is not in " + dir() + " (run scripts/fetch-guest)";
    }
}
