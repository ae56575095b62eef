package armvmm.isa.mem;

import static armvmm.isa.mem.TranslationRegime.*;
import static armvmm.isa.mem.WalkResult.PERM_R;
import static armvmm.isa.mem.WalkResult.PERM_W;

import armvmm.bus.AddressSpace;
import armvmm.bus.BusMaster;

/**
 * The VMSAv7 long-descriptor (LPAE) translation table format (ARM ARM B3.6): 64-bit descriptors, up to
 * three levels, 40-bit output addresses; TTBR0/TTBR1 chosen by T0SZ/T1SZ; AP[2:1] and the hierarchical
 * APTable/XNTable/PXNTable limits; memory types from MAIR0/MAIR1. No domains. The contiguous hint is ignored.
 */
final class LongDescriptorWalk extends TableWalker {
    private static final long OUTPUT_MASK = (1L << 40) - 1;
    /** Descriptor bits [47:40]: must be zero with a 40-bit physical address space (B3.6.4, address size fault). */
    private static final long ADDRESS_HIGH = 0xffL << 40;
    static final long PAR_LPAE = 1L << 11, PAR_NS = 1L << 9;

    LongDescriptorWalk(AddressSpace bus, BusMaster master) {
        super(bus, master, true);
    }

    @Override
    void walk(TranslationRegime r, int va, boolean pl0, AccessKind kind, WalkResult out) {
        long uva = va & 0xffff_ffffL;
        int t0sz = r.t0sz(), t1sz = r.t1sz();
        long ttbr;
        int tsz;
        boolean disabled;
        // B3.6.4: TTBR1 maps the top 2^(32-T1SZ) bytes when T1SZ > 0; TTBR0 the bottom 2^(32-T0SZ); with
        // T1SZ == 0 TTBR1 maps whatever TTBR0 does not; between the two ranges is a translation fault.
        if (t1sz > 0 && uva >= (1L << 32) - (1L << (32 - t1sz))) {
            ttbr = r.ttbr1(); tsz = t1sz; disabled = (r.ttbcr() & TTBCR_EPD1) != 0;
        } else if (t0sz == 0 || uva < 1L << (32 - t0sz)) {
            ttbr = r.ttbr0(); tsz = t0sz; disabled = (r.ttbcr() & TTBCR_EPD0) != 0;
        } else if (t1sz == 0) {
            ttbr = r.ttbr1(); tsz = 0; disabled = (r.ttbcr() & TTBCR_EPD1) != 0;
        } else {
            throw fault(FaultType.TRANSLATION, 1, 0, kind, va);
        }
        if (disabled) throw fault(FaultType.TRANSLATION, 1, 0, kind, va);
        if ((ttbr & ADDRESS_HIGH) != 0) throw fault(FaultType.ADDRESS_SIZE, 1, 0, kind, va);

        int level = tsz <= 1 ? 1 : 2;
        int shift = level == 1 ? 30 : 21;
        int indexBits = 32 - tsz - shift;
        long table = ttbr & OUTPUT_MASK & -(1L << (indexBits + 3));
        boolean apTableNoPl0 = false, apTableReadOnly = false, xnTable = false, pxnTable = false, nsTable = false;
        long d;
        while (true) {
            long address = table | ((uva >>> shift) & ((1L << indexBits) - 1)) << 3;
            d = descriptor(r, address, 8, level, 0, kind, va);
            if ((d & 1) == 0 || (level == 3 && (d & 2) == 0)) throw fault(FaultType.TRANSLATION, level, 0, kind, va);
            if ((d & ADDRESS_HIGH) != 0) throw fault(FaultType.ADDRESS_SIZE, level, 0, kind, va);
            if (level == 3 || (d & 2) == 0) break; // page, or block at level 1 (1 GB) or 2 (2 MB)
            apTableNoPl0 |= (d & (1L << 61)) != 0;
            apTableReadOnly |= (d & (1L << 62)) != 0;
            xnTable |= (d & (1L << 60)) != 0;
            pxnTable |= (d & (1L << 59)) != 0;
            nsTable |= d < 0; // bit 63
            table = d & OUTPUT_MASK & ~0xfffL;
            level++;
            shift -= 9;
            indexBits = 9;
        }
        out.pa = (d & OUTPUT_MASK & -(1L << shift)) | (uva & ((1L << shift) - 1));
        out.blockShift = shift;
        out.level = level;
        out.domain = 0;
        out.global = (d & (1 << 11)) == 0;
        if ((d & (1 << 10)) == 0) throw fault(FaultType.ACCESS_FLAG, level, 0, kind, va);

        boolean readOnly = (d & (1 << 7)) != 0 || apTableReadOnly;
        boolean pl0Access = (d & (1 << 6)) != 0 && !apTableNoPl0;
        int perms = pl0 && !pl0Access ? 0 : readOnly ? PERM_R : PERM_R | PERM_W;
        boolean xn = (d & (1L << 54)) != 0 || xnTable;
        boolean pxn = (d & (1L << 53)) != 0 || pxnTable;
        out.perms = withExecute(perms, xn, pxn, pl0, pl0Access && !readOnly, r.sctlr());

        int attrIndx = (int) (d >>> 2) & 7;
        int attr = ((attrIndx < 4 ? r.mair0() : r.mair1()) >>> (8 * (attrIndx & 3))) & 0xff;
        out.device = (attr & 0xf0) == 0;
        int sh = out.device ? 0b10 : (int) (d >>> 8) & 3; // Device memory reports Outer Shareable
        boolean ns = (d & (1 << 5)) != 0 || nsTable || !r.secure();
        out.parAttributes = (long) attr << 56 | (long) sh << 7 | (ns ? PAR_NS : 0) | PAR_LPAE;
    }
}
