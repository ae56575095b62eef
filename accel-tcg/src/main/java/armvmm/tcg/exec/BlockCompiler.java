package armvmm.tcg.exec;

import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.decode.Insn;
import armvmm.isa.insn.Branch;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The first stage of translation to JVM bytecode: a block that has run {@link #THRESHOLD} times becomes a
 * hidden class whose one method calls each instruction's {@code execute} in sequence, with the condition
 * checks of instructions that are not AL. Each instruction object is a static final field of the class, set
 * from its class data (a dynamic constant that was never reached would keep the JIT from compiling the method
 * at all), so the JIT knows the exact receiver of every call and inlines the executors into one
 * straight-line method: what the interpreter's loop pays per instruction (a megamorphic call, the
 * condition field, the loop) goes, and the semantics stay those of the executors, unchanged.
 *
 * <p>Only hot blocks are compiled: each hidden class costs the JIT a compilation of its own, so a
 * threshold in the thousands keeps that work on the loops that repay it (decompressors, bignum, memset).
 */
final class BlockCompiler {
    /**
     * Runs of a block before it is compiled, by default; 0 turns compilation off (-Darmvmm.tcg.compileThreshold).
     * Measured on the Debian boot to its prompt (bench/boot-time, bin/vmm's JVM flags, medians of 3):
     * 24.0 s with 5,000, 23.0 s with 20,000 (within the noise of each other); single boots without those
     * flags: 33 s with compilation off, 27 to 31 s with thresholds of 2,000 to 20,000.
     */
    static final int THRESHOLD = Integer.getInteger("armvmm.tcg.compileThreshold", 5000);

    /**
     * Extra rounds of a self-looping block per call (memset, memcpy, bignum and delay loops): the loop stays
     * in the compiled method, and interrupts still wait at most this many rounds (each at most 64 instructions).
     */
    static final int MAX_REPEATS = 32;

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final String SUPER = Type.getInternalName(CompiledBlock.class);
    private static final String CPU = Type.getInternalName(ArmCpu.class);
    private static final String INSN = Type.getInternalName(Insn.class);
    private static final String INSN_DESC = Type.getDescriptor(Insn.class);

    private BlockCompiler() { }

    /** The block as a {@link CompiledBlock}; throws if the class cannot be defined (the caller keeps interpreting). */
    static CompiledBlock compile(Block b) throws Throwable {
        Insn[] insns = b.insns;
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
            @Override
            protected String getCommonSuperClass(String type1, String type2) { return "java/lang/Object"; }
        };
        String name = Type.getInternalName(BlockCompiler.class) + "$Block";
        cw.visit(Opcodes.V17, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, name, null, SUPER, null);

