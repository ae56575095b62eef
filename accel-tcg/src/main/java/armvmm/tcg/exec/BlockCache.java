package armvmm.tcg.exec;

import java.util.Arrays;

/**
 * The decoded blocks of one vCPU: a direct-mapped table keyed by (VA, PA, Thumb, ITSTATE, User mode). The
 * owner drops a page's blocks when the page is written, and everything when the state blocks were decoded
 * under changes wholesale (reset, the security state). Used only by its vCPU's thread.
 */
public final class BlockCache {
    private static final int BITS = 14;
    private final Block[] table = new Block[1 << BITS];

    private static int index(long pa, boolean thumb, int it, boolean user) {
        int p = (int) pa;
        int h = (p >>> 1) ^ (p >>> (BITS + 1)) ^ (thumb ? 0x1555 : 0) ^ (it * 0x9e5) ^ (user ? 0x2aaa : 0);
        return h & ((1 << BITS) - 1);
    }

    public Block lookup(int pc, long pa, boolean thumb, int it, boolean user) {
        Block b = table[index(pa, thumb, it, user)];
        return b != null && b.pa == pa && b.pc == pc && b.thumb == thumb && b.itStart == it && b.user == user ? b : null;
    }

    public void put(Block b) { table[index(b.pa, b.thumb, b.itStart, b.user)] = b; }

    public void clear() { Arrays.fill(table, null); }

    /** Drops every block decoded from the physical page {@code pagePa}. */
    public void dropPage(long pagePa) {
        for (int i = 0; i < table.length; i++) {
            Block b = table[i];
            if (b != null && b.from(pagePa)) table[i] = null;
        }
    }
}
