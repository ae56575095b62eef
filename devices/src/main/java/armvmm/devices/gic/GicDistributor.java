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
        return switch (r) {
            case CTLR -> gic.distCtlr;
            case TYPER -> (gic.lines / 32 - 1) | (gic.cpus - 1) << 5;
            case IIDR -> GicdRegister.GIC400_IIDR;
            case IGROUPR, ISENABLER, ICENABLER, ISPENDR, ICPENDR, ISACTIVER, ICACTIVER, ICFGR -> {
                IrqField f = r.field();
                yield f.read(gic.bank[c], f.firstId(index), gic.lines);
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

    private int readByte(GicdRegister r, int index, int c) {
        if (r == GicdRegister.CPENDSGIR || r == GicdRegister.SPENDSGIR) return gic.bank[c][index].sgiSources;
        if (index >= gic.lines) return 0;
        Irq irq = gic.bank[c][index];
        if (r == GicdRegister.IPRIORITYR) return irq.priority;
        // ITARGETSR: a uniprocessor GIC's are RAZ/WI (IHI 0048B, 4.3.12: every interrupt goes to the one CPU,
        // as QEMU's reads them); otherwise an SGI or PPI can only go to the CPU reading it.
        if (gic.cpus == 1) return 0;
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
        switch (r) {
            case CTLR -> gic.distCtlr = value & (Gicv2.GICD_CTLR_ENABLE_GRP0 | Gicv2.GICD_CTLR_ENABLE_GRP1);
            // SGI pending state is per source: it is set and cleared only through SPENDSGIR/CPENDSGIR.
            case IGROUPR, ISENABLER, ICENABLER, ISPENDR, ICPENDR, ISACTIVER, ICACTIVER, ICFGR -> {
                IrqField f = r.field();
                f.write(gic.bank[c], f.firstId(index), gic.lines, value, 0xF, false);
            }
            case SGIR -> gic.generateSgi(c, (value >>> 24) & 3, (value >>> 16) & 0xFF, value & 0xF);
            case NSACR -> { /* no Security Extensions: RAZ/WI */ }
            default -> throw new IllegalStateException("unhandled " + r);
        }
    }
}
