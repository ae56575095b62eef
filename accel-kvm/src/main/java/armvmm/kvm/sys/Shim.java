package armvmm.kvm.sys;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * The native shim (module native-shim): the kick signal handler, pthread_self and pthread_kill with the
 * immediate_exit protocol. Its library travels inside the native-shim jar with a {@code shim.properties}
 * that says whether the build had a C compiler; it is extracted to a temporary file and bound through JNA
 * direct mapping the first time it is needed.
 */
public final class Shim {
    private Shim() {}

    private static final String PROPERTIES = "/armvmm/native/shim.properties";
    private static final String UNUSABLE;

    static {
        String why;
        try {
            why = load(Shim.class::getResourceAsStream);
        } catch (Throwable t) {
            why = "the native shim could not be loaded: " + t;
        }
        UNUSABLE = why;
    }

    /** Empty when the shim is loaded and its kick handler installed; otherwise why not, in one line. */
    public static java.util.Optional<String> unusableReason() { return java.util.Optional.ofNullable(UNUSABLE); }

    /** Opens a class path resource by absolute name, or returns null. */
    interface Resources {
        InputStream open(String name) throws IOException;
    }

    /** Finds, checks, extracts and binds the library; null when loaded, else why not. */
    static String load(Resources resources) throws IOException {
        Properties p = new Properties();
        try (InputStream in = resources.open(PROPERTIES)) {
            if (in == null) return "the native shim (module native-shim) is not on the class path";
            p.load(in);
        }
        if (!"built".equals(p.getProperty("status"))) return p.getProperty("reason", "the native shim was not built");
        String builtFor = p.getProperty("os.arch");
        String here = System.getProperty("os.arch");
        if (!here.equals(builtFor)) return "the native shim was built for " + builtFor + ", this host is " + here;
        Path so;
        try (InputStream lib = resources.open("/" + p.getProperty("library"))) {
            if (lib == null) return "the native shim's library " + p.getProperty("library") + " is missing from its jar";
            so = Files.createTempFile("armvmm-shim", ".so");
            so.toFile().deleteOnExit();
            Files.copy(lib, so, StandardCopyOption.REPLACE_EXISTING);
        }
        Native.register(Shim.class, NativeLibrary.getInstance(so.toString()));
        if (armvmm_immediate_exit_offset() != KvmAbi.Run.IMMEDIATE_EXIT)
            return "the native shim was built against a kvm_run with immediate_exit at offset " + armvmm_immediate_exit_offset();
        int err = armvmm_shim_init();
        if (err != 0) return "installing the vCPU kick signal handler failed: " + KvmException.describe(err);
        return null;
    }

    private static native int armvmm_shim_init();

    private static native int armvmm_kick_signal();

    private static native long armvmm_thread_self();

    private static native int armvmm_immediate_exit_offset();

    private static native int armvmm_kick(long thread, long run);

    private static void requireLoaded() {
        if (UNUSABLE != null) throw new IllegalStateException(UNUSABLE);
    }

    /** The calling thread's pthread_t. */
    public static long threadSelf() {
        requireLoaded();
        return armvmm_thread_self();
    }

    /** The signal a kick sends (SIGUSR1), for messages and docs. */
    public static int kickSignal() {
        requireLoaded();
        return armvmm_kick_signal();
    }

    /**
     * Sets immediate_exit in {@code run} and signals {@code thread}. The caller guarantees the thread is
     * alive (pthread_kill on a finished thread is undefined behaviour). Returns 0 or an errno value.
     */
    public static int kick(long thread, KvmRun run) {
        requireLoaded();
        return armvmm_kick(thread, run.address());
    }
}
