package armvmm.boards.common;

import armvmm.machine.MachineConfig;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What runs when the user names no kernel: the Debian guest that scripts/fetch-guest left in its cache
 * (the armmp-lpae zImage with its initramfs, console on the first PL011), or else what the board does
 * without one (vexpress: the bare-metal demo bundled with it; virt: it asks for --kernel). Every board
 * boots the same fetched guest: Debian's armmp-lpae kernel runs on both.
 */
public record DefaultGuest(Path cacheDir) {
    /** The kernel flavour booted by default: LPAE, as a Cortex-A15 has it. */
    public static final String FLAVOUR = "armmp-lpae";
    public static final String DEFAULT_APPEND = "console=ttyAMA0";

    /** The cache scripts/fetch-guest writes: $ARMVMM_GUEST_CACHE, else $XDG_CACHE_HOME/armvmm/guest, else ~/.cache/armvmm/guest. */
    public static Path standardCacheDir() {
        String env = System.getenv("ARMVMM_GUEST_CACHE");
        if (env != null && !env.isEmpty()) return Path.of(env);
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("armvmm").resolve("guest");
    }

    /** The standard cache, unless the system property armvmm.guest.cache names another (the test suite's way of pinning the demo). */
    public static DefaultGuest fromEnvironment() {
        String prop = System.getProperty("armvmm.guest.cache");
        return new DefaultGuest(prop != null && !prop.isEmpty() ? Path.of(prop) : standardCacheDir());
    }

    public Path file(String flavour, String name) { return cacheDir.resolve(flavour).resolve(name); }

    public Path kernel() { return file(FLAVOUR, "zImage"); }

    public Path initramfs() { return file(FLAVOUR, "initramfs.cpio.gz"); }

    public boolean hasLinux() { return Files.isReadable(kernel()) && Files.isReadable(initramfs()); }

    /** The configuration with the default guest filled in when it names no kernel (the demo needs nothing filled in). */
    public MachineConfig apply(MachineConfig c) {
        if (c.kernel() != null || !hasLinux()) return c;
        return new MachineConfig(c.board(), c.cpus(), c.memoryBytes(), kernel(), c.dtb(), c.initrd() != null ? c.initrd() : initramfs(),
                c.append() != null ? c.append() : DEFAULT_APPEND, c.serial(), c.noReboot(), c.drives(), c.netdevs(), c.devices(), c.console());
    }
}
