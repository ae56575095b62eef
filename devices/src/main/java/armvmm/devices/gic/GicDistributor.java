package armvmm.devices.gic;

import static armvmm.devices.gic.GicCore.PRIVATE;
import static armvmm.devices.gic.GicCore.SGIS;

import armvmm.bus.AccessSizes;
import armvmm.bus.MmioDevice;
import armvmm.bus.UnknownAccessLog;
import armvmm.devices.gic.GicCore.Irq;

/**
 * The GICD_* frame. Registers are words; IPRIORITYR, ITARGETSR, CPENDSGIR and SPENDSGIR also take byte
 * accesses (IHI 0048B 4.1.4). A byte or halfword write to a word-only register is ignored and reported once.
 */
final class GicDistributor implements MmioDevice, armvmm.snapshot.Snapshottable {
    private final Gicv2 gic;
    private final UnknownAccessLog unknown = new UnknownAccessLog("gic-distributor");

    GicDistributor(Gicv2 gic) { this.gic = gic; }

    @Override
    public String name() { return "gic-distributor"; }

    @Override
    public AccessSizes accessSizes() { return AccessSizes.UP_TO_WORD; }

    @Override
    public String registerName(long offset) {
        GicdRegister r = GicdRegister.at(offset);
        return r == null ? null : r.nameAt(offset);
    }

    @Override
    public void reset() { gic.reset(); }

    @Override
    public void saveState(java.io.DataOutput out) throws java.io.IOException { gic.saveState(out); }

    @Override
    public void loadState(java.io.DataInput in) throws java.io.IOException { gic.loadState(in); }

    /** SGI/PPI registers are banked: an access by no CPU (DMA) sees CPU 0's copy. */
    private int bankOf(int requester) { return requester >= 0 && requester < gic.cpus ? requester : 0; }

    @Override
    public long read(long offset, int size, int requester) {
        int c = bankOf(requester);
        long wordOffset = offset & ~3L;
        GicdRegister r = GicdRegister.at(wordOffset);
        if (r == null) {
            unknown.once("read of reserved offset", offset, size);
            return 0;
        }
        if (size < 4 && !r.byteAccessible) unknown.once("sub-word read of " + r.nameAt(wordOffset), offset, size);
        int word;
        synchronized (gic.lock) {
            word = readWord(r, (int) (wordOffset - r.offset), c);
        }
        int shift = (int) (offset & 3) * 8;
        long mask = size == 4 ? 0xFFFF_FFFFL : (1L << (size * 8)) - 1;
        return (word >>> shift) & mask;
    }

    @Override
    public void write(long offset, int size, long value, int requester) {
        int c = bankOf(requester);
        GicdRegister r = GicdRegister.at(offset & ~3L);
        if (r == null || r.isId() || r == GicdRegister.TYPER || r == GicdRegister.IIDR) {
            unknown.once(r == null ? "write to reserved offset" : "write to read-only " + r.nameAt(offset & ~3L), offset, size);
            return;
        }
        synchronized (gic.lock) {
            if (r.byteAccessible) {
                for (int i = 0; i < size; i++) writeByte(r, (int) (offset + i - r.offset), (int) (value >>> (8 * i)) & 0xFF, c);
            } else if (size == 4) {
                writeWord(r, (int) (offset - r.offset), (int) value, c);
            } else {
                unknown.once("sub-word write to " + r.nameAt(offset & ~3L), offset, size);
                return;
            }
            gic.update();
        }
    }

    private int readWord(GicdRegister r, int index, int c) {
        int first = index / 4 * 32;
        return switch (r) {
            case CTLR -> gic.distCtlr;
            case TYPER -> (gic.lines / 32 - 1) | (gic.cpus - 1) << 5;
            case IIDR -> GicdRegister.GIC400_IIDR;
            case IGROUPR -> bits(c, first, irq -> irq.group1);
            case ISENABLER, ICENABLER -> bits(c, first, irq -> irq.enabled);
            case ISACTIVER, ICACTIVER -> bits(c, first, irq -> irq.active);
            case ISPENDR, ICPENDR -> {
                int w = 0;
                for (int b = 0; b < 32 && first + b < gic.lines; b++) if (gic.bank[c][first + b].pending()) w |= 1 << b;
                yield w;
            }
            case ICFGR -> {
                int w = 0;
                int firstCfg = index / 4 * 16;
                for (int k = 0; k < 16 && firstCfg + k < gic.lines; k++) if (gic.bank[c][firstCfg + k].edge) w |= 2 << (2 * k);
                yield w;
            }
            case IPRIORITYR, ITARGETSR, CPENDSGIR, SPENDSGIR -> {
                int w = 0;
                for (int i = 0; i < 4; i++) w |= readByte(r, index + i, c) << (8 * i);
                yield w;
            }
            case NSACR, SGIR -> 0;
            default -> r.idValue;
        };
    }

