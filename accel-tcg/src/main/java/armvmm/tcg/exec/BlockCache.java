package armvmm.tcg.exec;

import java.util.Arrays;

/**
 * The decoded blocks of one vCPU: a direct-mapped table keyed by (VA, Thumb, ITSTATE, User mode, ASID). A VA key is valid
 * as long as the VA-to-PA mapping it was decoded under; the owner drops everything when translation
 * changes (TLB maintenance, regime changes) and drops a page's blocks when the page is written.
 * Used only by its vCPU's thread.
 */
public final class BlockCache {
    private static final int BITS = 13;
    private final Block[] table = new Block[1 << BITS];

    private static int index(int pc, boolean thumb, int it, boolean user, int asid) {
        int h = (pc >>> 1) ^ (pc >>> (BITS + 1)) ^ (thumb ? 0x1555 : 0) ^ (it * 0x9e5) ^ (user ? 0xaaa : 0) ^ (asid * 0x3b);
        return h & ((1 << BITS) - 1);
    }

    public Block lookup(int pc, boolean thumb, int it, boolean user, int asid) {
        Block b = table[index(pc, thumb, it, user, asid)];
        return b != null && b.pc == pc && b.thumb == thumb && b.itStart == it && b.user == user && b.asid == asid ? b : null;
    }

    public void put(Block b) { table[index(b.pc, b.thumb, b.itStart, b.user, b.asid)] = b; }

    public void clear() { Arrays.fill(table, null); }

    /** Drops every block whose instructions lie in the virtual page {@code vaPage} (4 KiB aligned). */
    public void dropVirtualPage(int vaPage) {
        for (int i = 0; i < table.length; i++) {
            Block b = table[i];
            if (b != null && ((b.pc & ~0xfff) == vaPage || ((b.endPc - 1) & ~0xfff) == vaPage)) table[i] = null;
        }
    }

    /** Drops every block decoded from the physical page {@code pagePa}. */
    public void dropPage(long pagePa) {
        for (int i = 0; i < table.length; i++) {
            Block b = table[i];
            if (b != null && b.from(pagePa)) table[i] = null;
        }
    }
}
