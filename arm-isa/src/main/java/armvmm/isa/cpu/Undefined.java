package armvmm.isa.cpu;

/**
 * Thrown by an executor (or a decoder's lazily-checked form) when the instruction is UNDEFINED at the time it
 * executes, e.g. a coprocessor access the registry refuses or a disabled VFP unit. The interpreter takes the
 * Undefined Instruction exception for the instruction that was executing. One shared stackless instance:
 * throwing it allocates nothing.
 */
public final class Undefined extends RuntimeException {
    public static final Undefined INSTANCE = new Undefined();

    private Undefined() { super("undefined instruction", null, false, false); }
}
