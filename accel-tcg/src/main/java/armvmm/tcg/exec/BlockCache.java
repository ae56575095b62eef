package armvmm.tcg.exec;

/**
 * The decoded blocks of one vCPU: a hash table with chaining keyed by (PA, VA, Thumb, ITSTATE, User mode),
 * which grows with the code the guest runs and never evicts on a conflict: a block, and the JVM code it
 * became, stays until its page is written or everything is dropped (reset, a change of the state blocks
 * were decoded under). A direct-mapped table lost blocks to conflicts, and with them their translations,
 * which had to earn their threshold again. Used only by its vCPU's thread.
 */
public final class BlockCache {
    private static final int INITIAL_BITS = 14;
    private Block[] table = new Block[1 << INITIAL_BITS];
    private int size;
    /** Counts every drop: links and jump-cache entries made at an older epoch are not followed. */
    private int epoch;
    /** Class-file bytes of the JVM code the blocks here hold ({@link CompiledBlock#classBytes}). */
    private long compiledBytes;

    private static int hash(long pa, boolean thumb, int it, boolean user) {
        int p = (int) pa ^ (int) (pa >>> 32);
        int h = p * 0x9e3779b1 ^ (thumb ? 0x5555 : 0) ^ (it * 0x2f0b3) ^ (user ? 0x2aaa_aaaa : 0);
        return h ^ (h >>> 16);
    }

    public int epoch() { return epoch; }

    public int size() { return size; }

    public long compiledBytes() { return compiledBytes; }

    /** Gives {@code b}, a block in this cache, its JVM code. */
    void setCompiled(Block b, CompiledBlock c) {
        if (b.compiled != null) compiledBytes -= b.compiled.classBytes;
        b.compiled = c;
        if (c != null) compiledBytes += c.classBytes;
    }

    /**
     * Forgets every block's JVM code, keeping the decoded blocks: each must run its threshold again to be
     * compiled anew. Nothing then refers to the dropped code, whose hidden classes the JVM unloads.
     */
    void dropCompiled() {
        for (Block head : table) {
            for (Block b = head; b != null; b = b.chain) {
                b.compiled = null;
                b.runs = 0;
            }
        }
        compiledBytes = 0;
    }

    public Block lookup(int pc, long pa, boolean thumb, int it, boolean user) {
        Block[] t = table;
        for (Block b = t[hash(pa, thumb, it, user) & (t.length - 1)]; b != null; b = b.chain) {
            if (b.pa == pa && b.pc == pc && b.thumb == thumb && b.itStart == it && b.user == user) return b;
        }
        return null;
    }

    /** Adds a block the caller did not find (a block for the same key, if any, is replaced). */
    public void put(Block b) {
        if (size >= table.length) grow();
        int i = hash(b.pa, b.thumb, b.itStart, b.user) & (table.length - 1);
        Block prev = null;
        for (Block x = table[i]; x != null; prev = x, x = x.chain) {
            if (x.pa == b.pa && x.pc == b.pc && x.thumb == b.thumb && x.itStart == b.itStart && x.user == b.user) {
                if (x.compiled != null) compiledBytes -= x.compiled.classBytes;
                b.chain = x.chain;
                if (prev == null) table[i] = b;
                else prev.chain = b;
                epoch++;
                return;
            }
        }
        b.chain = table[i];
        table[i] = b;
        size++;
    }

    private void grow() {
        Block[] old = table;
        Block[] t = new Block[old.length * 2];
        for (Block head : old) {
            for (Block b = head; b != null; ) {
                Block next = b.chain;
                int i = hash(b.pa, b.thumb, b.itStart, b.user) & (t.length - 1);
                b.chain = t[i];
                t[i] = b;
                b = next;
            }
        }
        table = t;
    }

    public void clear() {
        table = new Block[1 << INITIAL_BITS];
        size = 0;
        compiledBytes = 0;
        epoch++;
    }

    /** Drops every block decoded from the physical page {@code pagePa}. */
    public void dropPage(long pagePa) {
        epoch++;
        Block[] t = table;
        for (int i = 0; i < t.length; i++) {
            Block prev = null;
            for (Block b = t[i]; b != null; b = b.chain) {
                if (b.from(pagePa)) {
                    if (b.compiled != null) compiledBytes -= b.compiled.classBytes;
                    if (prev == null) t[i] = b.chain;
                    else prev.chain = b.chain;
                    size--;
                } else {
                    prev = b;
                }
            }
        }
    }
}
