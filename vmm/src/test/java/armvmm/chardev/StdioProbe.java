package armvmm.chardev;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A separate JVM for {@link StdioBackendTerminalTest}: opens the stdio backend on the terminal it is
 * started on and reports what it saw. "echo" mode: prints what the guest would receive until Ctrl-A x,
 * then closes. "hold" mode: stays in raw mode until killed.
 */
public final class StdioProbe {
    private StdioProbe() {}

    static String stty() throws Exception {
        Process p = new ProcessBuilder("stty", "-g").redirectInput(new File("/dev/tty")).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        p.waitFor();
        return out;
    }

    public static void main(String[] args) throws Exception {
        String before = stty();
        CountDownLatch quit = new CountDownLatch(1);
        CharBackend backend = new CharBackendSpec.Stdio().open(quit::countDown);
        String during = stty();
        if (args[0].equals("hold")) {
            System.out.println("RAW " + !before.equals(during));
            System.out.flush();
            Thread.sleep(30_000);
            return;
        }
        System.out.println("READY");
        System.out.flush();
        StringBuilder got = new StringBuilder();
        backend.connect((d, o, l) -> {
            synchronized (got) {
                for (int i = 0; i < l; i++) got.append(String.format("%02x", d[o + i]));
            }
            return l;
        });
        boolean quitTyped = quit.await(10, TimeUnit.SECONDS);
        backend.close();
        String after = stty();
        synchronized (got) {
            System.out.println("RESULT raw=" + !before.equals(during) + " restored=" + before.equals(after) + " quit=" + quitTyped + " got=" + got);
        }
    }
}
