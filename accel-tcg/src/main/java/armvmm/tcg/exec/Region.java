package armvmm.tcg.exec;

import armvmm.isa.decode.Insn;
import armvmm.isa.insn.Branch;
import java.util.ArrayList;
import java.util.List;

/**
 * Which blocks the translator compiles together with a hot block: those its direct branches and
 * fall-throughs reach, breadth first, that have already run often enough to matter, in the same 4 KiB page
 * (virtual and so physical: the code is entered only through the first block, whose VA the interpreter has
 * just translated, so the others' mapping holds too, and a write to the page drops the first block with the
 * rest). Inside the translated code a branch between members is a jump, with the registers staying in JVM
 * locals: the dispatcher round trip, the link check and the register load and store per block go for the
 * loops of a decompressor, a checksum or a memcpy.
 *
 * <p>Members outside the first all start and end outside an IT block and are single-page blocks of the
 * first one's instruction set and privilege (those are part of a block's key, and they cannot change
 * between members: a branch that changes the instruction set, or an instruction that may change the mode,
 * ends a member's code with a return).
 */
final class Region {
    /**
     * Members per region (-Darmvmm.tcg.regionMembers; 1 translates blocks one by one); the translator halves a
     * region whose code would be too large for the JIT. Large regions cost C2 much more than they save.
     */
    static final int MAX_MEMBERS = Math.max(1, Integer.getInteger("armvmm.tcg.regionMembers", 4));
    /**
     * Runs, as a fraction of the entry's (it has just reached the threshold), a block needs to be a member: a
     * path taken more rarely leaves the code, which keeps cold code out of the method the JIT compiles.
     */
    private static final int MIN_RUNS_DIVISOR = 32;
    private static final int PAGE_MASK = ~0xfff;

    private Region() { }

    /** {@code entry} first, then the members reached from it (possibly none). */
    static Block[] grow(Block entry, BlockCache cache) {
        List<Block> members = new ArrayList<>();
        members.add(entry);
        if (entry.page2 != -1) return members.toArray(new Block[0]);
        int minRuns = Math.max(1, entry.runs / MIN_RUNS_DIVISOR);
        for (int next = 0; next < members.size() && members.size() < MAX_MEMBERS; next++) {
            Block b = members.get(next);
            if (b.itAfter != 0) continue;
            for (int target : successors(b)) {
                if (members.size() >= MAX_MEMBERS) break;
                if (((target ^ entry.pc) & PAGE_MASK) != 0 || contains(members, target)) continue;
                long pa = entry.page1 | (target & ~PAGE_MASK);
                Block s = cache.lookup(target, pa, entry.thumb, 0, entry.user);
                if (s == null || s.page2 != -1 || s.itAfter != 0 || s.runs < minRuns) continue;
                members.add(s);
            }
        }
        return members.toArray(new Block[0]);
    }

    /** Where the block can go next that is known now: a direct branch's target, and its end unless it always branches. */
    private static int[] successors(Block b) {
        Insn last = b.insns[b.insns.length - 1];
        int mask = b.thumb ? ~1 : ~3;
        if (last instanceof Branch.Imm br) {
            if (br.exchange) return new int[0];
            return last.cond == Insn.AL ? new int[] {br.target & mask} : new int[] {br.target & mask, b.endPc};
        }
        if (last instanceof Branch.CompareZero cz) return new int[] {cz.target & mask, b.endPc};
        return last.endsBlock() ? new int[0] : new int[] {b.endPc};
    }

    private static boolean contains(List<Block> members, int pc) {
        for (Block m : members) if (m.pc == pc) return true;
        return false;
    }
}