    private interface Bit {
        boolean of(Irq irq);
    }

    private int bits(int c, int first, Bit bit) {
        int w = 0;
        for (int b = 0; b < 32 && first + b < gic.lines; b++) if (bit.of(gic.bank[c][first + b])) w |= 1 << b;
        return w;
    }

    private int readByte(GicdRegister r, int index, int c) {
        if (r == GicdRegister.CPENDSGIR || r == GicdRegister.SPENDSGIR) return gic.bank[c][index].sgiSources;
        if (index >= gic.lines) return 0;
        Irq irq = gic.bank[c][index];
        if (r == GicdRegister.IPRIORITYR) return irq.priority;
        // ITARGETSR: an SGI or PPI can only go to the CPU reading it.
        return index < PRIVATE ? 1 << c : irq.targets;
    }

    private void writeByte(GicdRegister r, int index, int value, int c) {
        switch (r) {
            case CPENDSGIR -> gic.bank[c][index].sgiSources &= ~value;
            case SPENDSGIR -> gic.bank[c][index].sgiSources |= value & ((1 << gic.cpus) - 1);
            case IPRIORITYR -> {
                if (index < gic.lines) gic.bank[c][index].priority = value & GicCore.PRIORITY_BITS_MASK;
            }
            case ITARGETSR -> {
                // Target bits of CPUs that do not exist read as zero; private interrupts, and every interrupt of
                // a uniprocessor GIC, have fixed targets.
                if (index >= PRIVATE && index < gic.lines && gic.cpus > 1) gic.bank[c][index].targets = value & ((1 << gic.cpus) - 1);
            }
            default -> throw new IllegalStateException(r + " is not byte-accessible");
        }
    }

    private void writeWord(GicdRegister r, int index, int value, int c) {
        int first = index / 4 * 32;
        switch (r) {
            case CTLR -> gic.distCtlr = value & (Gicv2.GICD_CTLR_ENABLE_GRP0 | Gicv2.GICD_CTLR_ENABLE_GRP1);
            case IGROUPR -> forEachSet(c, first, value, (irq, id, set) -> irq.group1 = set);
            case ISENABLER -> forEachSet(c, first, value, (irq, id, set) -> { if (set) irq.enabled = true; });
            case ICENABLER -> forEachSet(c, first, value, (irq, id, set) -> { if (set) irq.enabled = false; });
            // SGI pending state is per source: it is set and cleared only through SPENDSGIR/CPENDSGIR.
            case ISPENDR -> forEachSet(c, first, value, (irq, id, set) -> { if (set && id >= SGIS) irq.latched = true; });
            case ICPENDR -> forEachSet(c, first, value, (irq, id, set) -> { if (set && id >= SGIS) irq.latched = false; });
            case ISACTIVER -> forEachSet(c, first, value, (irq, id, set) -> { if (set) irq.active = true; });
            case ICACTIVER -> forEachSet(c, first, value, (irq, id, set) -> { if (set) irq.active = false; });
            case ICFGR -> {
                // ICFGR0 (the SGIs) is read-only: SGIs are always edge-triggered.
                if (index == 0) return;
                int firstCfg = index / 4 * 16;
                for (int k = 0; k < 16 && firstCfg + k < gic.lines; k++) gic.bank[c][firstCfg + k].edge = (value & (2 << (2 * k))) != 0;
            }
            case SGIR -> gic.generateSgi(c, (value >>> 24) & 3, (value >>> 16) & 0xFF, value & 0xF);
            case NSACR -> { /* no Security Extensions: RAZ/WI */ }
            default -> throw new IllegalStateException("unhandled " + r);
        }
    }

    private interface BitWrite {
        void apply(Irq irq, int intid, boolean set);
    }

    /** Applies one bit of a 32-interrupt bitmap word to each implemented interrupt it covers. */
    private void forEachSet(int c, int first, int value, BitWrite w) {
        for (int b = 0; b < 32 && first + b < gic.lines; b++) w.apply(gic.bank[c][first + b], first + b, (value & (1 << b)) != 0);
    }
}
