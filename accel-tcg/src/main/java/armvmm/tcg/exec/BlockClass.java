package armvmm.tcg.exec;

import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.decode.Insn;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The class around a block's generated {@code run(ArmCpu)} (the translator's and the calls form's): a
 * subclass of {@link CompiledBlock} whose static final fields {@code i0, i1, ...} hold the instruction
 * objects its code calls, set from the hidden class's class data (a dynamic constant that was never reached
 * would keep the JIT from compiling the method at all), so the JIT sees constant receivers. Defined as a
 * hidden class, which unloads with its block.
 *
 * <p>The class file is version 49 (Java 5), which needs no StackMapTable: ASM then need not compute frames,
 * a data-flow pass over every generated method in Java (ASM's Frame and MethodWriter were among the
 * methods C2 spent most time on in a boot: 3.6 s of compile time with frames, 1.0 s without), and the JVM
 * verifies the class by type inference in its own C++ code instead.
 *
 * <p>-Darmvmm.tcg.profileVisible=true makes ordinary classes named after the block's guest address
 * instead, which profilers show (JFR leaves hidden classes' frames out of its stack traces); those are never
 * unloaded, so that is for profiling runs only.
 */
final class BlockClass {
    static final boolean PROFILE_VISIBLE = Boolean.getBoolean("armvmm.tcg.profileVisible");
    static final String SUPER = Type.getInternalName(CompiledBlock.class);
    static final String CPU = Type.getInternalName(ArmCpu.class);
    static final String INSN = Type.getInternalName(Insn.class);
    static final String INSN_DESC = Type.getDescriptor(Insn.class);
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static int visibleCount;

    final String name;
    final ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);

    /** {@code kind} names the generator (Translator, BlockCompiler) in the class name. */
    BlockClass(Class<?> kind, Block b) {
        String base = Type.getInternalName(kind) + "$Block";
        name = PROFILE_VISIBLE ? base + String.format("_%08x_%d", b.pc, nextVisible()) : base;
        cw.visit(Opcodes.V1_5, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, name, null, SUPER, null);
    }

    private static synchronized int nextVisible() { return visibleCount++; }

    /** The visitor of {@code public final void run(ArmCpu)}, for the generator to fill. */
    MethodVisitor run() { return cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL, "run", "(L" + CPU + ";)V", null, null); }

    /** Pushes the instruction object {@code i<k>}. */
    void pushInsn(MethodVisitor m, int k) { m.visitFieldInsn(Opcodes.GETSTATIC, name, "i" + k, INSN_DESC); }

    /** Finishes the class with {@code insns} as its fields i0.. and returns an instance. */
    CompiledBlock define(List<Insn> insns) throws Throwable {
        int access = PROFILE_VISIBLE ? Opcodes.ACC_STATIC | Opcodes.ACC_PUBLIC : Opcodes.ACC_STATIC | Opcodes.ACC_FINAL | Opcodes.ACC_PRIVATE;
        for (int k = 0; k < insns.size(); k++) cw.visitField(access, "i" + k, INSN_DESC, null, null).visitEnd();
        if (!PROFILE_VISIBLE && !insns.isEmpty()) {
            // static { List<?> d = MethodHandles.classData(lookup(), "_", List.class); i0 = (Insn) d.get(0); ... }
            MethodVisitor clinit = cw.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
            clinit.visitCode();
            clinit.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/invoke/MethodHandles", "lookup", "()Ljava/lang/invoke/MethodHandles$Lookup;", false);
            clinit.visitLdcInsn("_");
            clinit.visitLdcInsn(Type.getType(List.class));
            clinit.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/invoke/MethodHandles", "classData",
                    "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;)Ljava/lang/Object;", false);
            clinit.visitTypeInsn(Opcodes.CHECKCAST, "java/util/List");
            clinit.visitVarInsn(Opcodes.ASTORE, 0);
            for (int k = 0; k < insns.size(); k++) {
                clinit.visitVarInsn(Opcodes.ALOAD, 0);
                clinit.visitLdcInsn(k);
                clinit.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/util/List", "get", "(I)Ljava/lang/Object;", true);
                clinit.visitTypeInsn(Opcodes.CHECKCAST, INSN);
                clinit.visitFieldInsn(Opcodes.PUTSTATIC, name, "i" + k, INSN_DESC);
            }
            clinit.visitInsn(Opcodes.RETURN);
            clinit.visitMaxs(0, 0);
            clinit.visitEnd();
        }
        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, SUPER, "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        cw.visitEnd();
        byte[] bytes = cw.toByteArray();
        CompiledBlock block;
        if (PROFILE_VISIBLE) {
            Class<?> c = LOOKUP.defineClass(bytes);
            for (int k = 0; k < insns.size(); k++) c.getField("i" + k).set(null, insns.get(k));
            block = (CompiledBlock) c.getConstructor().newInstance();
        } else {
            MethodHandles.Lookup hidden = LOOKUP.defineHiddenClassWithClassData(bytes, List.copyOf(insns), true);
            block = (CompiledBlock) hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class)).invoke();
        }
        block.classBytes = bytes.length;
        return block;
    }
}
