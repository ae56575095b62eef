package armvmm.isa.mem;

import armvmm.bus.AddressSpace;
import armvmm.bus.BusErrorException;
import armvmm.bus.BusMaster;
import armvmm.bus.Region;
import armvmm.memory.HostMemory;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * One vCPU's memory system: stage 1 translation of the PL1&amp;0 regime in both VMSAv7 descriptor formats,
 * a software TLB, permission and alignment checks, and the fault reports the CPU turns into Data and
 * Prefetch Aborts.
 *
 * <p>The TLB is direct-mapped, {@value #TLB_SIZE} entries of one 4 KB virtual page each, in two halves:
 * one for PL1 accesses, one for PL0 ones (User mode, LDRT/STRT), each backed by {@value #VICTIMS} victim
 * entries for pages evicted by a conflict. An entry has a tag per access kind (read,
 * write, fetch) that holds the page's key when that kind is permitted: the virtual page, plus the ASID for
 * a non-global (nG) mapping, so entries of other address spaces stay until a TLB maintenance operation
 * removes them, as in a real TLB. A hit is an index, one or two compares and a native memory access at the
 * cached host address of the RAM page. Two extra tag bits make the hit compare fail on purpose: {@link
 * #TAG_IO} (the page is not plain RAM: go to the bus) and {@link #TAG_CODE} (a store must first tell
 * {@link CodePages} that decoded code is being overwritten).
 *
 * <p>Not thread-safe: everything runs on the owning vCPU's thread. TLB maintenance that another vCPU
 * broadcasts (the Inner Shareable forms) is {@link #post posted} and applied by the owner at its next safe
 * point ({@link #applyPosted}). The one exception is {@link CodePages}' notification that a page now holds code, which may come from any vCPU's decoder; it only
 * sets a bit in write tags, and a store racing with it is a cross-modifying-code case the guest has to
 * order with cache maintenance anyway.
 */
public final class Mmu implements MemoryAccess {
    public static final int TLB_BITS = 9;
    static final int TLB_SIZE = 1 << TLB_BITS;
    private static final int TLB_MASK = TLB_SIZE - 1;
    /**
     * Per privilege half, a few victim entries behind the direct-mapped ones: an entry evicted by a
     * conflicting page (code and data whose pages share a slot) moves there and is found again on the next
     * miss before any walk, so a conflict costs a swap, and a stale entry survives one.
     */
    static final int VICTIMS = 8;
    private static final int ENTRIES = 2 * TLB_SIZE + 2 * VICTIMS;
    private static final long PAGE_MASK = 0xffff_f000L;
    /**
     * The page bits plus the bits that must be zero for an aligned access: tags have their low 12 bits
     * clear, so an unaligned address misses the hit compare and the slow path sorts it out.
     */
    private static final long ALIGNED_16 = PAGE_MASK | 1, ALIGNED_32 = PAGE_MASK | 3, ALIGNED_64 = PAGE_MASK | 7;
    private static final int PAGE_SIZE = 4096;
    private static final long INVALID = -1L;
    /** The page is MMIO, ROM for a write, or RAM not wholly covering the page: every access of the kind goes to the bus. */
    private static final long TAG_IO = 1L << 48;
    /** Write tags only: the physical page holds decoded code. */
    private static final long TAG_CODE = 1L << 49;
    /** SCTLR bits whose change alters translations already cached (the MMU itself, TEX remap, AF model, WXN, table endianness). */
    private static final int SCTLR_TRANSLATION_BITS = TranslationRegime.SCTLR_M | TranslationRegime.SCTLR_TRE
            | TranslationRegime.SCTLR_AFE | TranslationRegime.SCTLR_WXN | TranslationRegime.SCTLR_UWXN
            | TranslationRegime.SCTLR_EE;

    private final AddressSpace bus;
    private final CodePages code;
    private final BusMaster master;
    private final ShortDescriptorWalk shortWalk;
    private final LongDescriptorWalk longWalk;
    private final WalkResult walk = new WalkResult();

    private final long[] readTag = new long[ENTRIES];
    private final long[] writeTag = new long[ENTRIES];
    private final long[] fetchTag = new long[ENTRIES];
    /** The page|ASID key of the entry whatever its permissions, INVALID when empty. */
    private final long[] entryKey = new long[ENTRIES];
    /** Host address of the first byte of the RAM page (0 for pages reached through the bus). */
    private final long[] hostPage = new long[ENTRIES];
    private final long[] physPage = new long[ENTRIES];
    /** log2 of the size of the mapping the entry is a 4 KB piece of, for invalidation by MVA. */
    private final byte[] blockShift = new byte[ENTRIES];
    private final boolean[] device = new boolean[ENTRIES];
    private final byte[] entryDomain = new byte[ENTRIES];
    /**
     * The entry answered a {@link #translateFetch} since it was filled: a code cache may trust what it gave,
     * so losing it moves {@link #translationGeneration}. Executable pages that only data accesses used (the
     * decompressor's output, kernel data in executable sections) come and go without invalidating links.
     */
    private final boolean[] fetched = new boolean[ENTRIES];

    private TranslationRegime regime = TranslationRegime.RESET;
    private boolean longFormat;
    /** 1 when the CPU runs at PL0: ORed with the access flags, whose UNPRIVILEGED is bit 0. */
    private int user;
    /** The current ASID as it sits in a non-global key: (ASID + 1) in bits 40:32 (0 there means global). */
    private long asidKey = 1L << 32;
    private long generation;
    private final int[] victimNext = new int[2];
    /**
     * The 1 MB regions of VA (bit VA[31:20]) that entries from mappings larger than 4 KB cover: invalidation
     * by MVA in such a region must search the whole TLB, elsewhere only the MVA's own slots. Linux flushes
     * the vmalloc area page by page, where its section-mapped lowmem entries never are.
     */
    private final long[] largeRegions = new long[4096 / 64];
    /** Short-descriptor domains that cached entries belong to (or once did, until a flush). */
    private int usedDomains;
    private final ConcurrentLinkedQueue<Consumer<Mmu>> posted = new ConcurrentLinkedQueue<>();
    private volatile boolean hasPosted;

    public Mmu(AddressSpace bus, CodePages code, BusMaster master) {
        this.bus = bus;
        this.code = code;
        this.master = master;
        this.shortWalk = new ShortDescriptorWalk(bus, master);
        this.longWalk = new LongDescriptorWalk(bus, master);
        tlbInvalidateAll();
        code.addMarkListener(this::codePageMarked);
    }

    // ---- state from the CPU ----

    /** The CPU's privilege level changed (a mode change): PL0 accesses use the PL0 permissions. */
    public void setPrivileged(boolean privileged) { user = privileged ? 0 : UNPRIVILEGED; }

    public TranslationRegime regime() { return regime; }

    /**
     * Changes whenever a translation {@link #translateFetch} handed out may no longer hold: an entry it
     * answered from dropped, replaced or flushed, or a new ASID. Entries it never answered from come and go
     * without moving it (the code caches that trust it never looked at them). While it stays the same, {@link #translateFetch} of a virtual address
     * translated before gives the same physical address, so a cache of code keyed by virtual address can
     * trust what it checked at that generation.
     */
    public long translationGeneration() { return generation; }

    /**
     * New translation registers. Flushes the TLB when the change alters cached translations in a way the
     * architecture does not leave to TLB maintenance: the MMU switched, TTBCR, TEX remap or memory
     * attribute registers, SCTLR.AFE/WXN/UWXN/EE or the security state; a DACR change drops the entries of
     * the domains it changes.
     * A new ASID (CONTEXTIDR, or TTBR0/1 with LPAE) or TTBR needs no flush: entries carry their ASID, and
     * the guest invalidates stale entries of a reused ASID itself.
     */
    public void setRegime(TranslationRegime next) {
        TranslationRegime prev = regime;
        regime = next;
        longFormat = next.longDescriptors();
        long nextAsidKey = (next.asid() + 1L) << 32;
        if (nextAsidKey != asidKey) generation++;
        asidKey = nextAsidKey;
        if (((prev.sctlr() ^ next.sctlr()) & SCTLR_TRANSLATION_BITS) != 0 || prev.ttbcr() != next.ttbcr()
                || prev.prrr() != next.prrr() || prev.nmrr() != next.nmrr() || prev.mair0() != next.mair0()
                || prev.mair1() != next.mair1() || prev.secure() != next.secure()) {
            tlbInvalidateAll();
        } else if (prev.dacr() != next.dacr() && !longFormat) {
            dropDomains(prev.dacr() ^ next.dacr());
        }
    }

    /**
     * Cached permissions include the domain's DACR field, which the architecture checks on every access, so
     * the entries of the domains whose field changed go (Linux's software PAN flips the user domain on every
     * kernel entry: the kernel's own entries stay).
     */
    private void dropDomains(int dacrDiff) {
        int changed = 0;
        for (int d = 0; d < 16; d++)
            if ((dacrDiff >>> (2 * d) & 3) != 0) changed |= 1 << d;
        if ((changed & usedDomains) == 0) return;
        for (int i = 0; i < entryKey.length; i++)
            if (entryKey[i] != INVALID && (changed & 1 << entryDomain[i]) != 0) drop(i);
    }

    // ---- TLB maintenance (ARM ARM B4.2.2) ----

    /** TLBIALL (and TLBIALLIS, ITLBIALL, DTLBIALL). */
    public void tlbInvalidateAll() {
        generation++;
        Arrays.fill(entryKey, INVALID);
        Arrays.fill(readTag, INVALID);
        Arrays.fill(writeTag, INVALID);
        Arrays.fill(fetchTag, INVALID);
        Arrays.fill(fetched, false);
        Arrays.fill(largeRegions, 0);
        usedDomains = 0;
    }

    /** TLBIMVA: {@code operand} is the MCR value, MVA[31:12] and ASID[7:0]; global entries of the MVA go too. */
    public void tlbInvalidateMva(int operand) { invalidateMva(operand, operand & 0xff); }

    /** TLBIMVAA: the entries of MVA[31:12] whatever their ASID. */
    public void tlbInvalidateMvaAllAsid(int mva) { invalidateMva(mva, -1); }

    /** TLBIASID: the non-global entries of ASID[7:0]. */
    public void tlbInvalidateAsid(int asid) {
        long a = (asid & 0xffL) + 1;
        for (int i = 0; i < entryKey.length; i++) {
            long key = entryKey[i];
            if (key != INVALID && key >>> 32 == a) drop(i);
        }
    }

    private void invalidateMva(int mva, int asid) {
        long page = mva & PAGE_MASK;
        int region = mva >>> 20;
        if ((largeRegions[region >>> 6] & 1L << region) == 0) {
            int slot = (mva >>> 12) & TLB_MASK;
            dropIfCovers(slot, page, asid);
            dropIfCovers(slot + TLB_SIZE, page, asid);
            for (int v = 2 * TLB_SIZE; v < ENTRIES; v++) dropIfCovers(v, page, asid);
            return;
        }
        for (int i = 0; i < entryKey.length; i++) dropIfCovers(i, page, asid);
    }

    private void dropIfCovers(int i, long page, int asid) {
        long key = entryKey[i];
        if (key == INVALID || ((key ^ page) & PAGE_MASK) >>> blockShift[i] != 0) return;
        long entryAsid = key >>> 32; // 0 global, else ASID + 1
        if (asid >= 0 && entryAsid != 0 && entryAsid != asid + 1) return;
        drop(i);
    }

    private void drop(int i) {
        if (fetched[i]) generation++;
        fetched[i] = false;
        entryKey[i] = readTag[i] = writeTag[i] = fetchTag[i] = INVALID;
    }

    /**
     * Queues TLB maintenance from another vCPU's thread (an Inner Shareable operation it broadcasts), e.g.
     * {@code mmu.post(m -> m.tlbInvalidateMva(arg))}; this vCPU applies it in {@link #applyPosted}.
     */
    public void post(Consumer<Mmu> maintenance) {
        posted.add(maintenance);
        hasPosted = true;
    }

    /**
     * On the owning vCPU's thread at a safe point (between blocks): applies what other vCPUs posted.
     * One volatile read when there is nothing. Returns whether anything was applied.
     */
    @Override
    public void safePoint() { applyPosted(); }

    public boolean applyPosted() {
        if (!hasPosted) return false;
        hasPosted = false; // before draining: a post racing with the drain is either drained now or flags again
        boolean any = false;
        for (Consumer<Mmu> m; (m = posted.poll()) != null; any = true) m.accept(this);
        return any;
    }

    /** From {@link CodePages}: stores to {@code pagePa} must now go through the slow path. */
    private void codePageMarked(long pagePa) {
        for (int i = 0; i < physPage.length; i++)
            if (physPage[i] == pagePa && writeTag[i] != INVALID) writeTag[i] |= TAG_CODE;
    }

    /**
     * Accesses that missed the hit test (a TLB miss, an unaligned access, MMIO, a store to a code page), and
     * table walks: for performance figures, read racily.
     */
    public long slowReads, slowWrites, walks;

    // ---- what translated code inlines (armvmm.tcg's translator): the hit test of the methods below ----

    /**
     * The read tags, indexed by {@code ((va >>> 12) & (2^TLB_BITS - 1)) | (PL0 bit << TLB_BITS)}: a hit is the
     * tag equal to the VA's page bits (with the alignment bits of the access, which must be zero) alone or
     * ORed with {@link #asidKey()}; then the byte is at {@code hostPages()[i] + (va & 0xfff)}. Anything else
     * goes through {@link #read32} and friends, which take the same hit or the slow path.
     */
    public long[] readTags() { return readTag; }

    /** The write tags, used as {@link #readTags()} (a code page or a non-RAM page never hits). */
    public long[] writeTags() { return writeTag; }

    public long[] hostPages() { return hostPage; }

    /** The current ASID as non-global tags hold it; changes only with the translation regime. */
    public long asidKey() { return asidKey; }

    /** {@code 1 << TLB_BITS} while the CPU runs at PL0, else 0: ORed into the tag index of every access. */
    public int pl0Index() { return user << TLB_BITS; }

    // ---- the hot path ----

    private int slot(int va, int flags) {
        return ((va >>> 12) & TLB_MASK) | (((flags | user) & UNPRIVILEGED) << TLB_BITS);
    }

    private boolean hit(long tag, long page) { return tag == page || tag == (page | asidKey); }

    @Override
    public int read8(int va, int flags) {
        int i = slot(va, flags);
        if (hit(readTag[i], va & PAGE_MASK)) return HostMemory.read8(hostPage[i] + (va & 0xfff));
        return (int) slowRead(va, 1, flags, AccessKind.READ);
    }

    @Override
    public int read16(int va, int flags) {
        int i = slot(va, flags);
        if (hit(readTag[i], va & ALIGNED_16)) return HostMemory.read16(hostPage[i] + (va & 0xfff));
        return (int) slowRead(va, 2, flags, AccessKind.READ);
    }

    @Override
    public int read32(int va, int flags) {
        int i = slot(va, flags);
        if (hit(readTag[i], va & ALIGNED_32)) return HostMemory.read32(hostPage[i] + (va & 0xfff));
        return (int) slowRead(va, 4, flags, AccessKind.READ);
    }

    @Override
    public long read64(int va, int flags) {
        int i = slot(va, flags);
        if (hit(readTag[i], va & ALIGNED_64)) return HostMemory.read64(hostPage[i] + (va & 0xfff));
        if (wordAlignedDoubleword(va, flags) && hit(readTag[i], va & ALIGNED_32)) return HostMemory.read64(hostPage[i] + (va & 0xfff));
        return slowRead(va, 8, flags, AccessKind.READ);
    }

    /**
     * LDRD, STRD, VLDR and VSTR need only word alignment (ARM ARM A3.2.1) and are two word accesses: on RAM,
     * one within a page is one host doubleword access. Exclusives keep the doubleword check of the slow path.
     */
    private static boolean wordAlignedDoubleword(int va, int flags) {
        return (flags & (WORD_ALIGNED | EXCLUSIVE)) == WORD_ALIGNED && (va & 0xffc) != 0xffc;
    }

    @Override
    public void write8(int va, int value, int flags) {
        int i = slot(va, flags);
        if (hit(writeTag[i], va & PAGE_MASK)) HostMemory.write8(hostPage[i] + (va & 0xfff), value);
        else slowWrite(va, 1, value, flags);
    }

    @Override
    public void write16(int va, int value, int flags) {
        int i = slot(va, flags);
        if (hit(writeTag[i], va & ALIGNED_16)) HostMemory.write16(hostPage[i] + (va & 0xfff), value);
        else slowWrite(va, 2, value, flags);
    }

    @Override
    public void write32(int va, int value, int flags) {
        int i = slot(va, flags);
        if (hit(writeTag[i], va & ALIGNED_32)) HostMemory.write32(hostPage[i] + (va & 0xfff), value);
        else slowWrite(va, 4, value, flags);
    }

    @Override
    public void write64(int va, long value, int flags) {
        int i = slot(va, flags);
        if (hit(writeTag[i], va & ALIGNED_64)
                || wordAlignedDoubleword(va, flags) && hit(writeTag[i], va & ALIGNED_32)) HostMemory.write64(hostPage[i] + (va & 0xfff), value);
        else slowWrite(va, 8, value, flags);
    }

    @Override
    public int fetch16(int va, int flags) {
        int i = slot(va, flags);
        if (hit(fetchTag[i], va & ALIGNED_16)) return HostMemory.read16(hostPage[i] + (va & 0xfff));
        return (int) slowRead(va, 2, flags, AccessKind.FETCH);
    }

    @Override
    public int fetch32(int va, int flags) {
        int i = slot(va, flags);
        if (hit(fetchTag[i], va & ALIGNED_32)) return HostMemory.read32(hostPage[i] + (va & 0xfff));
        return (int) slowRead(va, 4, flags, AccessKind.FETCH);
    }

    @Override
    public long translate(int va, boolean write, int flags) {
        int i = lookup(va, write ? AccessKind.WRITE : AccessKind.READ, flags);
        return physPage[i] | (va & 0xfff);
    }

    @Override
    public long translateFetch(int va, int flags) {
        int i = slot(va, flags);
        long tag = fetchTag[i];
        if (tag == INVALID || !hit(tag & ~TAG_IO, va & PAGE_MASK)) i = lookup(va, AccessKind.FETCH, flags);
        fetched[i] = true;
        return physPage[i] | (va & 0xfff);
    }

    // ---- the slow path: alignment, page crossing, the bus, TLB fills ----

    private long slowRead(int va, int size, int flags, AccessKind kind) {
        slowReads++;
        int element = kind == AccessKind.FETCH ? 1 : checkAlignment(va, size, flags, kind);
        if (size == 8 && (va & 3) == 0 && (va & 7) != 0) // LDRD, VLDR: two word accesses
            return slowRead(va, 4, flags, kind) & 0xffff_ffffL | slowRead(va + 4, 4, flags, kind) << 32;
        if ((va & 0xfff) + size <= PAGE_SIZE) {
            int i = lookup(va, kind, flags);
            if ((va & (element - 1)) != 0 && kind != AccessKind.FETCH && device[i]) throw alignmentFault(kind, va);
            return readAt(i, va, size, kind);
        }
        // Across a page boundary: both pages translate, then bytes in little-endian order. A fault in the
        // second page reports its first byte, so that the guest's fault handler maps the right page.
        boolean data = kind != AccessKind.FETCH;
        int first = lookup(va, kind, flags);
        if (data && device[first]) throw alignmentFault(kind, va);
        int second = lookup((va | 0xfff) + 1, kind, flags);
        if (data && device[second]) throw alignmentFault(kind, va);
        long v = 0;
        for (int b = 0; b < size; b++) {
            int a = va + b;
            v |= readAt((a & 0xfff) >= (va & 0xfff) ? first : second, a, 1, kind) << (8 * b);
        }
        return v;
    }

    private void slowWrite(int va, int size, long value, int flags) {
        slowWrites++;
        int element = checkAlignment(va, size, flags, AccessKind.WRITE);
        if (size == 8 && (va & 3) == 0 && (va & 7) != 0) { // STRD, VSTR: two word accesses
            if ((va & 0xfff) == 0xffc) lookup(va + 4, AccessKind.WRITE, flags); // both words' pages translate before either is written
            slowWrite(va, 4, value, flags);
            slowWrite(va + 4, 4, value >>> 32, flags);
            return;
        }
        if ((va & 0xfff) + size <= PAGE_SIZE) {
            int i = lookup(va, AccessKind.WRITE, flags);
            if ((va & (element - 1)) != 0 && device[i]) throw alignmentFault(AccessKind.WRITE, va);
            writeAt(i, va, size, value);
            return;
        }
        int first = lookup(va, AccessKind.WRITE, flags);
        if (device[first]) throw alignmentFault(AccessKind.WRITE, va);
        int second = lookup((va | 0xfff) + 1, AccessKind.WRITE, flags);
        if (device[second]) throw alignmentFault(AccessKind.WRITE, va);
        for (int b = 0; b < size; b++) {
            int a = va + b;
            writeAt((a & 0xfff) >= (va & 0xfff) ? first : second, a, 1, value >>> (8 * b));
        }
    }

    /**
     * ARMv7 alignment (ARM ARM A3.2.1, table A3-1): exclusives need natural alignment (LDREXD 8 bytes);
     * LDM/STM/LDRD/VLDR-style accesses (ALIGNED, WORD_ALIGNED for doublewords) need it whatever SCTLR.A says;
     * other accesses only with SCTLR.A set. Returns the element size an unaligned access is measured against
     * for the Device-memory check.
     */
    private int checkAlignment(int va, int size, int flags, AccessKind kind) {
        int element = (flags & WORD_ALIGNED) != 0 ? Math.min(size, 4) : size;
        int need = (flags & EXCLUSIVE) != 0 ? size
                : (flags & ALIGNED) != 0 || regime.alignmentCheck() ? element : 1;
        if ((va & (need - 1)) != 0) throw alignmentFault(kind, va);
        return element;
    }

    private MemoryAbort alignmentFault(AccessKind kind, int va) {
        return FaultType.ALIGNMENT.abort(longFormat, 0, 0, kind, va);
    }

    private long readAt(int i, int va, int size, AccessKind kind) {
        long tag = kind == AccessKind.FETCH ? fetchTag[i] : readTag[i];
        int off = va & 0xfff;
        if ((tag & TAG_IO) == 0) {
            long h = hostPage[i] + off;
            return switch (size) {
                case 1 -> HostMemory.read8(h);
                case 2 -> HostMemory.read16(h);
                case 4 -> HostMemory.read32(h) & 0xffff_ffffL;
                default -> HostMemory.read64(h);
            };
        }
        long pa = physPage[i] | off;
        try {
            return size == 8 ? bus.readDoubleword(pa, master) : bus.read(pa, size, master);
        } catch (BusErrorException e) {
            throw FaultType.EXTERNAL.abort(longFormat, 0, 0, kind, va);
        }
    }

    private void writeAt(int i, int va, int size, long value) {
        long tag = writeTag[i];
        long pa = physPage[i] | (va & 0xfff);
        if ((tag & TAG_CODE) != 0) writeTag[i] = tag & ~TAG_CODE; // before the store: a page marked again meanwhile keeps its bit
        if ((tag & TAG_IO) == 0) {
            long h = hostPage[i] + (va & 0xfff);
            switch (size) {
                case 1 -> HostMemory.write8(h, (int) value);
                case 2 -> HostMemory.write16(h, (int) value);
                case 4 -> HostMemory.write32(h, (int) value);
                default -> HostMemory.write64(h, value);
            }
        } else {
            try {
                if (size == 8) bus.writeDoubleword(pa, value, master);
                else bus.write(pa, size, value, master);
            } catch (BusErrorException e) {
                throw FaultType.EXTERNAL.abort(longFormat, 0, 0, AccessKind.WRITE, va);
            }
        }
        if ((tag & TAG_CODE) != 0) code.written(pa, size);
    }

    /** The TLB slot holding {@code va} for {@code kind}, after a table walk and fill on a miss. */
    private int lookup(int va, AccessKind kind, int flags) {
        int i = slot(va, flags);
        long page = va & PAGE_MASK;
        if (holds(i, kind, page)) return i;
        int victims = 2 * TLB_SIZE + (i >>> TLB_BITS) * VICTIMS;
        for (int v = victims; v < victims + VICTIMS; v++) {
            if (holds(v, kind, page)) {
                swap(i, v);
                return i;
            }
        }
        boolean pl0 = ((flags | user) & UNPRIVILEGED) != 0;
        walks++;
        translate(va, pl0, kind);
        long key = entryKey[i];
        if (key != INVALID) {
            if (key == page || key == (page | asidKey)) { // refilled: the translation may come back different
                if (fetched[i]) generation++;
            }
            else evict(i, victims);
        }
        fill(i, page);
        fetched[i] = false;
        return i;
    }

    private boolean holds(int i, AccessKind kind, long page) {
        long tag = switch (kind) {
            case READ -> readTag[i];
            case WRITE -> writeTag[i];
            case FETCH -> fetchTag[i];
        };
        return tag != INVALID && hit(tag & ~(TAG_IO | TAG_CODE), page);
    }

    /** Moves entry {@code i} to the next victim entry of its half (round robin). */
    private void evict(int i, int victims) {
        int half = i >>> TLB_BITS;
        int v = victims + victimNext[half];
        victimNext[half] = (victimNext[half] + 1) % VICTIMS;
        if (entryKey[v] != INVALID && fetched[v]) generation++;
        entryKey[v] = entryKey[i];
        readTag[v] = readTag[i];
        writeTag[v] = writeTag[i];
        fetchTag[v] = fetchTag[i];
        hostPage[v] = hostPage[i];
        physPage[v] = physPage[i];
        blockShift[v] = blockShift[i];
        device[v] = device[i];
        entryDomain[v] = entryDomain[i];
        fetched[v] = fetched[i];
    }

    private void swap(int i, int v) {
        long k = entryKey[i]; entryKey[i] = entryKey[v]; entryKey[v] = k;
        long r = readTag[i]; readTag[i] = readTag[v]; readTag[v] = r;
        long w = writeTag[i]; writeTag[i] = writeTag[v]; writeTag[v] = w;
        long f = fetchTag[i]; fetchTag[i] = fetchTag[v]; fetchTag[v] = f;
        long h = hostPage[i]; hostPage[i] = hostPage[v]; hostPage[v] = h;
        long p = physPage[i]; physPage[i] = physPage[v]; physPage[v] = p;
        byte b = blockShift[i]; blockShift[i] = blockShift[v]; blockShift[v] = b;
        boolean d = device[i]; device[i] = device[v]; device[v] = d;
        byte o = entryDomain[i]; entryDomain[i] = entryDomain[v]; entryDomain[v] = o;
        boolean x = fetched[i]; fetched[i] = fetched[v]; fetched[v] = x;
    }

    /** Walks for {@code va} (or maps it flat with the MMU off) and checks the permission {@code kind} needs. */
    private void translate(int va, boolean pl0, AccessKind kind) { translate(regime, va, pl0, kind); }

    private void translate(TranslationRegime r, int va, boolean pl0, AccessKind kind) {
        boolean longFormat = r.longDescriptors();
        if (!r.mmuEnabled()) {
            // VMSAv7 B3.2.1: with stage 1 off, data accesses are Strongly-ordered, fetches Normal.
            walk.flat(va & 0xffff_ffffL,
                    longFormat ? LongDescriptorWalk.PAR_LPAE | 0b10 << 7 | (r.secure() ? 0 : LongDescriptorWalk.PAR_NS)
                            : 0b001 << 4 | ShortDescriptorWalk.PAR_SH | (r.secure() ? 0 : ShortDescriptorWalk.PAR_NS));
            return;
        }
        (longFormat ? longWalk : shortWalk).walk(r, va, pl0, kind, walk);
        if ((walk.perms & kind.perm) == 0) throw FaultType.PERMISSION.abort(longFormat, walk.level, walk.domain, kind, va);
    }

    private void fill(int i, long page) {
        WalkResult w = walk;
        long pagePa = w.pa & ~0xfffL;
        long key = w.global ? page : page | asidKey;
        long host = bus.hostAddress(pagePa, PAGE_SIZE, false);
        Region region = host == -1 ? null : bus.find(pagePa);
        long readIo = host == -1 ? TAG_IO : 0;
        long writeIo = region != null && region.kind() == Region.Kind.RAM ? 0 : TAG_IO;
        entryKey[i] = key;
        hostPage[i] = host == -1 ? 0 : host;
        physPage[i] = pagePa;
        blockShift[i] = (byte) w.blockShift;
        device[i] = w.device;
        entryDomain[i] = (byte) w.domain;
        readTag[i] = (w.perms & WalkResult.PERM_R) != 0 ? key | readIo : INVALID;
        writeTag[i] = (w.perms & WalkResult.PERM_W) != 0 ? key | writeIo | (code.isCode(pagePa) ? TAG_CODE : 0) : INVALID;
        fetchTag[i] = (w.perms & WalkResult.PERM_X) != 0 ? key | readIo : INVALID;
        if (w.blockShift > 12) {
            // A section is 1 MB, an LPAE block 2 MB, a supersection 16 MB: every region it spans.
            int first = (int) (page >>> 20) & ~((1 << Math.max(0, w.blockShift - 20)) - 1);
            for (int r = first; r < first + (1 << Math.max(0, w.blockShift - 20)); r++) largeRegions[r >>> 6] |= 1L << r;
        }
        if (!longFormat) usedDomains |= 1 << w.domain;
    }

    // ---- address translation operations ----

    /**
     * ATS1CPR/ATS1CPW/ATS1CUR/ATS1CUW: the PAR value (ARM ARM B4.1.112). Short format (TTBCR.EAE clear):
     * PA[31:12] (or PA[31:24] and SS for a supersection) and attributes, or F with FS[5:1] on a fault.
     * Long format: bit 11 set, PA[39:12], MAIR attribute in bits 63:56, or F with FST[6:1]. A synchronous
     * external abort on the walk is not reported in PAR but taken as a Data Abort (it is thrown).
     */
    public long ats(AtsKind op, int va) { return ats(op, va, regime); }

    /**
     * The same for another stage 1 regime, without touching the TLB: the ATS12NSO** operations, where
     * Secure PL1 asks how the Non-secure PL1&amp;0 regime translates (with no EL2 modelled, stage 2 is flat).
     */
    public long ats(AtsKind op, int va, TranslationRegime r) {
        boolean longFormat = r.longDescriptors();
        try {
            translate(r, va, op.unprivileged, op.access);
        } catch (MemoryAbort a) {
            if (FaultType.isExternalOnWalk(a.fsr)) throw a;
            return FaultType.par(a.fsr);
        }
        WalkResult w = walk;
        if (longFormat) return (w.pa & 0xff_ffff_f000L) | w.parAttributes;
        if (w.blockShift == 24) return (w.pa & 0xff00_0000L) | 1 << 1 | w.parAttributes;
        return (w.pa & 0xffff_f000L) | w.parAttributes;
    }
}
