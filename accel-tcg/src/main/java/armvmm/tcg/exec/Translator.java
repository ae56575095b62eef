package armvmm.tcg.exec;

import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.decode.Insn;
import armvmm.isa.insn.Alu;
import armvmm.isa.insn.Branch;
import armvmm.isa.insn.DataProcessing;
import armvmm.isa.insn.LoadStore;
import armvmm.isa.insn.LoadStoreMultiple;
import armvmm.isa.insn.Multiply;
import armvmm.isa.insn.Packing;
import armvmm.isa.mem.MemoryAccess;
import armvmm.isa.mem.Mmu;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The translator: a {@link Block}'s decoded instructions become JVM bytecode of their own, one hidden class
 * per block (unloaded with its block). Inside the generated method the guest registers the block touches
 * live in JVM locals (loaded at entry, written back at every exit, normal or by a guest exception), the
 * flags live in four locals in a lazy form (N and Z as the last result, whose sign and zero-ness are the
 * flags; V as a value whose sign is the flag; C as 0 or 1), so a flag nobody reads before the next
 * flag-setting instruction is dead code the JIT removes; conditions are branches over those locals.
 *
 * <p>Emitted inline: data processing in every operand form (immediate, shift by immediate, shift by
 * register) with and without flags, MOVW/MOVT, MUL/MLA/MLS and the 32x32->64 multiplies, UXTB/SXTB/UXTH/SXTH
 * (and their accumulating forms), the single loads
 * and stores of words, halfwords and bytes (signed or not, any offset form, pre/post-indexed, write-back,
 * LDR to the PC), LDM/STM (PUSH/POP, with the PC), B/BL, BX/BLX register, CBZ/CBNZ. A memory access is a
 * call to {@link TlbAccess}, whose software-TLB hit test and host access the JIT inlines into the block
 * (over the TLB arrays the block loaded once, {@link Mmu#readTags()}); a miss, an unaligned access, MMIO and
 * code-page stores take its out-of-line slow path, the interpreter's. The call keeps a block's bytecode
 * small: the JVM interprets a new block until the JIT has compiled it, and compiles small methods sooner
 * (bench/README.md). Every other form (VFP/NEON, exclusives, coprocessor, status register, exception
 * generating, LDRD/STRD, the user-register and exception-return LDM/STM, data processing into the PC, ...)
 * calls its executor with the registers and flags written back before and reloaded after the call.
 *
 * <p>The method covers a {@link Region}: the hot block and the blocks it branches or falls through to,
 * with branches between them as jumps inside the method and the registers staying in locals. A jump back
 * (a loop) leaves once {@link #LOOP_INSNS} guest instructions have run in the call, and every jump between
 * members leaves on a pending request: with the 64-instruction block limit and {@link Region#MAX_MEMBERS}
 * that bounds how long an interrupt waits.
 */
final class Translator {
    /** Guest instructions a self-looping block may run in one call before it returns to the dispatcher. */
    static final int LOOP_INSNS = 4096;
    /** Past this estimate of the method's bytecode size the JIT would not compile it: use the calls form. */
    private static final int MAX_CODE_ESTIMATE = 7000;

    private static final String SUPER = BlockClass.SUPER;
    private static final String CPU = BlockClass.CPU;
    private static final String MMU = Type.getInternalName(Mmu.class);
    private static final String INSN = BlockClass.INSN;
    private static final String ALU = Type.getInternalName(Alu.class);
    private static final String TLB_ACCESS = Type.getInternalName(TlbAccess.class);
    private static final String INTERPRETER = Type.getInternalName(Interpreter.class);

    // Local variable slots of the generated run(ArmCpu).
    private static final int THIS = 0, CPU_L = 1, REGS = 2, INDEX = 3, ICOUNT = 4, MMU_L = 5, READ_TAGS = 6,
            WRITE_TAGS = 7, HOST_PAGES = 8, ASID = 9 /* long */, PL0 = 11, R0 = 12 /* R0..R14: 12..26 */,
            NRES = 27, ZRES = 28, CFLAG = 29, VRES = 30, EXIT_MEMBER = 31, OWNER = 32, INT_TEMPS = 33, LONG_TEMPS = 160;

    private Translator() { }

    /**
     * A region of blocks entered from {@code members[0]} ({@link Region}) as a {@link CompiledBlock}: as many of
     * them, in order, as the JIT's method size limit allows, or null when not even the first fits.
     */
    static CompiledBlock translate(Block[] members) throws Throwable {
        JitDirectives.install();
        for (int n = members.length; ; n = n / 2) {
            Block[] region = n == members.length ? members : java.util.Arrays.copyOf(members, n);
            Emitter survey = new Emitter(region, null, null);
            survey.body(new MethodVisitor(Opcodes.ASM9) { });
            if (survey.codeEstimate <= MAX_CODE_ESTIMATE) {
                BlockClass c = new BlockClass(Translator.class, region[0]);
                Emitter e = new Emitter(region, survey, c);
                e.method(c.run());
                return c.define(e.calledOut).of(region);
            }
            if (n == 1) return null;
        }
    }

    /**
     * Emits one block's method. Run twice: a survey into a visitor that drops everything, to learn which
     * registers and flags the block uses (the prologue loads them, every call-out reloads them), then for real.
     */
    private static final class Emitter {
        /** The region's blocks; the first is the one the code is entered from. All share its instruction set and privilege. */
        final Block[] members;
        final boolean thumb;
        /** Every member's instructions, member after member ({@link CompiledBlock#insns}). */
        final Insn[] insns;
        final Emitter survey;
        /** The class being written (null for the survey). */
        final BlockClass blockClass;
        MethodVisitor m;
        /** Registers the code reads or writes through locals; registers written inline; written since the last sync. */
        int used, written, dirty;
        boolean flagsUsed, flagsWritten, flagsDirty, memUsed, anyCallOut;
        int codeEstimate;
        final List<Insn> calledOut = new ArrayList<>();
        int nextInt, nextLong;
        Insn insn;
        /** The instruction being emitted: its index in {@link #insns}; its member. */
        int index, member;
        /** Each member's first instruction; the shared exit. */
        Label[] entry;
        /** The shared exit, which writes the locals back; the one for when the CPU object is already up to date. */
        Label exit, exitSynced;
        /** The last instruction was a call-out the locals were not reloaded after: they are stale. */
        boolean synced;
        /** Members some jump inside the code goes to (learnt by the survey). */
        boolean[] jumpedTo;

        Emitter(Block[] members, Emitter survey, BlockClass blockClass) {
            this.members = members;
            this.thumb = members[0].thumb;
            int n = 0;
            for (Block b : members) n += b.insns.length;
            insns = new Insn[n];
            n = 0;
            for (Block b : members) {
                System.arraycopy(b.insns, 0, insns, n, b.insns.length);
                n += b.insns.length;
            }
            this.survey = survey;
            this.blockClass = blockClass;
            jumpedTo = new boolean[members.length];
        }

        // ---- the method

        void method(MethodVisitor mv) {
            m = mv;
            m.visitCode();
            Label start = new Label(), end = new Label(), handler = new Label();
            m.visitTryCatchBlock(start, end, handler, null);
            prologue();
            m.visitLabel(start);
            body(mv);
            m.visitLabel(end);
            m.visitLabel(exit);
            storeRegs(survey.written);
            if (survey.flagsWritten) storeFlags();
            m.visitLabel(exitSynced);
            epilogue();
            m.visitInsn(Opcodes.RETURN);
            m.visitLabel(handler);
            // A guest exception: the locals hold the state before the faulting instruction; write it back.
            m.visitVarInsn(Opcodes.ASTORE, INT_TEMPS);
            storeRegs(survey.written);
            if (survey.flagsWritten) storeFlags();
            m.visitVarInsn(Opcodes.ALOAD, THIS);
            m.visitVarInsn(Opcodes.ILOAD, INDEX);
            m.visitFieldInsn(Opcodes.PUTFIELD, SUPER, "faultIndex", "I");
            m.visitVarInsn(Opcodes.ALOAD, THIS);
            m.visitVarInsn(Opcodes.ILOAD, ICOUNT);
            m.visitFieldInsn(Opcodes.PUTFIELD, SUPER, "executed", "I");
            m.visitVarInsn(Opcodes.ALOAD, INT_TEMPS);
            m.visitInsn(Opcodes.ATHROW);
            m.visitMaxs(0, 0);
            m.visitEnd();
        }

        private void prologue() {
            m.visitInsn(Opcodes.ICONST_0);
            m.visitVarInsn(Opcodes.ISTORE, INDEX);
            m.visitInsn(Opcodes.ICONST_0);
            m.visitVarInsn(Opcodes.ISTORE, ICOUNT);
            m.visitInsn(Opcodes.ICONST_0);
            m.visitVarInsn(Opcodes.ISTORE, EXIT_MEMBER);
            m.visitVarInsn(Opcodes.ALOAD, THIS);
            m.visitFieldInsn(Opcodes.GETFIELD, SUPER, "interpreter", "L" + INTERPRETER + ";");
            m.visitVarInsn(Opcodes.ASTORE, OWNER);
            m.visitVarInsn(Opcodes.ALOAD, CPU_L);
            m.visitFieldInsn(Opcodes.GETFIELD, CPU, "r", "[I");
            m.visitVarInsn(Opcodes.ASTORE, REGS);
            if (survey.memUsed) {
                m.visitVarInsn(Opcodes.ALOAD, CPU_L);
                m.visitFieldInsn(Opcodes.GETFIELD, CPU, "mem", Type.getDescriptor(MemoryAccess.class));
                m.visitTypeInsn(Opcodes.CHECKCAST, MMU);
                m.visitVarInsn(Opcodes.ASTORE, MMU_L);
                mmuArray("readTags", READ_TAGS);
                mmuArray("writeTags", WRITE_TAGS);
                mmuArray("hostPages", HOST_PAGES);
                m.visitVarInsn(Opcodes.ALOAD, MMU_L);
                m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, MMU, "asidKey", "()J", false);
                m.visitVarInsn(Opcodes.LSTORE, ASID);
                // The PL0 half of the TLB: the CPU's mode as the access flags carry it, or the MMU's own view.
                m.visitVarInsn(Opcodes.ALOAD, CPU_L);
                m.visitFieldInsn(Opcodes.GETFIELD, CPU, "memFlags", "I");
                m.visitInsn(Opcodes.ICONST_1);
                m.visitInsn(Opcodes.IAND);
                m.visitIntInsn(Opcodes.BIPUSH, Mmu.TLB_BITS);
                m.visitInsn(Opcodes.ISHL);
                m.visitVarInsn(Opcodes.ALOAD, MMU_L);
                m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, MMU, "pl0Index", "()I", false);
                m.visitInsn(Opcodes.IOR);
                m.visitVarInsn(Opcodes.ISTORE, PL0);
            }
            loadRegs(survey.used);
            if (survey.flagsUsed) loadFlags();
        }

        private void mmuArray(String getter, int slot) {
            m.visitVarInsn(Opcodes.ALOAD, MMU_L);
            m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, MMU, getter, "()[J", false);
            m.visitVarInsn(Opcodes.ASTORE, slot);
        }

        /** The shared exit's end: what the interpreter reads (the locals are written back before, where needed). */
        private void epilogue() {
            m.visitVarInsn(Opcodes.ALOAD, THIS);
            m.visitVarInsn(Opcodes.ILOAD, ICOUNT);
            m.visitFieldInsn(Opcodes.PUTFIELD, SUPER, "executed", "I");
            m.visitVarInsn(Opcodes.ALOAD, THIS);
            m.visitVarInsn(Opcodes.ILOAD, EXIT_MEMBER);
            m.visitFieldInsn(Opcodes.PUTFIELD, SUPER, "exitMember", "I");
        }

        void body(MethodVisitor mv) {
            m = mv;
            entry = new Label[members.length];
            for (int j = 0; j < members.length; j++) entry[j] = new Label();
            exit = new Label();
            exitSynced = new Label();
            index = 0;
            for (member = 0; member < members.length; member++) {
                m.visitLabel(entry[member]);
                // A member reached by a jump may come from anywhere in the code: assume everything unsynced.
                boolean merge = survey == null || member > 0 || survey.jumpedTo[0];
                dirty = merge && survey != null ? survey.written : 0;
                flagsDirty = merge && survey != null && survey.flagsWritten;
                int end = index + members[member].insns.length;
                for (; index < end; index++) {
                    insn = insns[index];
                    nextInt = INT_TEMPS;
                    nextLong = LONG_TEMPS;
                    synced = false;
                    if (!inline(insn)) callOut();
                }
                memberEnd();
            }
        }

        /**
         * After a member's last instruction ({@link #insn}): a direct branch has already gone where it was
         * taken ({@link #jumpTo}); what falls through goes on at the block's end, inside the code if that is a
         * member; after anything else (an indirect branch, an instruction that may change the context) the code
         * returns, with the PC as that instruction left it.
         */
        private void memberEnd() {
            Block b = members[member];
            if (insn instanceof Branch.Imm br && !br.exchange) {
                if (insn.cond != Insn.AL) jumpTo(b.endPc, false);
            } else if (insn instanceof Branch.CompareZero || !insn.endsBlock()) {
                jumpTo(b.endPc, false);
            } else {
                leave();
            }
        }

        /**
         * Continues at guest address {@code target} after the current member: a jump to its member if it is one,
         * else a return with the PC written ({@code taken}) or left for the interpreter to set to the member's end.
         * A jump back (to this member or an earlier one) first checks the instruction budget, {@link #LOOP_INSNS}.
         */
        private void jumpTo(int target, boolean taken) {
            target &= thumb ? ~1 : ~3;
            int t = memberAt(target);
            count(12);
            if (t < 0) {
                if (taken) writePc(target);
                leave();
                return;
            }
            jumpedTo[t] = true;
            m.visitIincInsn(ICOUNT, members[member].insns.length);
            // A request (another thread's, or a store into code: the page's blocks are to be dropped) ends the
            // code here; so does the instruction budget on a jump back.
            Label out = new Label();
            m.visitVarInsn(Opcodes.ALOAD, OWNER);
            m.visitFieldInsn(Opcodes.GETFIELD, INTERPRETER, "signals", "I");
            push(Interpreter.REQUEST);
            m.visitInsn(Opcodes.IAND);
            m.visitJumpInsn(Opcodes.IFNE, out);
            if (t <= member) {
                m.visitVarInsn(Opcodes.ILOAD, ICOUNT);
                push(LOOP_INSNS);
                m.visitJumpInsn(Opcodes.IF_ICMPGE, out);
            }
            m.visitJumpInsn(Opcodes.GOTO, entry[t]);
            m.visitLabel(out);
            if (taken) writePc(target);
            push(member);
            m.visitVarInsn(Opcodes.ISTORE, EXIT_MEMBER);
            m.visitJumpInsn(Opcodes.GOTO, exit);
        }

        /** Returns from the current member, its instructions counted. */
        private void leave() {
            count(10);
            m.visitIincInsn(ICOUNT, members[member].insns.length);
            push(member);
            m.visitVarInsn(Opcodes.ISTORE, EXIT_MEMBER);
            m.visitJumpInsn(Opcodes.GOTO, synced ? exitSynced : exit);
        }

        private int memberAt(int pc) {
            for (int j = 0; j < members.length; j++) if (members[j].pc == pc) return j;
            return -1;
        }

        // ---- registers and flags

        private void count(int bytes) { codeEstimate += bytes; }

        /** Pushes Rn as the instruction reads it (the PC: its address + 8 or + 4). */
        private void reg(int n) {
            count(2);
            if (n == 15) {
                m.visitLdcInsn(insn.pcValue());
                return;
            }
            used |= 1 << n;
            m.visitVarInsn(Opcodes.ILOAD, R0 + n);
        }

        /** Pops into Rn (never the PC). */
        private void setReg(int n) {
            count(2);
            used |= 1 << n;
            written |= 1 << n;
            dirty |= 1 << n;
            m.visitVarInsn(Opcodes.ISTORE, R0 + n);
        }

        private void loadRegs(int mask) {
            for (int n = 0; n < 15; n++) {
                if ((mask & 1 << n) == 0) continue;
                m.visitVarInsn(Opcodes.ALOAD, REGS);
                push(n);
                m.visitInsn(Opcodes.IALOAD);
                m.visitVarInsn(Opcodes.ISTORE, R0 + n);
                count(4);
            }
        }

        private void storeRegs(int mask) {
            for (int n = 0; n < 15; n++) {
                if ((mask & 1 << n) == 0) continue;
                m.visitVarInsn(Opcodes.ALOAD, REGS);
                push(n);
                m.visitVarInsn(Opcodes.ILOAD, R0 + n);
                m.visitInsn(Opcodes.IASTORE);
                count(4);
            }
        }

        /** cpu.n/z/c/v into the lazy locals: NRES = -N, ZRES = Z ^ 1, C, VRES = -V. */
        private void loadFlags() {
            getFlag("n");
            m.visitInsn(Opcodes.INEG);
            m.visitVarInsn(Opcodes.ISTORE, NRES);
            getFlag("z");
            m.visitInsn(Opcodes.ICONST_1);
            m.visitInsn(Opcodes.IXOR);
            m.visitVarInsn(Opcodes.ISTORE, ZRES);
            getFlag("c");
            m.visitVarInsn(Opcodes.ISTORE, CFLAG);
            getFlag("v");
            m.visitInsn(Opcodes.INEG);
            m.visitVarInsn(Opcodes.ISTORE, VRES);
            count(16);
        }

        private void getFlag(String f) {
            m.visitVarInsn(Opcodes.ALOAD, CPU_L);
            m.visitFieldInsn(Opcodes.GETFIELD, CPU, f, "Z");
        }

        private void storeFlags() {
            m.visitVarInsn(Opcodes.ALOAD, CPU_L);
            m.visitVarInsn(Opcodes.ILOAD, NRES);
            m.visitIntInsn(Opcodes.BIPUSH, 31);
            m.visitInsn(Opcodes.IUSHR);
            m.visitFieldInsn(Opcodes.PUTFIELD, CPU, "n", "Z");
            m.visitVarInsn(Opcodes.ALOAD, CPU_L);
            isZero(ZRES);
            m.visitFieldInsn(Opcodes.PUTFIELD, CPU, "z", "Z");
            m.visitVarInsn(Opcodes.ALOAD, CPU_L);
            m.visitVarInsn(Opcodes.ILOAD, CFLAG);
            m.visitFieldInsn(Opcodes.PUTFIELD, CPU, "c", "Z");
            m.visitVarInsn(Opcodes.ALOAD, CPU_L);
            m.visitVarInsn(Opcodes.ILOAD, VRES);
            m.visitIntInsn(Opcodes.BIPUSH, 31);
            m.visitInsn(Opcodes.IUSHR);
            m.visitFieldInsn(Opcodes.PUTFIELD, CPU, "v", "Z");
            count(24);
        }

        /** Pushes 1 if the local is 0, else 0, without a branch: ((x - 1) & ~x) >>> 31. */
        private void isZero(int local) {
            m.visitVarInsn(Opcodes.ILOAD, local);
            m.visitInsn(Opcodes.ICONST_1);
            m.visitInsn(Opcodes.ISUB);
            m.visitVarInsn(Opcodes.ILOAD, local);
            m.visitInsn(Opcodes.ICONST_M1);
            m.visitInsn(Opcodes.IXOR);
            m.visitInsn(Opcodes.IAND);
            m.visitIntInsn(Opcodes.BIPUSH, 31);
            m.visitInsn(Opcodes.IUSHR);
        }

        private void readFlags() { flagsUsed = true; }

        private void wroteFlags() {
            flagsUsed = true;
            flagsWritten = true;
            flagsDirty = true;
        }

        private void push(int v) {
            if (v >= -1 && v <= 5) m.visitInsn(Opcodes.ICONST_0 + v);
            else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) m.visitIntInsn(Opcodes.BIPUSH, v);
            else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) m.visitIntInsn(Opcodes.SIPUSH, v);
            else m.visitLdcInsn(v);
        }

        private int intTemp() { return nextInt++; }

        private int longTemp() {
            int t = nextLong;
            nextLong += 2;
            return t;
        }

        /** Records that the current instruction may throw: a guest exception names it by this index. */
        private void mayThrow() {
            push(index);
            m.visitVarInsn(Opcodes.ISTORE, INDEX);
            count(3);
        }

        // ---- conditions

        /** Jumps to {@code skip} when the condition fails (ARM ARM A8.3, over the lazy flag locals). */
        private void conditionFails(int cond, Label skip) {
            readFlags();
            count(12);
            Label pass = new Label();
            switch (cond) {
                case 0 -> jump(ZRES, Opcodes.IFNE, skip);                       // EQ
                case 1 -> jump(ZRES, Opcodes.IFEQ, skip);                       // NE
                case 2 -> jump(CFLAG, Opcodes.IFEQ, skip);                      // CS
                case 3 -> jump(CFLAG, Opcodes.IFNE, skip);                      // CC
                case 4 -> jump(NRES, Opcodes.IFGE, skip);                       // MI
                case 5 -> jump(NRES, Opcodes.IFLT, skip);                       // PL
                case 6 -> jump(VRES, Opcodes.IFGE, skip);                       // VS
                case 7 -> jump(VRES, Opcodes.IFLT, skip);                       // VC
                case 8 -> { jump(CFLAG, Opcodes.IFEQ, skip); jump(ZRES, Opcodes.IFEQ, skip); } // HI
                case 9 -> { jump(CFLAG, Opcodes.IFEQ, pass); jump(ZRES, Opcodes.IFNE, skip); } // LS
                case 10 -> { nXorV(); m.visitJumpInsn(Opcodes.IFLT, skip); }    // GE
                case 11 -> { nXorV(); m.visitJumpInsn(Opcodes.IFGE, skip); }    // LT
                case 12 -> { nXorV(); m.visitJumpInsn(Opcodes.IFLT, skip); jump(ZRES, Opcodes.IFEQ, skip); } // GT
                case 13 -> { jump(ZRES, Opcodes.IFEQ, pass); nXorV(); m.visitJumpInsn(Opcodes.IFGE, skip); } // LE
                default -> throw new IllegalArgumentException("condition " + cond);
            }
            m.visitLabel(pass);
        }

        private void jump(int local, int opcode, Label to) {
            m.visitVarInsn(Opcodes.ILOAD, local);
            m.visitJumpInsn(opcode, to);
        }

        private void nXorV() {
            m.visitVarInsn(Opcodes.ILOAD, NRES);
            m.visitVarInsn(Opcodes.ILOAD, VRES);
            m.visitInsn(Opcodes.IXOR);
        }

        // ---- call-outs

        private void callOut() {
            anyCallOut = true;
            count(40);
            // An executor of the extension registers only leaves the locals as they are: nothing to sync.
            boolean coreUnused = insn.coreRegistersUnused();
            if (!coreUnused) {
                // Registers and flags to the CPU object first (the condition still reads the locals, which agree).
                storeRegs(dirty);
                dirty = 0;
                if (flagsDirty) storeFlags();
                flagsDirty = false;
            }
            Label skip = null;
            if (insn.cond != Insn.AL) {
                skip = new Label();
                conditionFails(insn.cond, skip);
            }
            mayThrow();
            int k = calledOut.size();
            calledOut.add(insn);
            if (blockClass != null) blockClass.pushInsn(m, k);
            else m.visitInsn(Opcodes.ACONST_NULL);
            m.visitVarInsn(Opcodes.ALOAD, CPU_L);
            m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, INSN, "execute", "(L" + CPU + ";)V", false);
            synced = insn.endsBlock();
            if (!synced && !coreUnused) {
                // The executor may have written any register or flag: the locals follow the CPU object again.
                loadRegs(survey == null ? used : survey.used);
                if (survey == null || survey.flagsUsed) loadFlags();
                // A cp15 write that does not end the block may have changed the ASID.
                if (survey != null && survey.memUsed) {
                    m.visitVarInsn(Opcodes.ALOAD, MMU_L);
                    m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, MMU, "asidKey", "()J", false);
                    m.visitVarInsn(Opcodes.LSTORE, ASID);
                }
            }
            if (skip != null) m.visitLabel(skip);
        }

        // ---- inline forms

        private boolean inline(Insn i) {
            if (i instanceof DataProcessing.Base d) return dataProcessing(d);
            if (i instanceof DataProcessing.AddImmNoFlags a) {
                return simple(() -> { reg(a.rn); push(a.imm); m.visitInsn(Opcodes.IADD); setReg(a.rd); });
            }
            if (i instanceof DataProcessing.MovImmNoFlags a) return simple(() -> { push(a.imm); setReg(a.rd); });
            if (i instanceof DataProcessing.MovTop a) {
                return simple(() -> {
                    reg(a.rd);
                    push(0xffff);
                    m.visitInsn(Opcodes.IAND);
                    push(a.imm16 << 16);
                    m.visitInsn(Opcodes.IOR);
                    setReg(a.rd);
                });
            }
            if (i instanceof DataProcessing.CmpImm a) {
                return simple(() -> {
                    int x = intTemp(), y = intTemp();
                    reg(a.rn);
                    m.visitVarInsn(Opcodes.ISTORE, x);
                    push(~a.imm);
                    m.visitVarInsn(Opcodes.ISTORE, y);
                    addWithCarry(x, y, () -> m.visitInsn(Opcodes.ICONST_1));
                    m.visitInsn(Opcodes.POP);
                });
            }
            if (i instanceof Multiply mul) return multiply(mul);
            if (i instanceof Packing.Extend x && x.kind != Packing.ExtendKind.B16 && x.rm != 15 && x.rd != 15) {
                // UXTB/SXTB/UXTH/SXTH and the accumulating UXTAB.. forms (Rn = 15: no accumulator)
                return simple(() -> {
                    reg(x.rm);
                    if (x.rotation != 0) {
                        push(x.rotation);
                        m.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "rotateRight", "(II)I", false);
                    }
                    boolean bytes = x.kind == Packing.ExtendKind.B;
                    if (x.signed) m.visitInsn(bytes ? Opcodes.I2B : Opcodes.I2S);
                    else { push(bytes ? 0xff : 0xffff); m.visitInsn(Opcodes.IAND); }
                    if (x.rn != 15) { reg(x.rn); m.visitInsn(Opcodes.IADD); }
                    setReg(x.rd);
                });
            }
            if (i instanceof LoadStore.LoadWord l) {
                return memory(() -> { reg(l.rn); push(l.offset); m.visitInsn(Opcodes.IADD); load(4, false, 0); setReg(l.rt); });
            }
            if (i instanceof LoadStore.StoreWord s) {
                return memory(() -> { reg(s.rn); push(s.offset); m.visitInsn(Opcodes.IADD); reg(s.rt); store(4, 0); });
            }
            if (i instanceof LoadStore ls) return loadStore(ls);
            if (i instanceof LoadStoreMultiple lm) return loadStoreMultiple(lm);
            if (i instanceof Branch.Imm br && !br.exchange) return branchImm(br);
            if (i instanceof Branch.Reg br) {
                return simple(() -> {
                    int t = intTemp();
                    reg(br.rm);
                    m.visitVarInsn(Opcodes.ISTORE, t);
                    if (br.link) { push(br.linkValue()); setReg(14); }
                    m.visitVarInsn(Opcodes.ALOAD, CPU_L);
                    m.visitVarInsn(Opcodes.ILOAD, t);
                    m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, CPU, "bxWritePc", "(I)V", false);
                });
            }
            if (i instanceof Branch.CompareZero cz) {
                return simple(() -> {
                    Label no = new Label();
                    reg(cz.rn);
                    m.visitJumpInsn(cz.nonZero ? Opcodes.IFEQ : Opcodes.IFNE, no);
                    jumpTo(cz.target, true);
                    m.visitLabel(no);
                });
            }
            return false;
        }

        /** Emits {@code body} under the instruction's condition. */
        private boolean simple(Runnable body) {
            count(8);
            Label skip = null;
            if (insn.cond != Insn.AL) {
                skip = new Label();
                conditionFails(insn.cond, skip);
            }
            body.run();
            if (skip != null) m.visitLabel(skip);
            return true;
        }

        /** As {@link #simple}, for a body that accesses memory (and may raise a Data Abort). */
        private boolean memory(Runnable body) {
            memUsed = true;
            return simple(() -> {
                mayThrow();
                body.run();
            });
        }

        /** B/BL to a constant target: a jump inside the code when the target is a member ({@link #jumpTo}). */
        private boolean branchImm(Branch.Imm br) {
            return simple(() -> {
                if (br.link) { push(br.linkValue()); setReg(14); }
                jumpTo(br.target, true);
            });
        }

        /** BranchWritePC of a constant (the instruction set cannot change inside a block). */
        private void writePc(int target) {
            count(10);
            m.visitVarInsn(Opcodes.ALOAD, CPU_L);
            push(target & (thumb ? ~1 : ~3));
            m.visitFieldInsn(Opcodes.PUTFIELD, CPU, "nextPc", "I");
            m.visitVarInsn(Opcodes.ALOAD, CPU_L);
            m.visitInsn(Opcodes.ICONST_1);
            m.visitFieldInsn(Opcodes.PUTFIELD, CPU, "pcWritten", "Z");
        }

        // ---- data processing

        private boolean dataProcessing(DataProcessing.Base d) {
            boolean compare = Alu.compareOnly(d.op);
            if (d.rd == 15 && !compare) return false; // a branch or an exception return: the executor's rules
            // The register-shifted form reads R15 without the PC rule (UNPREDICTABLE): the executor's reading stands.
            if (d instanceof DataProcessing.RegRegShift sh && (sh.rn == 15 || sh.rm == 15 || sh.rs == 15)) return false;
            return simple(() -> {
                int a = intTemp(), bv = intTemp(), carry = -1; // carry: a local holding the shifter carry, or -1
                int constCarry = -1;                            // or a constant 0/1 shifter carry
                reg(d.rn);
                m.visitVarInsn(Opcodes.ISTORE, a);
                boolean wantCarry = d.s && Alu.logical(d.op);
                if (d instanceof DataProcessing.Imm im) {
                    push(im.imm);
                    m.visitVarInsn(Opcodes.ISTORE, bv);
                    constCarry = im.carry;
                } else if (d instanceof DataProcessing.RegImmShift sh) {
                    reg(sh.rm);
                    int mval = intTemp();
                    m.visitVarInsn(Opcodes.ISTORE, mval);
                    shiftImm(mval, sh.type, sh.amount, bv);
                    if (wantCarry && (sh.amount != 0 || sh.type == Alu.RRX)) {
                        carry = intTemp();
                        shiftImmCarry(mval, sh.type, sh.amount, carry);
                    }
                } else if (d instanceof DataProcessing.RegRegShift sh) {
                    int mval = intTemp(), amount = intTemp();
                    reg(sh.rm);
                    m.visitVarInsn(Opcodes.ISTORE, mval);
                    reg(sh.rs);
                    push(0xff);
                    m.visitInsn(Opcodes.IAND);
                    m.visitVarInsn(Opcodes.ISTORE, amount);
                    readFlags();
                    m.visitVarInsn(Opcodes.ILOAD, mval);
                    push(sh.type);
                    m.visitVarInsn(Opcodes.ILOAD, amount);
                    m.visitVarInsn(Opcodes.ILOAD, CFLAG);
                    m.visitMethodInsn(Opcodes.INVOKESTATIC, ALU, "shift", "(IIIZ)I", false);
                    m.visitVarInsn(Opcodes.ISTORE, bv);
                    if (wantCarry) {
                        carry = intTemp();
                        m.visitVarInsn(Opcodes.ILOAD, mval);
                        push(sh.type);
                        m.visitVarInsn(Opcodes.ILOAD, amount);
                        m.visitVarInsn(Opcodes.ILOAD, CFLAG);
                        m.visitMethodInsn(Opcodes.INVOKESTATIC, ALU, "shiftCarry", "(IIIZ)Z", false);
                        m.visitVarInsn(Opcodes.ISTORE, carry);
                    }
                    count(20);
                } else {
                    throw new IllegalStateException(d.toString());
                }
                alu(d.op, d.s, a, bv, carry, constCarry);
                if (compare) m.visitInsn(Opcodes.POP);
                else setReg(d.rd);
            });
        }

        /** Shift(m, type, amount) of a constant amount (0 = none; RRX's amount is 1) into {@code dst}. */
        private void shiftImm(int mval, int type, int amount, int dst) {
            count(8);
            m.visitVarInsn(Opcodes.ILOAD, mval);
            if (type == Alu.RRX) {
                m.visitInsn(Opcodes.ICONST_1);
                m.visitInsn(Opcodes.IUSHR);
                readFlags();
                m.visitVarInsn(Opcodes.ILOAD, CFLAG);
                push(31);
                m.visitInsn(Opcodes.ISHL);
                m.visitInsn(Opcodes.IOR);
            } else if (amount != 0) {
                switch (type) {
                    case Alu.LSL -> { push(amount); m.visitInsn(Opcodes.ISHL); }
                    case Alu.LSR -> {
                        if (amount == 32) { m.visitInsn(Opcodes.POP); m.visitInsn(Opcodes.ICONST_0); }
                        else { push(amount); m.visitInsn(Opcodes.IUSHR); }
                    }
                    case Alu.ASR -> { push(Math.min(amount, 31)); m.visitInsn(Opcodes.ISHR); }
                    case Alu.ROR -> { push(amount); m.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "rotateRight", "(II)I", false); }
                    default -> throw new IllegalStateException("shift type " + type);
                }
            }
            m.visitVarInsn(Opcodes.ISTORE, dst);
        }

        /** The carry out of a constant shift (amount 1..32, or RRX) as 0/1 into {@code dst}. */
        private void shiftImmCarry(int mval, int type, int amount, int dst) {
            count(8);
            m.visitVarInsn(Opcodes.ILOAD, mval);
            int bit = switch (type) {
                case Alu.RRX -> 0;
                case Alu.LSL -> 32 - amount;
                default -> amount - 1; // LSR, ASR (amount 32: bit 31), ROR
            };
            if (bit != 0) {
                push(bit);
                m.visitInsn(Opcodes.IUSHR);
            }
            m.visitInsn(Opcodes.ICONST_1);
            m.visitInsn(Opcodes.IAND);
            m.visitVarInsn(Opcodes.ISTORE, dst);
        }

        /** Leaves op(a, b) on the stack, setting the flag locals when {@code s} (Alu.op's semantics). */
        private void alu(int op, boolean s, int a, int bv, int carryLocal, int constCarry) {
            count(24);
            switch (op) {
                case Alu.SUB, Alu.CMP -> { if (s) awc(a, bv, true, () -> m.visitInsn(Opcodes.ICONST_1)); else binary(a, bv, Opcodes.ISUB); return; }
                case Alu.RSB -> { if (s) awc(bv, a, true, () -> m.visitInsn(Opcodes.ICONST_1)); else binary(bv, a, Opcodes.ISUB); return; }
                case Alu.ADD, Alu.CMN -> { if (s) awc(a, bv, false, () -> m.visitInsn(Opcodes.ICONST_0)); else binary(a, bv, Opcodes.IADD); return; }
                case Alu.ADC -> { withCarry(a, bv, false, s); return; }
                case Alu.SBC -> { withCarry(a, bv, true, s); return; }
                case Alu.RSC -> { withCarry(bv, a, true, s); return; }
                default -> { }
            }
            switch (op) {
                case Alu.AND, Alu.TST -> binary(a, bv, Opcodes.IAND);
                case Alu.EOR, Alu.TEQ -> binary(a, bv, Opcodes.IXOR);
                case Alu.ORR -> binary(a, bv, Opcodes.IOR);
                case Alu.ORN -> { m.visitVarInsn(Opcodes.ILOAD, a); notOf(bv); m.visitInsn(Opcodes.IOR); }
                case Alu.MOV -> m.visitVarInsn(Opcodes.ILOAD, bv);
                case Alu.BIC -> { m.visitVarInsn(Opcodes.ILOAD, a); notOf(bv); m.visitInsn(Opcodes.IAND); }
                case Alu.MVN -> notOf(bv);
                default -> throw new IllegalStateException("op " + op);
            }
            if (!s) return;
            wroteFlags();
            m.visitInsn(Opcodes.DUP);
            m.visitInsn(Opcodes.DUP);
            m.visitVarInsn(Opcodes.ISTORE, NRES);
            m.visitVarInsn(Opcodes.ISTORE, ZRES);
            if (carryLocal >= 0) {
                m.visitVarInsn(Opcodes.ILOAD, carryLocal);
                m.visitVarInsn(Opcodes.ISTORE, CFLAG);
            } else if (constCarry >= 0) {
                push(constCarry);
                m.visitVarInsn(Opcodes.ISTORE, CFLAG);
            }
        }

        private void binary(int x, int y, int opcode) {
            m.visitVarInsn(Opcodes.ILOAD, x);
            m.visitVarInsn(Opcodes.ILOAD, y);
            m.visitInsn(opcode);
        }

        private void notOf(int local) {
            m.visitVarInsn(Opcodes.ILOAD, local);
            m.visitInsn(Opcodes.ICONST_M1);
            m.visitInsn(Opcodes.IXOR);
        }

        /** x + (invert ? ~y : y) + C, setting the flags when {@code s}. */
        private void withCarry(int x, int y, boolean invert, boolean s) {
            readFlags();
            if (s) {
                awc(x, y, invert, () -> m.visitVarInsn(Opcodes.ILOAD, CFLAG));
                return;
            }
            m.visitVarInsn(Opcodes.ILOAD, x);
            if (invert) notOf(y);
            else m.visitVarInsn(Opcodes.ILOAD, y);
            m.visitInsn(Opcodes.IADD);
            m.visitVarInsn(Opcodes.ILOAD, CFLAG);
            m.visitInsn(Opcodes.IADD);
        }

        /** AddWithCarry(x, invert ? ~y : y, carry) with N, Z, C, V; leaves the result on the stack. */
        private void awc(int x, int y, boolean invert, Runnable carry) {
            int yy = y;
            if (invert) {
                yy = intTemp();
                notOf(y);
                m.visitVarInsn(Opcodes.ISTORE, yy);
            }
            addWithCarry(x, yy, carry);
        }

        private void addWithCarry(int x, int y, Runnable carry) {
            wroteFlags();
            count(40);
            int u = longTemp(), res = intTemp();
            unsigned(x);
            unsigned(y);
            m.visitInsn(Opcodes.LADD);
            carry.run();
            m.visitInsn(Opcodes.I2L);
            m.visitInsn(Opcodes.LADD);
            m.visitVarInsn(Opcodes.LSTORE, u);
            m.visitVarInsn(Opcodes.LLOAD, u);
            m.visitInsn(Opcodes.L2I);
            m.visitVarInsn(Opcodes.ISTORE, res);
            m.visitVarInsn(Opcodes.LLOAD, u);
            push(32);
            m.visitInsn(Opcodes.LUSHR);
            m.visitInsn(Opcodes.L2I);
            m.visitVarInsn(Opcodes.ISTORE, CFLAG);
            // V: the sign of (x ^ r) & (y ^ r)
            m.visitVarInsn(Opcodes.ILOAD, x);
            m.visitVarInsn(Opcodes.ILOAD, res);
            m.visitInsn(Opcodes.IXOR);
            m.visitVarInsn(Opcodes.ILOAD, y);
            m.visitVarInsn(Opcodes.ILOAD, res);
            m.visitInsn(Opcodes.IXOR);
            m.visitInsn(Opcodes.IAND);
            m.visitVarInsn(Opcodes.ISTORE, VRES);
            m.visitVarInsn(Opcodes.ILOAD, res);
            m.visitVarInsn(Opcodes.ISTORE, NRES);
            m.visitVarInsn(Opcodes.ILOAD, res);
            m.visitVarInsn(Opcodes.ISTORE, ZRES);
            m.visitVarInsn(Opcodes.ILOAD, res);
        }

        private void unsigned(int local) {
            m.visitVarInsn(Opcodes.ILOAD, local);
            m.visitInsn(Opcodes.I2L);
            m.visitLdcInsn(0xffff_ffffL);
            m.visitInsn(Opcodes.LAND);
        }

        // ---- multiplies

        private boolean multiply(Multiply mul) {
            switch (mul.op) {
                case MUL, MLA, MLS, UMULL, SMULL, UMLAL, SMLAL -> { }
                default -> { return false; }
            }
            return simple(() -> {
                switch (mul.op) {
                    case MUL, MLA, MLS -> {
                        if (mul.op == Multiply.Op.MLS) reg(mul.ra);
                        reg(mul.rn);
                        reg(mul.rm);
                        m.visitInsn(Opcodes.IMUL);
                        if (mul.op == Multiply.Op.MLA) { reg(mul.ra); m.visitInsn(Opcodes.IADD); }
                        if (mul.op == Multiply.Op.MLS) m.visitInsn(Opcodes.ISUB);
                        if (mul.s && mul.op != Multiply.Op.MLS) {
                            wroteFlags();
                            m.visitInsn(Opcodes.DUP);
                            m.visitInsn(Opcodes.DUP);
                            m.visitVarInsn(Opcodes.ISTORE, NRES);
                            m.visitVarInsn(Opcodes.ISTORE, ZRES);
                        }
                        setReg(mul.rd);
                    }
                    default -> {
                        boolean signed = mul.op == Multiply.Op.SMULL || mul.op == Multiply.Op.SMLAL;
                        int x = longTemp();
                        reg(mul.rn);
                        m.visitInsn(Opcodes.I2L);
                        if (!signed) { m.visitLdcInsn(0xffff_ffffL); m.visitInsn(Opcodes.LAND); }
                        reg(mul.rm);
                        m.visitInsn(Opcodes.I2L);
                        if (!signed) { m.visitLdcInsn(0xffff_ffffL); m.visitInsn(Opcodes.LAND); }
                        m.visitInsn(Opcodes.LMUL);
                        if (mul.op == Multiply.Op.UMLAL || mul.op == Multiply.Op.SMLAL) {
                            // + RdHi:RdLo
                            reg(mul.rd);
                            m.visitInsn(Opcodes.I2L);
                            push(32);
                            m.visitInsn(Opcodes.LSHL);
                            reg(mul.ra);
                            m.visitInsn(Opcodes.I2L);
                            m.visitLdcInsn(0xffff_ffffL);
                            m.visitInsn(Opcodes.LAND);
                            m.visitInsn(Opcodes.LOR);
                            m.visitInsn(Opcodes.LADD);
                        }
                        m.visitVarInsn(Opcodes.LSTORE, x);
                        m.visitVarInsn(Opcodes.LLOAD, x);
                        m.visitInsn(Opcodes.L2I);
                        setReg(mul.ra);
                        m.visitVarInsn(Opcodes.LLOAD, x);
                        push(32);
                        m.visitInsn(Opcodes.LUSHR);
                        m.visitInsn(Opcodes.L2I);
                        setReg(mul.rd);
                        if (mul.s) {
                            wroteFlags();
                            m.visitVarInsn(Opcodes.LLOAD, x);
                            push(32);
                            m.visitInsn(Opcodes.LUSHR);
                            m.visitInsn(Opcodes.L2I);
                            m.visitVarInsn(Opcodes.ISTORE, NRES);
                            m.visitVarInsn(Opcodes.LLOAD, x);
                            m.visitInsn(Opcodes.L2I);
                            m.visitVarInsn(Opcodes.LLOAD, x);
                            push(32);
                            m.visitInsn(Opcodes.LUSHR);
                            m.visitInsn(Opcodes.L2I);
                            m.visitInsn(Opcodes.IOR);
                            m.visitVarInsn(Opcodes.ISTORE, ZRES);
                        }
                    }
                }
                count(30);
            });
        }

        // ---- loads and stores

        private boolean loadStore(LoadStore ls) {
            LoadStore.Kind kind = ls.kind;
            if (kind == LoadStore.Kind.LDRD || kind == LoadStore.Kind.STRD) return false;
            if (ls.rt == 15 && kind != LoadStore.Kind.LDR) return false;
            if (ls.rm == 15 || ls.rn == 15 && ls.wback) return false;
            return memory(() -> {
                int base = intTemp(), offsetAddr = intTemp();
                if (ls.rn == 15) push(insn.pcAligned());
                else reg(ls.rn);
                m.visitVarInsn(Opcodes.ISTORE, base);
                m.visitVarInsn(Opcodes.ILOAD, base);
                if (ls.rm < 0) {
                    push(ls.imm);
                } else {
                    int mval = intTemp(), off = intTemp();
                    reg(ls.rm);
                    m.visitVarInsn(Opcodes.ISTORE, mval);
                    shiftImm(mval, ls.shiftType, ls.shiftAmount, off);
                    m.visitVarInsn(Opcodes.ILOAD, off);
                }
                m.visitInsn(ls.add ? Opcodes.IADD : Opcodes.ISUB);
                m.visitVarInsn(Opcodes.ISTORE, offsetAddr);
                m.visitVarInsn(Opcodes.ILOAD, ls.index ? offsetAddr : base);
                int flags = ls.flags;
                if (kind.load) {
                    switch (kind) {
                        case LDR -> load(4, false, flags);
                        case LDRB -> load(1, false, flags);
                        case LDRH -> load(2, false, flags);
                        case LDRSB -> load(1, true, flags);
                        case LDRSH -> load(2, true, flags);
                        default -> throw new IllegalStateException(kind.toString());
                    }
                    int data = intTemp();
                    m.visitVarInsn(Opcodes.ISTORE, data);
                    if (ls.wback) { m.visitVarInsn(Opcodes.ILOAD, offsetAddr); setReg(ls.rn); }
                    m.visitVarInsn(Opcodes.ILOAD, data);
                    if (ls.rt == 15) {
                        int t = intTemp();
                        m.visitVarInsn(Opcodes.ISTORE, t);
                        m.visitVarInsn(Opcodes.ALOAD, CPU_L);
                        m.visitVarInsn(Opcodes.ILOAD, t);
                        m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, CPU, "loadWritePc", "(I)V", false);
                    } else {
                        setReg(ls.rt);
                    }
                } else {
                    reg(ls.rt);
                    switch (kind) {
                        case STR -> store(4, flags);
                        case STRB -> { push(0xff); m.visitInsn(Opcodes.IAND); store(1, flags); }
                        case STRH -> { push(0xffff); m.visitInsn(Opcodes.IAND); store(2, flags); }
                        default -> throw new IllegalStateException(kind.toString());
                    }
                    if (ls.wback) { m.visitVarInsn(Opcodes.ILOAD, offsetAddr); setReg(ls.rn); }
                }
            });
        }

        private boolean loadStoreMultiple(LoadStoreMultiple lm) {
            if (lm.userRegs || lm.rn == 15) return false;
            int count = Integer.bitCount(lm.registers);
            if (count == 0) return false;
            return memory(() -> {
                int base = intTemp(), address = intTemp();
                reg(lm.rn);
                m.visitVarInsn(Opcodes.ISTORE, base);
                int lowestOffset = lm.increment ? 0 : -4 * count;
                int first = lowestOffset + (lm.before == lm.increment ? 4 : 0);
                m.visitVarInsn(Opcodes.ILOAD, base);
                push(first);
                m.visitInsn(Opcodes.IADD);
                m.visitVarInsn(Opcodes.ISTORE, address);
                int newBaseOffset = lm.increment ? 4 * count : -4 * count;
                int[] values = new int[16];
                if (lm.load) for (int i = 0; i < 16; i++) if ((lm.registers & 1 << i) != 0) values[i] = intTemp();
                // One TLB probe for the whole transfer when it stays in one page; otherwise word by word,
                // each with its own probe and slow path, so that a fault is taken at the word that faults.
                int host = longTemp();
                Label perWord = new Label(), done = new Label();
                count(40);
                m.visitVarInsn(Opcodes.ALOAD, lm.load ? READ_TAGS : WRITE_TAGS);
                m.visitVarInsn(Opcodes.ALOAD, HOST_PAGES);
                m.visitVarInsn(Opcodes.LLOAD, ASID);
                m.visitVarInsn(Opcodes.ILOAD, PL0);
                m.visitVarInsn(Opcodes.ILOAD, address);
                push(MemoryAccess.ALIGNED);
                push(count);
                m.visitMethodInsn(Opcodes.INVOKESTATIC, TLB_ACCESS, "words", "([J[JJIIII)J", false);
                m.visitVarInsn(Opcodes.LSTORE, host);
                m.visitVarInsn(Opcodes.LLOAD, host);
                m.visitInsn(Opcodes.LCONST_0);
                m.visitInsn(Opcodes.LCMP);
                m.visitJumpInsn(Opcodes.IFEQ, perWord);
                int j = 0;
                for (int i = 0; i < 16; i++) {
                    if ((lm.registers & 1 << i) == 0) continue;
                    count(12);
                    m.visitVarInsn(Opcodes.ALOAD, CPU_L);
                    m.visitVarInsn(Opcodes.LLOAD, host);
                    if (j != 0) { m.visitLdcInsn(4L * j); m.visitInsn(Opcodes.LADD); }
                    if (lm.load) {
                        m.visitMethodInsn(Opcodes.INVOKESTATIC, TLB_ACCESS, "get32", "(L" + CPU + ";J)I", false);
                        m.visitVarInsn(Opcodes.ISTORE, values[i]);
                    } else {
                        reg(i);
                        m.visitMethodInsn(Opcodes.INVOKESTATIC, TLB_ACCESS, "put32", "(L" + CPU + ";JI)V", false);
                    }
                    j++;
                }
                m.visitJumpInsn(Opcodes.GOTO, done);
                m.visitLabel(perWord);
                j = 0;
                for (int i = 0; i < 16; i++) {
                    if ((lm.registers & 1 << i) == 0) continue;
                    m.visitVarInsn(Opcodes.ILOAD, address);
                    if (j != 0) { push(4 * j); m.visitInsn(Opcodes.IADD); }
                    if (lm.load) {
                        load(4, false, MemoryAccess.ALIGNED);
                        m.visitVarInsn(Opcodes.ISTORE, values[i]);
                    } else {
                        reg(i);
                        store(4, MemoryAccess.ALIGNED);
                    }
                    j++;
                }
                m.visitLabel(done);
                if (lm.wback && (!lm.load || (lm.registers & 1 << lm.rn) == 0)) {
                    m.visitVarInsn(Opcodes.ILOAD, base);
                    push(newBaseOffset);
                    m.visitInsn(Opcodes.IADD);
                    setReg(lm.rn);
                }
                if (!lm.load) return;
                for (int i = 0; i < 15; i++) {
                    if ((lm.registers & 1 << i) == 0) continue;
                    m.visitVarInsn(Opcodes.ILOAD, values[i]);
                    setReg(i);
                }
                if ((lm.registers & 0x8000) != 0) {
                    m.visitVarInsn(Opcodes.ALOAD, CPU_L);
                    m.visitVarInsn(Opcodes.ILOAD, values[15]);
                    m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, CPU, "loadWritePc", "(I)V", false);
                }
            });
        }

        /**
         * Stack: VA -> the value read (guest view: CPSR.E applied). The TLB hit test and the host read inline;
         * anything else through {@code cpu.readN}, the interpreter's path.
         */
        /**
         * Stack: VA -> the value read (guest view: CPSR.E applied), through {@link TlbAccess}: the TLB hit test
         * and the host read, which the JIT inlines, and a slow path it keeps out of line.
         */
        private void load(int size, boolean signed, int flags) {
            count(20);
            int va = intTemp();
            m.visitVarInsn(Opcodes.ISTORE, va);
            accessArgs(READ_TAGS);
            m.visitVarInsn(Opcodes.ILOAD, va);
            push(flags);
            m.visitMethodInsn(Opcodes.INVOKESTATIC, TLB_ACCESS, "read" + 8 * size, "(L" + CPU + ";[J[JJIII)I", false);
            if (signed) m.visitInsn(size == 1 ? Opcodes.I2B : Opcodes.I2S);
        }

        /** Stack: VA, value (guest view) -> nothing. */
        private void store(int size, int flags) {
            count(24);
            int va = intTemp(), value = intTemp();
            m.visitVarInsn(Opcodes.ISTORE, value);
            m.visitVarInsn(Opcodes.ISTORE, va);
            accessArgs(WRITE_TAGS);
            m.visitVarInsn(Opcodes.ILOAD, va);
            m.visitVarInsn(Opcodes.ILOAD, value);
            push(flags);
            m.visitMethodInsn(Opcodes.INVOKESTATIC, TLB_ACCESS, "write" + 8 * size, "(L" + CPU + ";[J[JJIIII)V", false);
        }

        private void accessArgs(int tags) {
            m.visitVarInsn(Opcodes.ALOAD, CPU_L);
            m.visitVarInsn(Opcodes.ALOAD, tags);
            m.visitVarInsn(Opcodes.ALOAD, HOST_PAGES);
            m.visitVarInsn(Opcodes.LLOAD, ASID);
            m.visitVarInsn(Opcodes.ILOAD, PL0);
        }
    }
}
