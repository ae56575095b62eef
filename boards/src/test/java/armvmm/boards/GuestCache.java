package armvmm.boards;

import armvmm.boards.common.DefaultGuest;
import java.nio.file.Files;
import java.nio.file.Path;

/** The Debian guest of scripts/fetch-guest in its standard cache, for the tests that need the real thing. */
public final class GuestCache {
    private GuestCache() {}

    static final DefaultGuest CACHE = new DefaultGuest(DefaultGuest.standardCacheDir());

    /** A file of a flavour (armmp, armmp-lpae), if the script has fetched it. */
    public static Path file(String flavour, String name) { return CACHE.file(flavour, name); }

    public static boolean has(String flavour) {
        return Files.isReadable(file(flavour, "zImage")) && Files.isReadable(file(flavour, "initramfs.cpio.gz"))
                && Files.isReadable(file(flavour, "vexpress-v2p-ca15-tc1.dtb"));
    }

    public static String missing(String flavour) {
        return "the Debian " + flavour + " guest is not in " + CACHE.cacheDir() + " (run scripts/fetch-guest)";
    }
}
