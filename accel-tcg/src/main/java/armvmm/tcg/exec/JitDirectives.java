package armvmm.tcg.exec;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.ObjectName;

/**
 * Compiler directives for translated blocks, given to the running JVM once (the DiagnosticCommand MBean's
 * Compiler.directives_add, what {@code jcmd PID Compiler.directives_add FILE} does): the slow paths of
 * memory accesses ({@link TlbAccess}'s slow* methods) and the executors of call-outs stay calls. A block
 * then compiles to a few kilobytes in tens of milliseconds instead of a hundred kilobytes in most of a
 * second, which on a small host is the difference between the JIT keeping up with the guest and the guest
 * waiting in the JVM's interpreter. Without the MBean (a runtime built without jdk.management) blocks are
 * still correct, only slower to compile; that is logged once.
 */
final class JitDirectives {
    private static final String DIRECTIVES = """
            [ { match: "armvmm/tcg/exec/Translator$Block*.*",
                inline: [ "-armvmm/tcg/exec/TlbAccess.slow*", "-armvmm/isa/decode/Insn.*", "-armvmm/isa/*.execute" ] } ]
            """;
    private static boolean installed;

    private JitDirectives() { }

    static synchronized void install() {
        if (installed) return;
        installed = true;
        try {
            Path f = Files.createTempFile("armvmm-jit", ".json");
            try {
                Files.writeString(f, DIRECTIVES);
                ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                        "compilerDirectivesAdd", new Object[] {new String[] {f.toString()}}, new String[] {String[].class.getName()});
            } finally {
                Files.deleteIfExists(f);
            }
        } catch (Exception | LinkageError e) {
            System.getLogger(JitDirectives.class.getName()).log(System.Logger.Level.INFO,
                    "JIT directives for translated blocks not installed (" + e + "): blocks compile slower");
        }
    }
}
