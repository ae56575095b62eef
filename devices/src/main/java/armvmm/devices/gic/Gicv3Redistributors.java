package armvmm.devices.gic;

import armvmm.bus.AccessSizes;
import armvmm.bus.MmioDevice;
import armvmm.bus.UnknownAccessLog;

/**
 * Every CPU's GICv3 redistributor, one after the other ({@link Gicv3#REDISTRIBUTOR_STRIDE} apart, CPU 0
 * first): the RD_base frame (GICR_CTLR, IIDR, TYPER, WAKER, the ID registers) and the SGI_base frame (the
 * SGIs' and PPIs' enable, pending, active, priority, group and configuration). Which redistributor an
 * access reaches depends on its address, not on the accessing CPU. Registers are words; GICR_TYPER also
 * reads as a doubleword, IPRIORITYR takes bytes (IHI 0069, on GIC memory-mapped register access).
 */
final class Gicv3Redistributors implements MmioDevice {
    /** GICR_TYPER.Last: this is the last redistributor of the region. */
    static final long TYPER_LAST = 1 << 4;

    private final Gicv3 gic;
    private final UnknownAccessLog unknown = new UnknownAccessLog("gicv3-redistributor");

    Gicv3Redistributors(Gicv3 gic) { this.gic = gic; }

    @Override
    public String name() { return "gicv3-redistributor"; }

    @Override
    public AccessSizes accessSizes() { return AccessSizes.ANY; }

    @Override
    public String registerName(long offset) {
        GicrRegister r = GicrRegister.at(offset % Gicv3.REDISTRIBUTOR_STRIDE & ~3L);
        return r == null ? null : "GICR" + offset / Gicv3.REDISTRIBUTOR_STRIDE + "_" + r.name();
    }

    @Override
    public void reset() { gic.reset(); }

    private boolean sizeAllowed(GicrRegister r, long within, int size) {
        if (size == 4) return true;
        if (size == 8) return r == GicrRegister.TYPER || r == GicrRegister.PROPBASER || r == GicrRegister.PENDBASER;
        return size == 1 && r.field() == IrqField.PRIORITY;
    }

    /** GICR_TYPER: affinity in [63:32], Processor_Number in [23:8], Last; no physical LPIs, no direct LPI injection. */
    long typer(int c) {
        return Gicv3.affinity(c) << 32 | (long) c << 8 | (c == gic.cpus - 1 ? TYPER_LAST : 0);
    }

    @Override
    public long read(long offset, int size, int requester) {
        int c = (int) (offset / Gicv3.REDISTRIBUTOR_STRIDE);
        long within = offset % Gicv3.REDISTRIBUTOR_STRIDE;
        GicrRegister r = c < gic.cpus ? GicrRegister.at(within & ~3L) : null;
        if (r == null || !sizeAllowed(r, within, size)) {
            unknown.once(r == null ? "read of reserved offset" : size + "-byte read of GICR_" + r.name(), offset, size);
            return 0;
        }
        if (r == GicrRegister.TYPER) return size == 8 ? typer(c) : typer(c) & 0xFFFF_FFFFL;
        if (r == GicrRegister.TYPER_HI) return typer(c) >>> 32;
        synchronized (gic.lock) {
            int word = readWord(r, c);
            return (word >>> ((within & 3) * 8)) & (size == 1 ? 0xFF : 0xFFFF_FFFFL);
        }
    }

    private int readWord(GicrRegister r, int c) {
        if (r.isId()) return r.idValue();
        IrqField f = r.field();
        if (f != null) return f.read(gic.bank[c], r.firstId(), GicCore.PRIVATE);
        return switch (r) {
            case IIDR -> GicdV3Register.IIDR_VALUE;
            // ChildrenAsleep follows ProcessorSleep at once: there is no power-down sequence to wait for.
            case WAKER -> gic.asleep[c] ? Gicv3.GICR_WAKER_PROCESSOR_SLEEP | Gicv3.GICR_WAKER_CHILDREN_ASLEEP : 0;
            // No LPIs: GICR_CTLR.EnableLPIs stays 0, and so do the LPI tables' bases; IGRPMODR0 and NSACR are RAZ/WI with DS = 1.
            default -> 0;
        };
    }

    @Override
    public void write(long offset, int size, long value, int requester) {
        int c = (int) (offset / Gicv3.REDISTRIBUTOR_STRIDE);
        long within = offset % Gicv3.REDISTRIBUTOR_STRIDE;
        GicrRegister r = c < gic.cpus ? GicrRegister.at(within & ~3L) : null;
        if (r == null || !sizeAllowed(r, within, size) || r.isId() || r == GicrRegister.TYPER || r == GicrRegister.TYPER_HI || r == GicrRegister.IIDR) {
            unknown.once(r == null ? "write to reserved offset" : size + "-byte write to GICR_" + r.name(), offset, size);
            return;
        }
        synchronized (gic.lock) {
            IrqField f = r.field();
            if (f != null) {
                int shift = (int) (within & 3) * 8;
                f.write(gic.bank[c], r.firstId(), GicCore.PRIVATE, (int) value << shift, size == 1 ? 1 << (within & 3) : 0xF, true);
            } else if (r == GicrRegister.WAKER) {
                gic.asleep[c] = (value & Gicv3.GICR_WAKER_PROCESSOR_SLEEP) != 0;
            } else {
                return; // CTLR (EnableLPIs without LPIs), the LPI table bases, IGRPMODR0, NSACR: WI
            }
            gic.update();
        }
    }
}
