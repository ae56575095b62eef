package armvmm.isa.mem;

import armvmm.bus.AddressSpace;
import armvmm.bus.BusErrorException;
import armvmm.bus.BusMaster;

/**
 * A stage 1 translation table walk in one descriptor format. Fills a {@link WalkResult} or throws the
 * {@link MemoryAbort} of a translation, access flag, domain, address size or external-abort-on-walk fault;
 * permission faults are the caller's (it knows which access it makes), from {@link WalkResult#perms}.
 */
abstract class TableWalker {
    private final AddressSpace bus;
    private final BusMaster master;
    private final boolean longFormat;

    TableWalker(AddressSpace bus, BusMaster master, boolean longFormat) {
        this.bus = bus;
        this.master = master;
        this.longFormat = longFormat;
    }

    /** Walks for {@code va} at PL0 ({@code pl0}) or PL1; {@code kind} only shapes the fault report. */
    abstract void walk(TranslationRegime r, int va, boolean pl0, AccessKind kind, WalkResult out);

    /** One descriptor of {@code size} bytes (4 or 8) at physical {@code pa}, in the endianness SCTLR.EE gives. */
    final long descriptor(TranslationRegime r, long pa, int size, int level, int domain, AccessKind kind, int va) {
        long v;
        try {
            v = bus.read(pa, size, master);
        } catch (BusErrorException e) {
            throw fault(FaultType.EXTERNAL_ON_WALK, level, domain, kind, va);
        }
        if (r.bigEndianTables()) v = size == 4 ? Integer.reverseBytes((int) v) & 0xffff_ffffL : Long.reverseBytes(v);
        return v;
    }

    final MemoryAbort fault(FaultType type, int level, int domain, AccessKind kind, int va) {
        return type.abort(longFormat, level, domain, kind, va);
    }

    /**
     * Execute permission from read permission (an instruction fetch needs it), XN, PXN and SCTLR.WXN/UWXN
     * (ARM ARM B3.7.2, B4.1.130): added to {@code perms} as {@link WalkResult#PERM_X}.
     */
    static int withExecute(int perms, boolean xn, boolean pxn, boolean pl0, boolean pl0Writable, int sctlr) {
        if ((perms & WalkResult.PERM_R) == 0 || xn || (pxn && !pl0)) return perms;
        if ((sctlr & TranslationRegime.SCTLR_WXN) != 0 && (perms & WalkResult.PERM_W) != 0) return perms;
        if (!pl0 && (sctlr & TranslationRegime.SCTLR_UWXN) != 0 && pl0Writable) return perms;
        return perms | WalkResult.PERM_X;
    }
}
