package armvmm.devices.gic;

import armvmm.bus.AccessSizes;
import armvmm.bus.MmioDevice;
import armvmm.bus.UnknownAccessLog;
import armvmm.snapshot.Snapshottable;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The GICv3 GICD_* frame: the SPIs' registers (with affinity routing the SGI and PPI bits of the arrays are
 * RAZ/WI, those live in the redistributors). Registers are words; IPRIORITYR also takes bytes, IROUTER
 * doublewords or either word of one (IHI 0069, on GIC memory-mapped register access). Any other size is
 * ignored and reported once.
 */
final class Gicv3Distributor implements MmioDevice, Snapshottable {
    private final Gicv3 gic;
    private final UnknownAccessLog unknown = new UnknownAccessLog("gicv3-distributor");

    Gicv3Distributor(Gicv3 gic) { this.gic = gic; }

    @Override
    public String name() { return "gicv3-distributor"; }

    @Override
    public AccessSizes accessSizes() { return AccessSizes.ANY; }

    @Override
    public String registerName(long offset) {
        GicdV3Register r = GicdV3Register.at(offset);
        return r == null ? null : r.nameAt(offset);
    }

    @Override
    public void reset() { gic.reset(); }

    @Override
    public void saveState(DataOutput out) throws IOException { gic.saveState(out); }

    @Override
    public void loadState(DataInput in) throws IOException { gic.loadState(in); }

    /** Whether {@code size} bytes at {@code offset} is an access the register takes; reports it once if not. */
    private boolean sizeAllowed(GicdV3Register r, long offset, int size, String what) {
        boolean ok = r == GicdV3Register.IROUTER ? size == 8 || size == 4 : size == 4 || (size == 1 && r == GicdV3Register.IPRIORITYR);
        if (!ok) unknown.once(size + "-byte " + what + " " + r.nameAt(offset & ~3L), offset, size);
        return ok;
    }

    @Override
    public long read(long offset, int size, int requester) {
        GicdV3Register r = GicdV3Register.at(offset);
        if (r == null) {
            unknown.once("read of reserved offset", offset, size);
            return 0;
        }
        if (!sizeAllowed(r, offset, size, "read of")) return 0;
        synchronized (gic.lock) {
            if (r == GicdV3Register.IROUTER) {
                int spi = spiOfRouter(offset);
                if (spi >= gic.lines) return 0; // past ITLinesNumber: RAZ/WI
                long route = gic.bank[0][spi].route;
                return size == 8 ? route : (route >>> ((offset & 4) * 8)) & 0xFFFF_FFFFL;
            }
            int word = readWord(r, (int) ((offset & ~3L) - r.offset));
            return (word >>> ((offset & 3) * 8)) & (size == 4 ? 0xFFFF_FFFFL : 0xFF);
        }
    }

    private static int spiOfRouter(long offset) { return (int) ((offset - 0x6000) / 8); }

    private int readWord(GicdV3Register r, int index) {
        if (r.raz) return 0;
        if (r.isId()) return r.idValue;
        if (r.field != null) {
            int first = r.field.firstId(index);
            // The SGIs' and PPIs' bits are the redistributors' (RAZ/WI here with affinity routing).
            return first < GicCore.PRIVATE ? 0 : r.field.read(gic.bank[0], first, gic.lines);
        }
        return switch (r) {
            case CTLR -> gic.distCtlr | Gicv3.GICD_CTLR_ARE | Gicv3.GICD_CTLR_DS;
            // ITLinesNumber (the architecture's count, which QEMU 7.2 gives one less), CPUNumber 0 (meaningless
            // with ARE), IDbits 16 (15), A3V, No1N (no 1-of-N SPIs, as QEMU); no LPIs, no MBIS.
            case TYPER -> (gic.lines / 32 - 1) | 15 << 19 | 1 << 24 | 1 << 25;
            case IIDR -> GicdV3Register.IIDR_VALUE;
            default -> throw new IllegalStateException("unhandled " + r);
        };
    }

    @Override
    public void write(long offset, int size, long value, int requester) {
        GicdV3Register r = GicdV3Register.at(offset);
        if (r == null || r.isId() || r == GicdV3Register.TYPER || r == GicdV3Register.IIDR) {
            unknown.once(r == null ? "write to reserved offset" : "write to read-only " + r.nameAt(offset & ~3L), offset, size);
            return;
        }
        if (!sizeAllowed(r, offset, size, "write to") || r.raz) return;
        synchronized (gic.lock) {
            if (r == GicdV3Register.IROUTER) {
                if (spiOfRouter(offset) >= gic.lines) return;
                GicCore.Irq spi = gic.bank[0][spiOfRouter(offset)];
                long v = size == 8 ? value : (offset & 4) == 0 ? (spi.route & ~0xFFFF_FFFFL) | (value & 0xFFFF_FFFFL)
                        : (spi.route & 0xFFFF_FFFFL) | value << 32;
                spi.route = v & Gicv3.IROUTER_MASK;
            } else if (r == GicdV3Register.CTLR) {
                // ARE and DS are fixed; RWP never reads 1 since every write takes effect at once.
                gic.distCtlr = (int) value & (Gicv3.GICD_CTLR_ENABLE_GRP0 | Gicv3.GICD_CTLR_ENABLE_GRP1);
            } else {
                int index = (int) ((offset & ~3L) - r.offset);
                int first = r.field.firstId(index);
                if (first < GicCore.PRIVATE) return;
                int shift = (int) (offset & 3) * 8;
                r.field.write(gic.bank[0], first, gic.lines, (int) value << shift, size == 4 ? 0xF : 1 << (offset & 3), true);
            }
            gic.update();
        }
    }
}
