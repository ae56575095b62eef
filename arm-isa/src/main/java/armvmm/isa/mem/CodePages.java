package armvmm.isa.mem;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Which 4 KiB physical pages hold decoded (or translated) guest code, shared by every vCPU of a machine.
 *
 * <p>The decoder marks a page when it decodes from it; a store by any CPU, or a DMA write reported by
 * the bus, to a marked page unmarks it and tells the listeners (the block caches), which drop what they
 * decoded from it. The check on the store path is one bit test.
 */
public final class CodePages {
    public interface Listener {
        void codePageWritten(long pagePa);
    }

    private static final int PAGE_SHIFT = 12;
    /** 40-bit physical addresses: 2^28 pages, 2^22 longs of bitmap would be 32 MiB, so the map is sparse by 1 GiB chunk. */
    private final AtomicLongArray[] chunks = new AtomicLongArray[1 << (40 - 30)];
    /**
     * Told when a page becomes a code page: a software TLB that caches "no code here" for its store fast
     * path (the {@link Mmu}) must stop trusting it.
     */
    public interface MarkListener {
        void codePageMarked(long pagePa);
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final List<MarkListener> markListeners = new CopyOnWriteArrayList<>();

    public void addListener(Listener l) { listeners.add(l); }

    public void addMarkListener(MarkListener l) { markListeners.add(l); }

    private AtomicLongArray chunk(long pa, boolean create) {
        int c = (int) (pa >>> 30) & (chunks.length - 1);
        AtomicLongArray a = chunks[c];
        if (a == null && create) {
            synchronized (this) {
                a = chunks[c];
                if (a == null) chunks[c] = a = new AtomicLongArray(1 << (30 - PAGE_SHIFT - 6));
            }
        }
        return a;
    }

    public void mark(long pa) {
        AtomicLongArray a = chunk(pa, true);
        int page = (int) ((pa >>> PAGE_SHIFT) & ((1 << (30 - PAGE_SHIFT)) - 1));
        long bit = 1L << (page & 63);
        if ((a.get(page >>> 6) & bit) != 0) return;
        long old = a.getAndUpdate(page >>> 6, x -> x | bit);
        if ((old & bit) == 0) for (MarkListener l : markListeners) l.codePageMarked(pa & -(1L << PAGE_SHIFT));
    }

    public boolean isCode(long pa) {
        AtomicLongArray a = chunk(pa, false);
        if (a == null) return false;
        int page = (int) ((pa >>> PAGE_SHIFT) & ((1 << (30 - PAGE_SHIFT)) - 1));
        return (a.get(page >>> 6) & (1L << (page & 63))) != 0;
    }

    /** A write to {@code [pa, pa+len)}: unmark and notify for every code page it touches. */
    public void written(long pa, long len) {
        if (len <= 0) return;
        long first = pa >>> PAGE_SHIFT, last = (pa + len - 1) >>> PAGE_SHIFT;
        for (long p = first; p <= last; p++) {
            long ppa = p << PAGE_SHIFT;
            AtomicLongArray a = chunk(ppa, false);
            if (a == null) continue;
            int page = (int) (p & ((1 << (30 - PAGE_SHIFT)) - 1));
            long bit = 1L << (page & 63);
            long old = a.getAndUpdate(page >>> 6, x -> x & ~bit);
            if ((old & bit) != 0) for (Listener l : listeners) l.codePageWritten(ppa);
        }
    }
}
