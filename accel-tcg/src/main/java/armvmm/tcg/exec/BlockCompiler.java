package armvmm.tcg.exec;

import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.decode.Insn;
import armvmm.isa.insn.Branch;
import java.util.List;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The calls form of JVM code ({@link JitMode#CALLS}): a block that has run {@link JitMode#threshold} times becomes a
 * hidden class whose one method calls each instruction's {@code execute} in sequence, with the condition
 * checks of instructions that are not AL. Each instruction object is a static final field of the class, set
 * from its class data (a dynamic constant that was never reached would keep the JIT from compiling the method
 * at all), so the JIT knows the exact receiver of every call and inlines the executors into one
 * straight-line method: what the interpreter's loop pays per instruction (a megamorphic call, the
 * condition field, the loop) goes, and the semantics stay those of the executors, unchanged.
 *
 * <p>Only hot blocks are compiled: each hidden class costs the JIT a compilation of its own, so a
 * threshold in the thousands keeps that work on the loops that repay it (decompressors, bignum, memset).
 * Measured before the translator existed, on the Debian boot to its prompt (bench/boot-time, medians of 3):
 * 24.0 s with 5,000, 23.0 s with 20,000; 33 s with compilation off. The translator also falls back to this
 * form for a block too large for the JIT to compile as translated code.
 */
final class BlockCompiler {
    /**
     * Extra rounds of a self-looping block per call (memset, memcpy, bignum and delay loops): the loop stays
     * in the compiled method, and interrupts still wait at most this many rounds (each at most 64 instructions).
     */
    static final int MAX_REPEATS = 32;

    private static final String SUPER = Type.getInternalName(CompiledBlock.class);
    private static final String CPU = Type.getInternalName(ArmCpu.class);

    private BlockCompiler() { }

    /** The block as a {@link CompiledBlock}; throws if the class cannot be defined (the caller keeps interpreting). */
    static CompiledBlock compile(Block b) throws Throwable {
        Insn[] insns = b.insns;
        BlockClass bc = new BlockClass(BlockCompiler.class, b);

        // void run(ArmCpu cpu) {
        //   int repeats = 0;
        //   top: int k = 0;
        //   try { ...; k++; ...
        //         if (selfLoop && cpu.pcWritten && cpu.nextPc == pc && repeats < MAX_REPEATS) { repeats++; cpu.pcWritten = false; goto top; }
        //   } catch (any) { faultIndex = k; executed = repeats * length; throw; }
        //   executed = (repeats + 1) * length;
        // }
        boolean selfLoop = insns[insns.length - 1] instanceof Branch.Imm br && br.target() == b.pc && !br.exchanges()
                && b.itAfter == b.itStart;
        MethodVisitor m = bc.run();
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
            bc.pushInsn(m, k);
            m.visitVarInsn(Opcodes.ALOAD, 1);
            m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, BlockClass.INSN, "execute", "(L" + CPU + ";)V", false);
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
        // executed = (repeats + 1) * length
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitVarInsn(Opcodes.ILOAD, 4);
        m.visitInsn(Opcodes.ICONST_1);
        m.visitInsn(Opcodes.IADD);
        m.visitLdcInsn(insns.length);
        m.visitInsn(Opcodes.IMUL);
        m.visitFieldInsn(Opcodes.PUTFIELD, SUPER, "executed", "I");
        m.visitInsn(Opcodes.RETURN);
        m.visitLabel(handler);
        m.visitVarInsn(Opcodes.ASTORE, 3);
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitVarInsn(Opcodes.ILOAD, 2);
        m.visitFieldInsn(Opcodes.PUTFIELD, SUPER, "faultIndex", "I");
        // executed = repeats * length: the rounds completed before the one that faulted
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitVarInsn(Opcodes.ILOAD, 4);
        m.visitLdcInsn(insns.length);
        m.visitInsn(Opcodes.IMUL);
        m.visitFieldInsn(Opcodes.PUTFIELD, SUPER, "executed", "I");
        m.visitVarInsn(Opcodes.ALOAD, 3);
        m.visitInsn(Opcodes.ATHROW);
        m.visitMaxs(0, 0);
        m.visitEnd();
        return bc.define(List.of(insns)).of(b);
    }
}
