package armvmm.tcg.exec;

import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.decode.Decoders;
import armvmm.isa.decode.Insn;
import armvmm.isa.decode.T32Decoder;
import armvmm.isa.insn.SystemInsn;
import armvmm.isa.mem.CodePages;
import armvmm.isa.mem.MemoryAbort;
import armvmm.isa.mem.MemoryAccess;
import java.util.ArrayList;

/**
 * Fetches and decodes a block starting at a VA, following the Thumb IT state through it, and marks the
 * physical pages it came from in {@link CodePages}. A fault fetching the first instruction propagates (a
 * Prefetch Abort for that instruction); a fault later just ends the block, so the abort is taken only if
 * execution gets there.
 */
public final class BlockDecoder {
    /** Long enough to amortise the block lookup, short enough to answer interrupts promptly. */
    static final int MAX_INSNS = 64;
    private static final int PAGE = 4096;

    private final Decoders decoders;
    private final CodePages codePages;
    private final ArrayList<Insn> buffer = new ArrayList<>(MAX_INSNS);

    public BlockDecoder(Decoders decoders, CodePages codePages) {
        this.decoders = decoders;
        this.codePages = codePages;
    }

    public Block decode(ArmCpu cpu, int startPc, long startPa, boolean thumb, int itStart) {
        MemoryAccess mem = cpu.mem;
        int flags = cpu.memFlags;
        buffer.clear();
        int pc = startPc;
        int it = itStart;
        long page1 = startPa & ~(long) (PAGE - 1), page2 = -1;
        codePages.mark(page1);
        while (true) {
            Insn insn;
            int nextIt;
            try {
                if (thumb) {
                    int hw1 = mem.fetch16(pc, flags);
                    int hw2 = 0;
                    if (T32Decoder.is32(hw1)) {
                        if (((pc + 2) & (PAGE - 1)) == 0) {
                            hw2 = mem.fetch16(pc + 2, flags);
                            page2 = pagePa(mem, pc + 2, flags);
                            codePages.mark(page2);
                        } else {
                            hw2 = mem.fetch16(pc + 2, flags);
                        }
                    }
                    insn = decoders.t32().decode(hw1, hw2, pc, it);
                    if (insn instanceof T32Decoder.It i) {
                        nextIt = i.itState();
                    } else {
                        if ((it & 0xf) != 0) insn.cond = it >>> 4;
                        nextIt = SystemInsn.itAdvance(it);
                    }
                    insn.itState = it;
                } else {
                    insn = decoders.a32().decode(mem.fetch32(pc, flags), pc);
                    nextIt = 0;
                }
            } catch (MemoryAbort a) {
                if (buffer.isEmpty()) throw a;
                break;
            }
            buffer.add(insn);
            pc += insn.size;
            it = nextIt;
            if (insn.endsBlock() || buffer.size() >= MAX_INSNS || (pc & (PAGE - 1)) == 0 || page2 != -1) break;
        }
        return new Block(startPc, startPa, thumb, itStart, flags != 0, buffer.toArray(new Insn[0]), pc, it, page1, page2);
    }

    private static long pagePa(MemoryAccess mem, int va, int flags) {
        return mem.translateFetch(va, flags) & ~(long) (PAGE - 1);
    }
}
