package armvmm.devices.block.nbd;

import java.nio.file.Path;

/**
 * A stand-in for a VMM process, run in its own JVM by {@link QemuNbdServerTest}: starts qemu-nbd on the
 * image in args[0] (connecting to it when args[1] is "connect"), prints the helper's pid, then waits to be killed.
 */
public final class QemuNbdChild {
    public static void main(String[] args) throws Exception {
        QemuNbdServer s = QemuNbdServer.start(new QemuNbdServer.Options(Path.of(args[0]), "raw", false, false));
        NbdClient c = args.length > 1 && args[1].equals("connect") ? s.connect() : null;
        System.out.println("helper " + s.pid() + (c != null ? " connected" : ""));
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
