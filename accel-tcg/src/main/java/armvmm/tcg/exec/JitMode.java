package armvmm.tcg.exec;

import java.util.Locale;

/**
 * How the TCG turns a hot block into JVM code: {@code TRANSLATE}, the {@link Translator}'s own bytecode
 * (the default); {@code CALLS}, a method calling each instruction's executor ({@link BlockCompiler}); {@code
 * OFF}, interpretation only (the reference the others are tested against).
 */
public enum JitMode {
    TRANSLATE(Integer.getInteger("armvmm.tcg.translateThreshold", 1000)),
    CALLS(Integer.getInteger("armvmm.tcg.compileThreshold", 5000)),
    OFF(0);

    /** Runs of a block before it is turned into JVM code. */
    public final int threshold;

    JitMode(int threshold) { this.threshold = threshold; }

    /** From -Darmvmm.tcg.jit, TRANSLATE when unset. */
    public static final JitMode DEFAULT = java.util.Objects.requireNonNullElse(parse(System.getProperty("armvmm.tcg.jit", "translate")), TRANSLATE);

    /** {@code translate}, {@code calls} or {@code off}; null for anything else. */
    public static JitMode parse(String name) {
        for (JitMode m : values()) if (m.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) return m;
        return null;
    }
}