        // static final Insn i0, i1, ...; static { List<?> d = MethodHandles.classData(lookup(), "_", List.class); i0 = (Insn) d.get(0); ... }
        for (int k = 0; k < insns.length; k++)
            cw.visitField(Opcodes.ACC_STATIC | Opcodes.ACC_FINAL | Opcodes.ACC_PRIVATE, "i" + k, INSN_DESC, null, null).visitEnd();
        MethodVisitor clinit = cw.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
        clinit.visitCode();
        clinit.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/invoke/MethodHandles", "lookup", "()Ljava/lang/invoke/MethodHandles$Lookup;", false);
        clinit.visitLdcInsn("_");
        clinit.visitLdcInsn(Type.getType(List.class));
        clinit.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/invoke/MethodHandles", "classData",
                "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;)Ljava/lang/Object;", false);
        clinit.visitTypeInsn(Opcodes.CHECKCAST, "java/util/List");
        clinit.visitVarInsn(Opcodes.ASTORE, 0);
        for (int k = 0; k < insns.length; k++) {
            clinit.visitVarInsn(Opcodes.ALOAD, 0);
            clinit.visitLdcInsn(k);
            clinit.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/util/List", "get", "(I)Ljava/lang/Object;", true);
            clinit.visitTypeInsn(Opcodes.CHECKCAST, INSN);
            clinit.visitFieldInsn(Opcodes.PUTSTATIC, name, "i" + k, INSN_DESC);
        }
        clinit.visitInsn(Opcodes.RETURN);
        clinit.visitMaxs(0, 0);
        clinit.visitEnd();

        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, SUPER, "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();

        // void run(ArmCpu cpu) {
        //   int repeats = 0;
        //   top: int k = 0;
        //   try { ...; k++; ...
        //         if (selfLoop && cpu.pcWritten && cpu.nextPc == pc && repeats < MAX_REPEATS) { repeats++; cpu.pcWritten = false; goto top; }
        //   } catch (any) { faultIndex = k; this.repeats = repeats; throw; }
        //   this.repeats = repeats;
        // }
        boolean selfLoop = insns[insns.length - 1] instanceof Branch.Imm br && br.target() == b.pc && !br.exchanges()
                && b.itAfter == b.itStart;
        MethodVisitor m = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL, "run", "(L" + CPU + ";)V", null, null);
        m.visitCode();
        Label start = new Label(), end = new Label(), handler = new Label(), top = new Label(), exit = new Label();
        m.visitTryCatchBlock(start, end, handler, null);
        m.visitInsn(Opcodes.ICONST_0);
        m.visitVarInsn(Opcodes.ISTORE, 4);
        m.visitLabel(top);
        m.visitInsn(Opcodes.ICONST_0);
        m.visitVarInsn(Opcodes.ISTORE, 2);
        m.visitLabel(start);
        for (int k = 0; k < insns.length; k++) {
            Insn insn = insns[k];
            Label skip = null;
            if (insn.cond != Insn.AL) {
                skip = new Label();
                m.visitVarInsn(Opcodes.ALOAD, 1);
                m.visitIntInsn(Opcodes.BIPUSH, insn.cond);
                m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, CPU, "conditionPassed", "(I)Z", false);
                m.visitJumpInsn(Opcodes.IFEQ, skip);
            }
            m.visitFieldInsn(Opcodes.GETSTATIC, name, "i" + k, INSN_DESC);
            m.visitVarInsn(Opcodes.ALOAD, 1);
            m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, INSN, "execute", "(L" + CPU + ";)V", false);
            if (skip != null) m.visitLabel(skip);
            m.visitIincInsn(2, 1);
        }
        if (selfLoop) {
            m.visitVarInsn(Opcodes.ALOAD, 1);
            m.visitFieldInsn(Opcodes.GETFIELD, CPU, "pcWritten", "Z");
            m.visitJumpInsn(Opcodes.IFEQ, exit);
            m.visitVarInsn(Opcodes.ALOAD, 1);
            m.visitFieldInsn(Opcodes.GETFIELD, CPU, "nextPc", "I");
            m.visitLdcInsn(b.pc);
            m.visitJumpInsn(Opcodes.IF_ICMPNE, exit);
            m.visitVarInsn(Opcodes.ILOAD, 4);
            m.visitLdcInsn(MAX_REPEATS);
            m.visitJumpInsn(Opcodes.IF_ICMPGE, exit);
            m.visitIincInsn(4, 1);
            m.visitVarInsn(Opcodes.ALOAD, 1);
            m.visitInsn(Opcodes.ICONST_0);
            m.visitFieldInsn(Opcodes.PUTFIELD, CPU, "pcWritten", "Z");
            m.visitJumpInsn(Opcodes.GOTO, top);
        }
        m.visitLabel(end);
        m.visitLabel(exit);
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitVarInsn(Opcodes.ILOAD, 4);
        m.visitFieldInsn(Opcodes.PUTFIELD, SUPER, "repeats", "I");
        m.visitInsn(Opcodes.RETURN);
        m.visitLabel(handler);
        m.visitVarInsn(Opcodes.ASTORE, 3);
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitVarInsn(Opcodes.ILOAD, 2);
        m.visitFieldInsn(Opcodes.PUTFIELD, SUPER, "faultIndex", "I");
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitVarInsn(Opcodes.ILOAD, 4);
        m.visitFieldInsn(Opcodes.PUTFIELD, SUPER, "repeats", "I");
        m.visitVarInsn(Opcodes.ALOAD, 3);
        m.visitInsn(Opcodes.ATHROW);
        m.visitMaxs(0, 0);
        m.visitEnd();
        cw.visitEnd();

        MethodHandles.Lookup hidden = LOOKUP.defineHiddenClassWithClassData(cw.toByteArray(), List.of(insns), true);
        return (CompiledBlock) hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class)).invoke();
    }
}
