package armvmm.tcg.exec;

import armvmm.bus.BusErrorException;
import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.cpu.ExceptionKind;
import armvmm.isa.cpu.Undefined;
import armvmm.isa.decode.Decoders;
import armvmm.isa.decode.Insn;
import armvmm.isa.mem.CodePages;
import armvmm.isa.mem.MemoryAbort;
import armvmm.isa.mem.Mmu;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Runs one vCPU's guest code block by block: looks the next block up in the {@link BlockCache} (decoding it
 * on a miss), executes its instructions whose condition passes, and turns what they throw into guest
 * exceptions. Between blocks it looks at one volatile word of signals (interrupt lines, requests from
 * other threads) so interrupts are taken at instruction boundaries and nothing polls.
 */
public final class Interpreter implements CodePages.Listener {
    /** Signal bits, set from any thread. */
    static final int IRQ = 1, FIQ = 2, REQUEST = 4;
    private static final VarHandle SIGNALS;

    static {
        try {
            SIGNALS = MethodHandles.lookup().findVarHandle(Interpreter.class, "signals", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Short-descriptor FSR for a synchronous external abort (FS = 0b01000), ARM ARM B4.1.52. */
    static final int FSR_SYNC_EXTERNAL = 0x8;

    private final ArmCpu cpu;
    /** The CPU's memory system when it is the software-TLB MMU (always under TCG), else null. */
    private final Mmu mmu;
    private final BlockCache cache = new BlockCache();
    /** The jump cache: blocks by VA, each trusted at the generation and epoch it was filled at. */
    private static final int JUMP_BITS = 12;
    private final Block[] jumpBlock = new Block[1 << JUMP_BITS];
    private final long[] jumpGeneration = new long[1 << JUMP_BITS];
    private final int[] jumpEpoch = new int[1 << JUMP_BITS];
    /** Blocks reached through a link or the jump cache (the rest went through the TLB and the block cache). */
    public long linksFollowed, jumpHits, lookups, blocksDecoded, codePagesWritten;
    /** Links and jump-cache entries followed after a probe of the instruction TLB, their generation having moved. */
    public long linksRevalidated;
    /** Blocks made JVM code: by the translator, in the calls form; blocks that could not be (a bug: logged once). */
    public long blocksTranslated, blocksCalls, compileFailures;
    /** Blocks the translated regions cover, together (each region counts its entry block too). */
    public long regionMembers;
    /**
     * The bound on this vCPU's JVM code, in class-file bytes ({@code --accel tcg,tb-size=MiB}): when a new
     * block would pass it, all of the vCPU's JVM code is dropped first (as QEMU flushes its whole translation
     * cache when full), and hot blocks earn their translation again. Besides memory, this bounds what the
     * JVM's own code cache holds for the guest, which the unloaded classes' machine code leaves.
     */
    public long codeCacheLimit = DEFAULT_CODE_CACHE_MIB << 20;
    /** Class-file bytes compiled in all, and how often the bound dropped everything. */
    public long compiledBytesTotal, codeCacheFlushes;
    /**
     * -Darmvmm.tcg.tbSize (MiB), the default of {@code --accel tcg,tb-size=}: 16, seven times what a whole
     * Debian boot translates (2.3 MiB of class files), while the machine code the JIT makes of them (about
     * ten times their size) stays well inside the JVM's own code cache (240 MiB).
     */
    public static final long DEFAULT_CODE_CACHE_MIB = Long.getLong("armvmm.tcg.tbSize", 16);
    private final BlockDecoder decoder;
    /** Read by translated code too: a request makes it leave at its next jump between members ({@link Translator}). */
    volatile int signals;
    private volatile boolean exitRequested;
    private volatile boolean flushRequested;
    private final ConcurrentLinkedQueue<Long> writtenPages = new ConcurrentLinkedQueue<>();
    /** Instructions executed (including those whose condition failed), for MIPS figures and deterministic clocks. */
    public long executed;
    /** Of {@link #executed}, those interpreted (not in JVM code): what the thresholds trade against compile work. */
    public long interpreted;
    /** How hot blocks become JVM code (-Darmvmm.tcg.jit=translate|calls|off, or the accelerator's jit option). */
    public JitMode jit = JitMode.DEFAULT;
    /** Runs of a block before it becomes JVM code; 0: never. */
    public int compileThreshold = jit.threshold;
    /** Keep {@code cpu.currentPc} exact per instruction (for MMIO traces); off, only the block start is known. */
    public boolean precisePc;
    /** Set when the guest can make no progress (its abort vector itself faults); the vCPU thread reports it. */
    private String guestFailure;
    /** Address of the block being executed, for bus traces (read racily by the tracing thread: good enough for a trace). */
    private int blockPc;
    private boolean compileFailureLogged;

    public Interpreter(ArmCpu cpu, Decoders decoders, CodePages codePages) {
        this.cpu = cpu;
        this.mmu = cpu.mem instanceof Mmu m ? m : null;
        this.decoder = new BlockDecoder(decoders, codePages);
        codePages.addListener(this);
    }

    public ArmCpu cpu() { return cpu; }

    /** The block cache, for tests in this package. */
    BlockCache cache() { return cache; }

    public int blockPc() { return blockPc; }

    /** The counters in one line (racy reads: for figures at exit). */
    public String stats() {
        return String.format("%,d instructions (%.1f M per CPU-second), %,d of them interpreted; blocks reached by link %,d, by jump cache %,d (%,d of both after a TLB probe), by lookup %,d; "
                + "decoded %,d, code pages written %,d; made JVM code: translated %,d (regions of %,d blocks), calls form %,d, failed %,d (%s, threshold %d); "
                + "class files %,d KiB in all, %,d KiB held, bound %,d KiB, dropped %,d times%s",
                executed, cpuNanos == 0 ? 0.0 : executed * 1e3 / cpuNanos, interpreted, linksFollowed, jumpHits, linksRevalidated, lookups, blocksDecoded, codePagesWritten, blocksTranslated, regionMembers, blocksCalls,
                compileFailures, jit, compileThreshold, compiledBytesTotal >> 10, cache.compiledBytes() >> 10, codeCacheLimit >> 10, codeCacheFlushes, mmu == null ? "" : String.format("; TLB: slow reads %,d, slow writes %,d, walks %,d",
                        mmu.slowReads, mmu.slowWrites, mmu.walks));
    }

    /** Why the guest cannot go on, or null. */
    public String guestFailure() { return guestFailure; }

    /** The IRQ input's level (from the GIC, any thread). */
    public void setIrq(boolean level) { setSignal(IRQ, level); }

    public void setFiq(boolean level) { setSignal(FIQ, level); }

    public boolean irqPending() { return (signals & IRQ) != 0; }

    public boolean fiqPending() { return (signals & FIQ) != 0; }

    private void setSignal(int bit, boolean on) {
        if (on) SIGNALS.getAndBitwiseOr(this, bit);
        else SIGNALS.getAndBitwiseAnd(this, ~bit);
    }

    /** Makes {@link #run} return at the next block boundary (pause, stop, kick). */
    public void requestExit() {
        exitRequested = true;
        setSignal(REQUEST, true);
    }

    /** Drops every decoded block before the next one runs (reset, a change of the state blocks were decoded under). */
    public void flushBlocks() {
        flushRequested = true;
        setSignal(REQUEST, true);
    }

    /** Makes the vCPU stop at its next block boundary for work posted to it (another vCPU's TLB maintenance). */
    public void requestSafePoint() { setSignal(REQUEST, true); }

    @Override
    public void codePageWritten(long pagePa) {
        codePagesWritten++;
        writtenPages.add(pagePa);
        setSignal(REQUEST, true);
    }

    /**
     * Runs until an exit is requested, the CPU halts in WFI/WFE, or about {@code budget} instructions have
     * executed. Returns normally in every case; the caller looks at {@code cpu.halt} and its own requests.
     *
     * <p>The next block is found, in order: through the previous block's link (the block that followed it
     * last time, at the same translation generation and cache epoch: a field read and a few compares), in
     * the jump cache (by VA, for indirect branches and returns), or by translating the PC through the
     * instruction TLB and looking the block up by physical address. Between any two blocks the signal word
     * is read once, so an interrupt waits at most one block: 64 instructions, or for translated code about
     * {@link Translator#LOOP_INSNS} plus one pass through its region's members (64 instructions each).
     */
    public void run(long budget) {
        if (!STATS) {
            runBlocks(budget);
            return;
        }
        long t0 = THREADS.getCurrentThreadCpuTime();
        runBlocks(budget);
        cpuNanos += THREADS.getCurrentThreadCpuTime() - t0;
    }

    /** -Darmvmm.tcg.stats=true: count the CPU time of {@link #run} too (for {@link #stats}). */
    private static final boolean STATS = Boolean.getBoolean("armvmm.tcg.stats");
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    private long cpuNanos;

    private void runBlocks(long budget) {
        ArmCpu cpu = this.cpu;
        long limit = executed + budget;
        Block prev = null;
        while (executed < limit) {
            int s = signals;
            if (s != 0 && !serviceSignals(s)) return;
            Block b = prev == null ? null : linked(prev);
            if (b == null) {
                b = jumpCached();
                if (b == null) {
                    b = nextBlock();
                    lookups++;
                    if (b == null) {
                        prev = null;
                        continue;
                    }
                    remember(b);
                }
                if (prev != null) link(prev, b);
            }
            blockPc = b.pc;
            cpu.itState = b.itAfter;
            cpu.pcWritten = false;
            Insn[] insns = b.insns;
            CompiledBlock c = b.compiled;
            if (c == null && !precisePc && ++b.runs == compileThreshold) c = compile(b);
            int k = 0;
            prev = b;
            try {
                if (c != null) {
                    c.run(cpu);
                    executed += c.executed;
                    // the block the code left from: the next one is linked from there
                    prev = c.members[c.exitMember];
                    if (!cpu.pcWritten) cpu.nextPc = prev.endPc;
                    if (cpu.halt != ArmCpu.Halt.NONE) return;
                    continue;
                } else if (precisePc) {
                    for (; k < insns.length; k++) {
                        Insn i = insns[k];
                        cpu.currentPc = i.pc;
                        if (i.cond == Insn.AL || cpu.conditionPassed(i.cond)) i.execute(cpu);
                    }
                } else {
                    for (; k < insns.length; k++) {
                        Insn i = insns[k];
                        if (i.cond == Insn.AL || cpu.conditionPassed(i.cond)) i.execute(cpu);
                    }
                }
                if (!cpu.pcWritten) cpu.nextPc = b.endPc;
            } catch (MemoryAbort | Undefined | BusErrorException x) {
                guestException(x, c != null ? compiledFault(c) : insns[k]);
            }
            executed += k;
            interpreted += k;
            if (cpu.halt != ArmCpu.Halt.NONE) return;
        }
    }

    /** Takes the guest exception {@code x} that instruction {@code i} raised (ARM ARM B1.8). */
    private void guestException(RuntimeException x, Insn i) {
        if (x instanceof MemoryAbort a && a.prefetch) {
            cpu.sys.prefetchAbort(a.fsr, a.address);
            cpu.takeExceptionAt(ExceptionKind.PREFETCH_ABORT, i.pc, i.itState);
        } else if (x instanceof MemoryAbort a) {
            cpu.sys.dataAbort(a.fsr, a.address);
            cpu.takeExceptionAt(ExceptionKind.DATA_ABORT, i.pc, i.itState);
        } else if (x instanceof BusErrorException e) {
            cpu.sys.dataAbort(FSR_SYNC_EXTERNAL, (int) e.address());
            cpu.takeExceptionAt(ExceptionKind.DATA_ABORT, i.pc, i.itState);
        } else {
            cpu.takeExceptionAt(ExceptionKind.UNDEFINED, i.pc, i.itState);
        }
    }

    // ---- following links and the jump cache

    /** The current translation generation, or -1 when the memory system has none (then nothing is linked). */
    private long generation() { return mmu == null ? -1 : mmu.translationGeneration(); }

    /** Whether {@code b} is the block for the CPU's next PC, instruction set, ITSTATE and privilege. */
    private boolean keyMatches(Block b) {
        ArmCpu cpu = this.cpu;
        return b.pc == cpu.nextPc && b.thumb == cpu.thumb && b.itStart == cpu.itState && b.user == (cpu.memFlags != 0);
    }

    private Block linked(Block prev) {
        int slot = cpu.nextPc == prev.endPc ? 0 : 1;
        Block b = prev.link[slot];
        if (b == null || prev.linkEpoch[slot] != cache.epoch() || !keyMatches(b)) return null;
        if (prev.linkGeneration[slot] != generation()) {
            if (!stillMapped(b)) return null;
            prev.linkGeneration[slot] = generation();
            linksRevalidated++;
        }
        linksFollowed++;
        return b;
    }

    /**
     * Whether {@code b}'s address still translates to the physical page it was decoded from, after the
     * translation generation moved (a context switch's new ASID, TLB maintenance, an entry that code was
     * fetched through evicted). That is the question {@link #nextBlock} would ask the TLB; the block cache's
     * answer is already known, since the link or jump-cache entry is of the cache's current epoch. A probe of
     * the instruction TLB is a few compares where the lookup is a hash-table walk; without it, every context
     * switch sent every block through the lookup again (a fifth of all dispatches in a shell pipeline).
     */
    private boolean stillMapped(Block b) {
        try {
            return (cpu.mem.translateFetch(b.pc, cpu.memFlags) & ~0xfffL) == (b.pa & ~0xfffL);
        } catch (MemoryAbort | BusErrorException e) {
            return false; // nextBlock takes the Prefetch Abort
        }
    }

    private void link(Block prev, Block b) {
        if (mmu == null || b.page2 != -1) return;
        int slot = b.pc == prev.endPc ? 0 : 1;
        prev.link[slot] = b;
        prev.linkGeneration[slot] = generation();
        prev.linkEpoch[slot] = cache.epoch();
    }

    private static int jumpIndex(int pc) { return ((pc >>> 1) ^ (pc >>> (JUMP_BITS + 1))) & ((1 << JUMP_BITS) - 1); }

    private Block jumpCached() {
        if (mmu == null) return null;
        int i = jumpIndex(cpu.nextPc);
        Block b = jumpBlock[i];
        if (b == null || jumpEpoch[i] != cache.epoch() || !keyMatches(b)) return null;
        if (jumpGeneration[i] != generation()) {
            if (!stillMapped(b)) return null;
            jumpGeneration[i] = generation();
            linksRevalidated++;
        }
        jumpHits++;
        return b;
    }

    private void remember(Block b) {
        if (mmu == null || b.page2 != -1) return;
        int i = jumpIndex(b.pc);
        jumpBlock[i] = b;
        jumpGeneration[i] = generation();
        jumpEpoch[i] = cache.epoch();
    }

    /** The instruction a compiled block stopped at on a guest exception, with the instructions before it counted. */
    private Insn compiledFault(CompiledBlock c) {
        int f = c.faultIndex;
        executed += c.executed + c.offset[f];
        return c.insns[f];
    }

    /**
     * The block at the next PC: its VA goes through the instruction TLB first (a Prefetch Abort if it no
     * longer translates or may not be executed), then the cache is asked for that VA and physical address,
     * and the block is decoded on a miss. Null when an exception was taken instead.
     */
    private Block nextBlock() {
        ArmCpu cpu = this.cpu;
        int pc = cpu.nextPc;
        long pa;
        try {
            pa = cpu.mem.translateFetch(pc, cpu.memFlags);
        } catch (MemoryAbort a) {
            prefetchAbort(pc, a.fsr, a.address);
            return null;
        } catch (BusErrorException e) {
            prefetchAbort(pc, FSR_SYNC_EXTERNAL, pc);
            return null;
        }
        Block b = cache.lookup(pc, pa, cpu.thumb, cpu.itState, cpu.memFlags != 0);
        if (b != null && (b.page2 == -1 || secondPageStill(b))) return b;
        return decodeBlock(pc, pa);
    }

    /** A block whose last instruction straddles a page boundary: the second page must still map to the same place. */
    private boolean secondPageStill(Block b) {
        try {
            return (cpu.mem.translateFetch((b.pc | 0xfff) + 1, cpu.memFlags) & ~0xfffL) == b.page2;
        } catch (MemoryAbort | BusErrorException e) {
            return false; // decoded again, the block stops before that instruction, which then faults on its own
        }
    }

    /** Sets how blocks become JVM code from now on, with that form's threshold. */
    public void setJit(JitMode mode) {
        jit = mode;
        compileThreshold = mode.threshold;
    }

    private CompiledBlock compile(Block b) {
        try {
            CompiledBlock c = null;
            if (jit == JitMode.TRANSLATE && mmu != null && (c = Translator.translate(Region.grow(b, cache))) != null) {
                blocksTranslated++;
                regionMembers += c.members.length;
            }
            if (c == null && jit != JitMode.OFF && (c = BlockCompiler.compile(b)) != null) blocksCalls++;
            if (c == null) return null;
            c.interpreter = this;
            if (cache.compiledBytes() + c.classBytes > codeCacheLimit) {
                cache.dropCompiled();
                codeCacheFlushes++;
                // The dropped classes' metadata and machine code leave only when the JVM unloads them, which
                // its young collections never do: in a 30-minute soak they held RSS 330 MiB above the live set
                // until a full collection. A flush is rare (minutes apart), so it asks for one at once.
                System.gc();
            }
            compiledBytesTotal += c.classBytes;
            cache.setCompiled(b, c);
            return c;
        } catch (Throwable t) {
            compileFailures++;
            // Never expected; the block keeps running interpreted, with the reason on record once.
            if (!compileFailureLogged) {
                compileFailureLogged = true;
                System.getLogger(Interpreter.class.getName()).log(System.Logger.Level.WARNING,
                        "block at 0x" + Integer.toHexString(b.pc) + " not compiled, interpreting it: " + t);
            }
            return null;
        }
    }

    private Block decodeBlock(int pc, long pa) {
        try {
            Block b = decoder.decode(cpu, pc, pa, cpu.thumb, cpu.itState);
            blocksDecoded++;
            cache.put(b);
            return b;
        } catch (MemoryAbort a) {
            prefetchAbort(pc, a.fsr, a.address);
        } catch (BusErrorException e) {
            prefetchAbort(pc, FSR_SYNC_EXTERNAL, pc);
        }
        return null;
    }

    private void prefetchAbort(int pc, int fsr, int address) {
        cpu.sys.prefetchAbort(fsr, address);
        cpu.takeExceptionAt(ExceptionKind.PREFETCH_ABORT, pc, cpu.itState);
        if (cpu.nextPc == pc) {
            // The Prefetch Abort vector itself cannot be fetched: every further step would fault the same way.
            guestFailure = String.format("prefetch abort at the abort vector 0x%08x (nothing executable there)", pc);
            requestExit();
        }
    }

    /** Returns false when {@link #run} must return. */
    private boolean serviceSignals(int s) {
        if ((s & REQUEST) != 0) {
            setSignal(REQUEST, false);
            cpu.mem.safePoint();
            if (flushRequested) {
                flushRequested = false;
                cache.clear();
                writtenPages.clear();
            }
            for (Long p; (p = writtenPages.poll()) != null; ) cache.dropPage(p);
            if (exitRequested) {
                exitRequested = false;
                return false;
            }
        }
        if ((s & FIQ) != 0 && !cpu.maskF) {
            takeInterrupt(ExceptionKind.FIQ);
        } else if ((s & IRQ) != 0 && !cpu.maskI) {
            takeInterrupt(ExceptionKind.IRQ);
        }
        return true;
    }

    private void takeInterrupt(ExceptionKind kind) {
        // LR = address of the next instruction + 4, in both states (ARM ARM B1.8.10).
        cpu.takeException(kind, cpu.nextPc + 4);
        cpu.halt = ArmCpu.Halt.NONE;
    }

    // ---- the debugger's path: one instruction at a time, nothing compiled (armvmm.tcg.TcgDebug drives it)

    /**
     * Answers the signals as between two blocks (an interrupt is taken only when {@code interrupts}), then,
     * unless an interrupt was just taken, executes the one instruction at the PC (decoded as the first of a
     * block, which is cached but never run whole or compiled from here). Returns false when an exit was
     * requested and nothing was done. An exception other than a guest exception (a debugger's watchpoint)
     * leaves the instruction unexecuted: the PC and ITSTATE are those before it.
     */
    public boolean stepInstruction(boolean interrupts) {
        ArmCpu cpu = this.cpu;
        int s = interrupts ? signals : signals & REQUEST;
        if (s != 0) {
            boolean takes = ((s & FIQ) != 0 && !cpu.maskF) || ((s & IRQ) != 0 && !cpu.maskI);
            if (!serviceSignals(s)) return false;
            if (takes) return true; // the vector's first instruction is the next step (a breakpoint there is seen)
        }
        Block b = nextBlock();
        if (b == null) return true; // a Prefetch Abort was taken instead
        Insn i = b.insns[0];
        int itBefore = cpu.itState;
        blockPc = b.pc;
        cpu.currentPc = i.pc;
        cpu.pcWritten = false;
        cpu.itState = b.insns.length > 1 ? b.insns[1].itState : b.itAfter;
        boolean done = false;
        try {
            if (i.cond == Insn.AL || cpu.conditionPassed(i.cond)) i.execute(cpu);
            if (!cpu.pcWritten) cpu.nextPc = i.nextPc();
            done = true;
        } catch (MemoryAbort | Undefined | BusErrorException x) {
            done = true;
            guestException(x, i);
        } finally {
            if (!done) cpu.itState = itBefore;
        }
        executed++;
        return true;
    }
}
